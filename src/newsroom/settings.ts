// Per-server/workspace settings: for now the COVID-19 notice switch, with who changed it and when.
import type { Clock, Invocation, Logger } from '../core/context';
import { StoreUnavailableError } from '../core/errors';
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

export class WorkspaceSettings {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** The notice switch. A store outage reads as "on": showing the notice is the safe side. */
  async covidNotice(platform: string, workspaceId: string): Promise<CovidNoticeSetting & { readonly unavailable?: true }> {
    try {
      return (await this.store.get<CovidNoticeSetting>(NAMESPACE, keyFor(platform, workspaceId))) ?? DEFAULT;
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      this.logger.warn({ err: error.cause ?? error }, 'store unavailable; COVID-19 notice treated as on');
      return { ...DEFAULT, unavailable: true };
    }
  }

  /** Records the switch with who changed it and when. Throws StoreUnavailableError on an outage. */
  async setCovidNotice(invocation: Invocation, enabled: boolean): Promise<CovidNoticeSetting> {
    const setting: CovidNoticeSetting = {
      enabled,
      changedBy: { id: invocation.user.id, ...(invocation.user.name && { name: invocation.user.name }) },
      changedAt: this.clock.now().toISOString(),
    };
    await this.store.set(NAMESPACE, keyFor(invocation.platform, invocation.workspaceId), setting);
    return setting;
  }
}
