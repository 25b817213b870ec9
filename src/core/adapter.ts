// What main.ts needs from a platform adapter, and the outbound port the bot's own posts (digests,
// live alerts) use.
import type { Platform } from './context';
import type { Reply } from './reply';

/** The kinds of post the bot makes to a channel by itself. */
export type PostKind = 'digest' | 'alert';

/**
 * Names one post so its fate can be learned after an ambiguous answer: the same mark on every
 * attempt of the same post.
 */
export interface PostMark {
  readonly kind: PostKind;
  /** Stable per post, at most 25 characters (Discord's nonce limit). */
  readonly id: string;
  /** The instant the post stands for (a digest's slot, an alert's arrival). */
  readonly slot: string;
  /** No attempt started before this (the claim time): bounds the history a lookup reads. */
  readonly since: Date;
}

/**
 * Posts a reply to a channel without anyone asking (digests, live alerts). Contract for implementations:
 * - the platform client's own retries are off: each post() sends at most one request that may
 *   have created a message, so the caller owns every retry decision;
 * - a platform "wait" (429 + Retry-After) is honoured inside post() for short waits, a bounded
 *   number of times (never forever); past that bound post() throws RateLimitError(retryAfterMs);
 * - a channel that can never be reached (deleted, bot not in it, no permission) throws
 *   PermanentDeliveryError, so the caller can disable it instead of retrying;
 * - a request that was sent but not answered clearly (timeout, 5xx, connection reset, `signal`
 *   aborted) throws AmbiguousPostError: the message may be there;
 * - anything else (refused connection) throws an ordinary Error: nothing was posted;
 * - every message is sent with mentions disabled (nothing the bot posts can ping).
 */
export interface ChannelPoster {
  post(channelId: string, reply: Reply, options?: { readonly mark?: PostMark; readonly signal?: AbortSignal }): Promise<void>;
  /**
   * Within this long of the first attempt, posting again with the same mark creates no second
   * message (Discord `enforce_nonce`), so an ambiguous post may simply be re-sent.
   */
  readonly replaySafeMs?: number;
  /** Whether a post with this mark is in the channel; undefined when the platform cannot say now. */
  find?(channelId: string, mark: PostMark, signal?: AbortSignal): Promise<boolean | undefined>;
}

export interface Adapter {
  readonly platform: Platform;
  start(): Promise<void>;
  /** Stops taking new work and lets in-flight work finish. */
  stop(): Promise<void>;
  /** Connected and able to answer (for /readyz). Absent means "ready once started". */
  isReady?(): boolean;
  readonly outbound?: ChannelPoster;
  /**
   * Metrics kept by this adapter's other processes (Discord shards), as prom-client JSON
   * (`registry.getMetricsAsJSON()`, one array per process), merged into this process's /metrics.
   */
  remoteMetrics?(): Promise<readonly unknown[]>;
}
