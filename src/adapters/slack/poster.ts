// The outbound port for the bot's own posts (digests, live alerts): chat.postMessage, following
// the contract in src/core/adapter.ts. The WebClient is built with rejectRateLimitedCalls, so a 429 reaches us
// and the waiting is ours to bound instead of the client's half-hour default. It must also be built
// without retries: a retried timeout or 5xx may post twice. chat.postMessage has no idempotency
// key, so each post carries message metadata naming it (its mark), and find() looks for it in
// the channel's history before anyone posts an ambiguous post again.
import type { ChannelPoster, PostKind, PostMark } from '../../core/adapter';
import type { Logger } from '../../core/context';
import { AmbiguousPostError, PermanentDeliveryError, RateLimitError, wasNeverSent } from '../../core/errors';
import type { Reply } from '../../core/reply';
import { renderBlocks } from './blocks';

/** The event_type each kind of post the bot makes by itself carries. */
export const POST_EVENTS: Readonly<Record<PostKind, string>> = { digest: 'newsroom_digest', alert: 'newsroom_alert' };

interface MessageMetadata {
  event_type?: string;
  event_payload?: Record<string, unknown>;
}

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
      metadata?: { event_type: string; event_payload: Record<string, string> };
    }): Promise<unknown>;
  };
  conversations: {
    history(args: { channel: string; oldest: string; include_all_metadata: boolean; limit: number; cursor?: string }): Promise<{
      messages?: Array<{ metadata?: MessageMetadata }>;
      has_more?: boolean;
      response_metadata?: { next_cursor?: string };
    }>;
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
  statusCode?: number;
  data?: { error?: string };
  original?: { code?: string; cause?: { code?: string } };
}

/** Slack's clock and ours may differ; a history read starts this much before the claim. */
const CLOCK_MARGIN_S = 120;
/** Pages of history read at most: the bot's channels are quiet, and the window starts at the claim. */
const MAX_PAGES = 5;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class SlackChannelPoster implements ChannelPoster {
  constructor(private readonly options: PosterOptions) {}

  async post(channelId: string, reply: Reply, options: { mark?: PostMark; signal?: AbortSignal } = {}): Promise<void> {
    const { client, logger, maxWaitMs = 10_000, maxRateLimitWaits = 3, sleep = defaultSleep } = this.options;
    const { mark, signal } = options;
    const message = renderBlocks(reply);
    for (let waits = 0; ; waits++) {
      // Past the caller's deadline it has already reported this post as ambiguous and may look for it
      // and post again: this call must not post after that.
      signal?.throwIfAborted();
      try {
        await client.chat.postMessage({
          channel: channelId,
          ...message,
          // A digest is a list of links and an alert carries its own summary; previews would bury them. Mentions stay inert.
          unfurl_links: false,
          unfurl_media: false,
          link_names: false,
          parse: 'none',
          ...(mark && { metadata: { event_type: POST_EVENTS[mark.kind], event_payload: { post: mark.id, slot: mark.slot, channel: channelId } } }),
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
        // Slack answered "not posted", or the request never left.
        if (slackError || (e.code === 'slack_webapi_request_error' && wasNeverSent(e.original))) throw error;
        // A timeout, a 5xx, a dropped connection: the message may be there.
        throw new AmbiguousPostError(`Slack post to ${channelId} has an unknown outcome: ${(error as Error).message}`, { cause: error });
      }
    }
  }

  /** Reads the channel's history since the claim for our metadata; undefined if Slack cannot be asked now. */
  async find(channelId: string, mark: PostMark): Promise<boolean | undefined> {
    const oldest = String(Math.floor(mark.since.getTime() / 1000) - CLOCK_MARGIN_S);
    let cursor: string | undefined;
    try {
      for (let page = 0; page < MAX_PAGES; page++) {
        const answer = await this.options.client.conversations.history({ channel: channelId, oldest, include_all_metadata: true, limit: 200, ...(cursor && { cursor }) });
        const ours = answer.messages?.some((m) => m.metadata?.event_type === POST_EVENTS[mark.kind] && isMarked(m.metadata.event_payload, mark, channelId));
        if (ours) return true;
        cursor = answer.has_more ? answer.response_metadata?.next_cursor : undefined;
        if (!cursor) return false;
      }
      return undefined;
    } catch (error) {
      this.options.logger.warn({ channelId, slot: mark.slot, err: error }, 'Slack history unreadable; whether the post arrived stays unknown for now');
      return undefined;
    }
  }
}

/** A digest posted before posts carried their id is known by its slot and channel. */
function isMarked(payload: Record<string, unknown> | undefined, mark: PostMark, channelId: string): boolean {
  if (payload?.post !== undefined) return payload.post === mark.id;
  return payload?.slot === mark.slot && payload?.channel === channelId;
}
