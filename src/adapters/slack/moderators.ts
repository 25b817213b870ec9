// Who counts as a moderator in Slack: workspace admins and owners (users.info), or the user ids in
// SLACK_MODERATOR_IDS. Looked up once per user and remembered for a few minutes, so a toggle costs
// one Web API call at most; a failed lookup is not remembered and counts as "not a moderator".
import type { Clock, Logger } from '../../core/context';
import { describeSlackError } from './slack-error';

/** The one Web API call this needs; the real WebClient satisfies it, so do loopback fakes. */
export interface UserLookup {
  users: {
    info(args: { user: string }): Promise<{ user?: { is_admin?: boolean; is_owner?: boolean; is_primary_owner?: boolean } }>;
  };
}

export interface ModeratorOptions {
  readonly client: UserLookup;
  readonly moderatorIds: readonly string[];
  readonly clock: Clock;
  readonly logger: Logger;
  readonly ttlMs?: number;
  readonly maxEntries?: number;
}

export const MODERATOR_CACHE_MS = 5 * 60_000;

// A Map with expiry and a size cap is all this needs; an LRU package would add a dependency for it.
export class SlackModerators {
  private readonly known = new Map<string, { isModerator: boolean; until: number }>();
  private readonly listed: ReadonlySet<string>;

  constructor(private readonly options: ModeratorOptions) {
    this.listed = new Set(options.moderatorIds);
  }

  /** Answer without a Web API call: listed ids, then a remembered lookup, else false. */
  isKnownModerator(teamId: string, userId: string): boolean {
    if (this.listed.has(userId)) return true;
    const entry = this.known.get(`${teamId}:${userId}`);
    return entry !== undefined && entry.until > this.options.clock.now().getTime() && entry.isModerator;
  }

  async isModerator(teamId: string, userId: string): Promise<boolean> {
    if (this.listed.has(userId)) return true;
    const key = `${teamId}:${userId}`;
    const now = this.options.clock.now().getTime();
    const entry = this.known.get(key);
    if (entry && entry.until > now) return entry.isModerator;
    try {
      const { user } = await this.options.client.users.info({ user: userId });
      const isModerator = Boolean(user?.is_admin || user?.is_owner || user?.is_primary_owner);
      if (this.known.size >= (this.options.maxEntries ?? 10_000)) this.known.delete(this.known.keys().next().value!);
      this.known.set(key, { isModerator, until: now + (this.options.ttlMs ?? MODERATOR_CACHE_MS) });
      return isModerator;
    } catch (error) {
      this.options.logger.warn({ error: describeSlackError(error), userId }, 'could not look up a Slack user; treating them as not a moderator');
      return false;
    }
  }
}
