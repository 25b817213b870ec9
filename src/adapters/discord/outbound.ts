// The bot's own posts (digests, live alerts) to a channel id, straight through REST: no gateway or guild cache
// needed, so the sharding manager process can post too. @discordjs/rest waits out 429s forever by
// default; here its RateLimitError comes back to us and the wait is bounded (see core/adapter.ts).
// Its own retries are off (a retried 5xx or timeout could post twice); every post carries a nonce
// with enforce_nonce, so the caller may re-send an ambiguous one and Discord keeps the first.
import { setTimeout as sleep } from 'node:timers/promises';
import { DiscordAPIError, HTTPError, REST, RateLimitError as DiscordRateLimitError, Routes } from 'discord.js';
import type { ChannelPoster, PostMark } from '../../core/adapter';
import { AmbiguousPostError, PermanentDeliveryError, RateLimitError, wasNeverSent } from '../../core/errors';
import type { Reply } from '../../core/reply';
import { wireMessage } from './render';

export interface ChannelPostingLimits {
  /** Tries per post, the first included. */
  readonly attempts: number;
  /** A longer wait than this is not waited out here; the caller gets a RateLimitError. */
  readonly longestWaitMs: number;
}

export const DEFAULT_POSTING_LIMITS: ChannelPostingLimits = { attempts: 3, longestWaitMs: 10_000 };

/**
 * A REST client that hands every rate limit back instead of queueing behind it, and never retries
 * by itself: a 5xx or a timeout may already have posted.
 */
export function createPostingRest(token: string, apiUrl?: string, timeoutMs = 15_000): REST {
  return new REST({ ...(apiUrl && { api: apiUrl }), rejectOnRateLimit: () => true, retries: 0, timeout: timeoutMs }).setToken(token);
}

export class DiscordChannelPoster implements ChannelPoster {
  /** Discord honours enforce_nonce for "a few minutes"; we re-send only well inside that. */
  readonly replaySafeMs = 60_000;

  constructor(
    private readonly rest: REST,
    private readonly limits: ChannelPostingLimits = DEFAULT_POSTING_LIMITS,
  ) {}

  async post(channelId: string, reply: Reply, options: { mark?: PostMark; signal?: AbortSignal } = {}): Promise<void> {
    const { mark, signal } = options;
    const body = { ...wireMessage(reply, { ephemeral: false }), ...(mark && { nonce: mark.id, enforce_nonce: true }) };
    for (let attempt = 1; ; attempt++) {
      try {
        await this.rest.post(Routes.channelMessages(channelId), { body, ...(signal && { signal }) });
        return;
      } catch (error) {
        if (error instanceof DiscordRateLimitError) {
          const waitMs = Math.max(error.retryAfter, error.sublimitTimeout, 0) || Math.max(error.timeToReset, 0);
          if (attempt >= this.limits.attempts || waitMs > this.limits.longestWaitMs) {
            throw new RateLimitError(waitMs, `Discord rate-limited posts to channel ${channelId} (wait ${waitMs} ms, try ${attempt})`);
          }
          // Past the caller's deadline it has already reported this post as ambiguous: stop here.
          await sleep(waitMs, undefined, signal && { signal });
          continue;
        }
        // 403 Missing Access / Missing Permissions, 404 Unknown Channel: retrying cannot help.
        if (error instanceof DiscordAPIError && (error.status === 403 || error.status === 404)) {
          throw new PermanentDeliveryError(`cannot post to Discord channel ${channelId}: ${error.status} ${error.message}`, { cause: error });
        }
        // Any other 4xx was refused outright; a refused connection never sent anything.
        if (error instanceof DiscordAPIError || wasNeverSent(error)) throw error;
        // A 5xx, a timeout (AbortError), a reset: the message may exist.
        const what = error instanceof HTTPError ? `${error.status} ${error.message}` : error instanceof Error ? error.message : String(error);
        throw new AmbiguousPostError(`Discord post to ${channelId} has an unknown outcome: ${what}`, { cause: error });
      }
    }
  }
}
