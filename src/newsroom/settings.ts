// Per-server/workspace settings: for now the COVID-19 notice switch, with who changed it and when.
import type { Clock, Invocation, Logger } from '../core/context';
import { StoreUnavailableError } from '../core/errors';
import { confirmedWrite } from '../store/confirm';
import type { Store } from '../store/store';

export interface CovidNoticeSetting {
  readonly enabled: boolean;
  readonly changedBy?: { readonly id: string; readonly name?: string };
  readonly changedAt?: string;
}

const NAMESPACE = 'workspace-settings';
const DEFAULT: CovidNoticeSetting = { enabled: true };

function keyFor(platform: string, workspaceId: string): string {
  return `${platform}/${workspaceId}`;
}

/**
 * Settings are read on every answer about an article, and a store round trip (~100 µs on SQLite,
 * more on a remote Redis) would be most of a command's cost; so reads are cached this long. A
 * change made on this process is seen at once; one made on another replica within this time.
 */
export const SETTINGS_CACHE_MS = 5_000;

export class WorkspaceSettings {
  private readonly cache = new Map<string, { setting: CovidNoticeSetting; until: number }>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /**
   * The notice switch. A store outage reads as "on": showing the notice is the safe side.
   * `fresh` skips the cache (for /covid-notice status, which must show what a moderator just set
   * on another replica).
   */
  async covidNotice(platform: string, workspaceId: string, options: { fresh?: boolean } = {}): Promise<CovidNoticeSetting & { readonly unavailable?: true }> {
    const key = keyFor(platform, workspaceId);
    const now = this.clock.now().getTime();
    const cached = this.cache.get(key);
    if (cached && cached.until > now && !options.fresh) return cached.setting;
    return this.read(key, now);
  }

  /** The switch when a fresh cached read has it (no await on the hot path); else undefined. */
  cachedCovidNotice(platform: string, workspaceId: string): CovidNoticeSetting | undefined {
    const cached = this.cache.get(keyFor(platform, workspaceId));
    return cached && cached.until > this.clock.now().getTime() ? cached.setting : undefined;
  }

  private async read(key: string, now: number): Promise<CovidNoticeSetting & { readonly unavailable?: true }> {
    try {
      const setting = (await this.store.get<CovidNoticeSetting>(NAMESPACE, key)) ?? DEFAULT;
      this.cache.set(key, { setting, until: now + SETTINGS_CACHE_MS });
      return setting;
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      this.logger.warn({ err: error.cause ?? error }, 'store unavailable; COVID-19 notice treated as on');
      return { ...DEFAULT, unavailable: true };
    }
  }

  /**
   * Records the switch with who changed it and when. Throws StoreUnavailableError when the store
   * could not have taken it (an outage before the write left). A write whose answer never came
   * (past the store-call limit, a dropped connection) is read back: confirmed, it is returned as
   * saved; otherwise it comes back `unconfirmed`: it may or may not have been saved, never "failed".
   */
  async setCovidNotice(invocation: Invocation, enabled: boolean): Promise<CovidNoticeSetting & { readonly unconfirmed?: true }> {
    const setting: CovidNoticeSetting = {
      enabled,
      changedBy: { id: invocation.user.id, ...(invocation.user.name && { name: invocation.user.name }) },
      changedAt: this.clock.now().toISOString(),
    };
    const key = keyFor(invocation.platform, invocation.workspaceId);
    const outcome = await confirmedWrite(
      () => this.store.set(NAMESPACE, key, setting),
      async () => sameSetting(await this.store.get<CovidNoticeSetting>(NAMESPACE, key), setting),
    );
    if (outcome === 'unknown') {
      // Whatever this replica cached before is no longer known to be right: read the store next time.
      this.cache.delete(key);
      this.logger.warn({ platform: invocation.platform, workspaceId: invocation.workspaceId, enabled }, 'COVID-19 notice change sent, but the store did not confirm it; it may or may not be saved');
      return { ...setting, unconfirmed: true };
    }
    this.cache.set(key, { setting, until: this.clock.now().getTime() + SETTINGS_CACHE_MS });
    return setting;
  }
}

/** The same change: same switch, same person, same moment (a later change by anyone differs). */
function sameSetting(stored: CovidNoticeSetting | undefined, ours: CovidNoticeSetting): boolean {
  return stored !== undefined && stored.enabled === ours.enabled && stored.changedAt === ours.changedAt && stored.changedBy?.id === ours.changedBy?.id;
}
