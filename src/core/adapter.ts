// What main.ts needs from a platform adapter, and the outbound port scheduled posts (digests) use.
import type { Platform } from './context';
import type { Reply } from './reply';

/**
 * Posts a reply to a channel without anyone asking (digests). Contract for implementations:
 * - a platform "wait" (429 + Retry-After) is honoured inside post() for short waits, a bounded
 *   number of times (never forever); past that bound post() throws RateLimitError(retryAfterMs);
 * - a channel that can never be reached (deleted, bot not in it, no permission) throws
 *   PermanentDeliveryError, so the caller can disable it instead of retrying;
 * - anything else (5xx, network) throws an ordinary Error: transient, the caller retries later;
 * - every message is sent with mentions disabled (nothing the bot posts can ping).
 */
export interface ChannelPoster {
  post(channelId: string, reply: Reply): Promise<void>;
}

export interface Adapter {
  readonly platform: Platform;
  start(): Promise<void>;
  /** Stops taking new work and lets in-flight work finish. */
  stop(): Promise<void>;
  /** Connected and able to answer (for /readyz). Absent means "ready once started". */
  isReady?(): boolean;
  readonly outbound?: ChannelPoster;
}
