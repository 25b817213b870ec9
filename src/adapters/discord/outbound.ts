// Scheduled posts (digests) to a channel id, straight through REST: no gateway or guild cache
// needed, so the sharding manager process can post too. @discordjs/rest waits out 429s forever by
// default; here its RateLimitError comes back to us and the wait is bounded (see core/adapter.ts).
import { setTimeout as sleep } from 'node:timers/promises';
import { DiscordAPIError, REST, RateLimitError as DiscordRateLimitError, Routes } from 'discord.js';
import type { ChannelPoster } from '../../core/adapter';
import { PermanentDeliveryError, RateLimitError } from '../../core/errors';
import type { Reply } from '../../core/reply';
import { wireMessage } from './render';

export interface ChannelPostingLimits {
  /** Tries per post, the first included. */
  readonly attempts: number;
  /** A longer wait than this is not waited out here; the caller gets a RateLimitError. */
  readonly longestWaitMs: number;
}

export const DEFAULT_POSTING_LIMITS: ChannelPostingLimits = { attempts: 3, longestWaitMs: 10_000 };

/** A REST client that hands every rate limit back instead of queueing behind it. */
export function createPostingRest(token: string, apiUrl?: string): REST {
  return new REST({ ...(apiUrl && { api: apiUrl }), rejectOnRateLimit: () => true, retries: 1 }).setToken(token);
}

export class DiscordChannelPoster implements ChannelPoster {
  constructor(
    private readonly rest: REST,
    private readonly limits: ChannelPostingLimits = DEFAULT_POSTING_LIMITS,
  ) {}

  async post(channelId: string, reply: Reply): Promise<void> {
    const body = wireMessage(reply, { ephemeral: false });
    for (let attempt = 1; ; attempt++) {
      try {
        await this.rest.post(Routes.channelMessages(channelId), { body });
        return;
      } catch (error) {
        if (error instanceof DiscordRateLimitError) {
          const waitMs = Math.max(error.retryAfter, error.sublimitTimeout, 0) || Math.max(error.timeToReset, 0);
          if (attempt >= this.limits.attempts || waitMs > this.limits.longestWaitMs) {
            throw new RateLimitError(waitMs, `Discord rate-limited posts to channel ${channelId} (wait ${waitMs} ms, try ${attempt})`);
          }
          await sleep(waitMs);
          continue;
        }
        // 403 Missing Access / Missing Permissions, 404 Unknown Channel: retrying cannot help.
        if (error instanceof DiscordAPIError && (error.status === 403 || error.status === 404)) {
          throw new PermanentDeliveryError(`cannot post to Discord channel ${channelId}: ${error.status} ${error.message}`, { cause: error });
        }
        throw error;
      }
    }
  }
}
