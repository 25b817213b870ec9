// What main.ts needs from a platform adapter, and the outbound port scheduled posts (digests) use.
import type { Platform } from './context';
import type { Reply } from './reply';

/**
 * Posts a reply to a channel without anyone asking (digests). Implementations throw
 * RateLimitError when the platform says wait, PermanentDeliveryError when the channel can never
 * be reached (deleted, no access), and any other error for transient failures.
 */
export interface ChannelPoster {
  post(channelId: string, reply: Reply): Promise<void>;
}

export interface Adapter {
  readonly platform: Platform;
  start(): Promise<void>;
  /** Stops taking new work and lets in-flight work finish. */
  stop(): Promise<void>;
  readonly outbound?: ChannelPoster;
}
