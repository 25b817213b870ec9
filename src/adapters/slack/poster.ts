// The outbound port for scheduled posts (digests): chat.postMessage, following the contract in
// src/core/adapter.ts. The WebClient is built with rejectRateLimitedCalls, so a 429 reaches us
// and the waiting is ours to bound instead of the client's half-hour default.
import type { ChannelPoster } from '../../core/adapter';
import type { Logger } from '../../core/context';
import { PermanentDeliveryError, RateLimitError } from '../../core/errors';
import type { Reply } from '../../core/reply';
import { renderBlocks } from './blocks';

export interface MessagePoster {
  chat: {
    postMessage(args: {
      channel: string;
      text: string;
      blocks: Record<string, unknown>[];
      unfurl_links: boolean;
      unfurl_media: boolean;
      link_names: boolean;
      parse: 'none';
    }): Promise<unknown>;
  };
}

/** Slack errors that mean "this channel will never take our post as things stand". */
export const PERMANENT_ERRORS = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_non_threadable_channel',
  'restricted_action_thread_only_channel',
  'cannot_reply_to_message',
  'ekm_access_denied',
  'team_access_not_granted',
  'missing_scope',
  'not_allowed_token_type',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'no_permission',
]);

export interface PosterOptions {
  readonly client: MessagePoster;
  readonly logger: Logger;
  /** Longest single wait honoured inside post(); past it, RateLimitError goes to the caller. */
  readonly maxWaitMs?: number;
  /** How many 429s one post() sits out before giving up. */
  readonly maxRateLimitWaits?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

interface SlackApiError {
  code?: string;
  retryAfter?: number;
  data?: { error?: string };
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class SlackChannelPoster implements ChannelPoster {
  constructor(private readonly options: PosterOptions) {}

  async post(channelId: string, reply: Reply): Promise<void> {
    const { client, logger, maxWaitMs = 10_000, maxRateLimitWaits = 3, sleep = defaultSleep } = this.options;
    const message = renderBlocks(reply);
    for (let waits = 0; ; waits++) {
      try {
        await client.chat.postMessage({
          channel: channelId,
          ...message,
          // A digest is a list of links; previews of each would bury it. Mentions stay inert.
          unfurl_links: false,
          unfurl_media: false,
          link_names: false,
          parse: 'none',
        });
        return;
      } catch (error) {
        const e = error as SlackApiError;
        if (e.code === 'slack_webapi_rate_limited_error') {
          const retryAfterMs = Math.max(0, (e.retryAfter ?? 1) * 1000);
          if (waits >= maxRateLimitWaits || retryAfterMs > maxWaitMs) throw new RateLimitError(retryAfterMs);
          logger.info({ channelId, retryAfterMs }, 'Slack asked us to slow down; waiting before posting again');
          await sleep(retryAfterMs);
          continue;
        }
        const slackError = e.code === 'slack_webapi_platform_error' ? e.data?.error : undefined;
        if (slackError && PERMANENT_ERRORS.has(slackError)) {
          throw new PermanentDeliveryError(`Slack refused the post to ${channelId}: ${slackError}`, { cause: error });
        }
        throw error;
      }
    }
  }
}
