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
 * A post that opens a thread of its own (a live alert routed with thread:yes), on a platform whose
 * invocations offer threads (Invocation.threads).
 */
export interface PostThread {
  /** What the thread is called (the story's title); the poster cuts it to its platform's limit. */
  readonly name: string;
  /** A new post in a forum (the thread is the post), instead of a thread started on the posted message. */
  readonly forum?: boolean;
}

export interface PostOptions {
  readonly mark?: PostMark;
  readonly signal?: AbortSignal;
  readonly thread?: PostThread;
}

/** What post() may say about a post that went out. */
export interface PostReceipt {
  /** Something around the post failed, not the post (a thread that could not be started): noted, never re-posted. */
  readonly warning?: string;
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
  post(channelId: string, reply: Reply, options?: PostOptions): Promise<PostReceipt | void>;
  /**
   * Within this long of the first attempt, posting this post again with the same mark creates no
   * second message (Discord enforce_nonce), so an ambiguous one may simply be re-sent. Per post,
   * because not every post takes a key (a Discord forum post does not): undefined means never, and
   * the post's fate is learned with find().
   */
  replaySafeMs?(post: Omit<PostOptions, 'signal'>): number | undefined;
  /**
   * For a post without a replay window: how long after an ambiguous attempt the platform may still
   * be making it (a timed-out request it finishes later), so that find() answering "not there"
   * means only "not yet". Within it the post stays uncertain, never re-sent; a later pass asks.
   * Undefined: find() is final at once.
   */
  settleMs?(post: Omit<PostOptions, 'signal'>): number | undefined;
  /**
   * Whether a post with this mark is in the channel; undefined when the platform cannot say now.
   * Asked only about posts without a replay window (see replaySafeMs).
   * `reply` and `thread` are the post as post() was given it: a post the platform takes no key for
   * is known by what it shows.
   */
  find?(channelId: string, mark: PostMark, options?: { readonly signal?: AbortSignal; readonly reply?: Reply; readonly thread?: PostThread }): Promise<boolean | undefined>;
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
