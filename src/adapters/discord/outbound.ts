// The bot's own posts (digests, live alerts) to a channel id, straight through REST: no gateway or guild cache
// needed, so the sharding manager process can post too. @discordjs/rest waits out 429s forever by
// default; here its RateLimitError comes back to us and the wait is bounded (see core/adapter.ts).
// Its own retries are off (a retried 5xx or timeout could post twice); every message carries a nonce
// with enforce_nonce, so the caller may re-send an ambiguous one and Discord keeps the first.
// A post with a thread (live alerts routed with thread:yes) is a message with a thread started on
// it, or in a forum a new forum post; a forum post takes no nonce, so find() looks for it instead.
import { setTimeout as sleep } from 'node:timers/promises';
import { type APIChannel, type APIMessage, type APIThreadChannel, type APIUser, DiscordAPIError, HTTPError, REST, RateLimitError as DiscordRateLimitError, RESTJSONErrorCodes, Routes, SnowflakeUtil } from 'discord.js';
import type { ChannelPoster, PostMark, PostOptions, PostReceipt, PostThread } from '../../core/adapter';
import { AmbiguousPostError, PermanentDeliveryError, RateLimitError, wasNeverSent } from '../../core/errors';
import type { Reply } from '../../core/reply';
import { type WireMessage, wireMessage } from './render';
import { threadName } from './threads';

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

/** Discord's clock and ours may differ; a lookup takes threads made this much before the claim. */
const CLOCK_MARGIN_MS = 120_000;
/** Starter messages read at most per lookup (the bot's threads made in the window). */
const MOST_CANDIDATES = 25;
/** Archived threads read per page (Discord's most), and pages read at most per lookup. */
const ARCHIVE_PAGE_SIZE = 100;
const MOST_ARCHIVE_PAGES = 5;
/** How long after an ambiguous forum post a lookup that finds nothing is taken as final. */
const FORUM_POST_SETTLE_MS = 60_000;

export class DiscordChannelPoster implements ChannelPoster {
  /** The server each forum is in (a forum never moves), for the active-threads lookup. */
  private readonly guildOf = new Map<string, string>();

  constructor(
    private readonly rest: REST,
    private readonly limits: ChannelPostingLimits = DEFAULT_POSTING_LIMITS,
  ) {}

  /**
   * Discord honours enforce_nonce for "a few minutes"; we re-send only well inside that. Starting a
   * thread in a forum takes no nonce: never re-sent, find() settles it.
   */
  replaySafeMs({ thread }: Omit<PostOptions, 'signal'> = {}): number | undefined {
    return thread?.forum ? undefined : 60_000;
  }

  async post(channelId: string, reply: Reply, options: PostOptions = {}): Promise<PostReceipt | void> {
    const { mark, signal, thread } = options;
    const message = wireMessage(reply, { ephemeral: false });
    if (thread?.forum) {
      await this.send(channelId, Routes.threads(channelId), { name: threadName(thread.name), message }, signal);
      return;
    }
    const body = { ...message, ...(mark && { nonce: mark.id, enforce_nonce: true }) };
    const posted = (await this.send(channelId, Routes.channelMessages(channelId), body, signal)) as APIMessage;
    if (thread) return this.startThread(channelId, posted.id, thread, signal);
  }

  /**
   * A thread on the alert just posted. The alert stands whatever happens here (it is never posted
   * again for its thread), so a failure comes back as a warning. Discord allows one thread per
   * message, so an ambiguous start may be tried again: a repeat answers 160004.
   */
  private async startThread(channelId: string, messageId: string, thread: PostThread, signal?: AbortSignal): Promise<PostReceipt | void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.send(channelId, Routes.threads(channelId, messageId), { name: threadName(thread.name) }, signal);
        return;
      } catch (error) {
        if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage) return;
        if (error instanceof AmbiguousPostError && attempt < 2 && !signal?.aborted) continue;
        return { warning: `posted, but its thread was not started: ${error instanceof Error ? error.message : String(error)}` };
      }
    }
  }

  /** One request that may create something, with bounded 429 waits and errors as core/adapter.ts names them. */
  private async send(channelId: string, route: `/${string}`, body: unknown, signal?: AbortSignal): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.rest.post(route, { body, ...(signal && { signal }) });
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

  /** The bot's user id, asked once (GET /users/@me): a forum post is known as ours by its owner and author. */
  private botId?: Promise<string>;

  private me(signal?: AbortSignal): Promise<string> {
    if (this.botId) return this.botId;
    const asked = (this.rest.get(Routes.user(), { ...(signal && { signal }) }) as Promise<APIUser>).then((user) => user.id);
    this.botId = asked;
    // A failed ask is not kept: the next lookup asks again.
    asked.catch(() => {
      if (this.botId === asked) this.botId = undefined;
    });
    return asked;
  }

  /**
   * Discord takes a timed-out or failed forum post to the end in its own time: until this long after
   * an ambiguous attempt, a lookup that finds nothing may be early, not final.
   */
  settleMs({ thread }: Omit<PostOptions, 'signal'> = {}): number | undefined {
    return thread?.forum ? FORUM_POST_SETTLE_MS : undefined;
  }

  /**
   * Whether a forum post of this alert is there: among the forum's threads made since the claim
   * (active, or archived meanwhile, read page by page back to the claim) that the bot made, one
   * whose starter message (in a forum its id is the thread's), written by the bot, shows this post's
   * story link, or its title when it has none. Not by name: a moderator may rename a post. Other
   * posts carry a nonce and are settled by re-sending inside the nonce window: nothing to look up here.
   */
  async find(channelId: string, mark: PostMark, options: { readonly signal?: AbortSignal; readonly reply?: Reply; readonly thread?: PostThread } = {}): Promise<boolean | undefined> {
    const { signal, reply, thread } = options;
    if (!thread?.forum || !reply) return undefined;
    const name = threadName(thread.name);
    const since = mark.since.getTime() - CLOCK_MARGIN_MS;
    const expected = wireMessage(reply, { ephemeral: false });
    const get = async <T>(route: `/${string}`, query?: URLSearchParams) => (await this.rest.get(route, { ...(query && { query }), ...(signal && { signal }) })) as T;
    try {
      const me = await this.me(signal);
      let guildId = this.guildOf.get(channelId);
      if (!guildId) {
        guildId = (await get<APIChannel & { guild_id?: string }>(Routes.channel(channelId))).guild_id;
        if (!guildId) return undefined;
        this.guildOf.set(channelId, guildId);
      }
      const active = await get<{ threads: APIThreadChannel[] }>(Routes.guildActiveThreads(guildId));
      const archived = await this.archivedSince(channelId, since, get);
      if (!archived) return undefined;
      const ours = [...active.threads, ...archived].filter((t) => t.parent_id === channelId && t.owner_id === me && SnowflakeUtil.timestampFrom(t.id) >= since);
      // Unrenamed posts first: most likely ours, and read before the cap.
      const candidates = [...ours.filter((t) => t.name === name), ...ours.filter((t) => t.name !== name)];
      for (const candidate of candidates.slice(0, MOST_CANDIDATES)) {
        const starter = await get<APIMessage>(Routes.channelMessage(candidate.id, candidate.id));
        if (starter.author.id === me && sameStory(starter, expected)) return true;
      }
      return candidates.length > MOST_CANDIDATES ? undefined : false;
    } catch {
      // Discord cannot be asked now (an outage, no permission to read the forum): the post stays uncertain.
      return undefined;
    }
  }

  /**
   * The forum's public threads archived since `since` (a thread made after it was archived after it
   * too), newest archive first, a page at a time; undefined past the page cap (cannot say).
   */
  private async archivedSince(channelId: string, since: number, get: <T>(route: `/${string}`, query?: URLSearchParams) => Promise<T>): Promise<APIThreadChannel[] | undefined> {
    const threads: APIThreadChannel[] = [];
    let before: string | undefined;
    for (let page = 0; page < MOST_ARCHIVE_PAGES; page++) {
      const query = new URLSearchParams({ limit: String(ARCHIVE_PAGE_SIZE), ...(before && { before }) });
      const answer = await get<{ threads: APIThreadChannel[]; has_more?: boolean }>(Routes.channelThreads(channelId, 'public'), query);
      threads.push(...answer.threads);
      if (!answer.has_more) return threads;
      const oldest = answer.threads.at(-1)?.thread_metadata?.archive_timestamp;
      // More is said to be there, but nothing to page on from: cannot say.
      if (!oldest) return undefined;
      if (Date.parse(oldest) < since) return threads;
      before = oldest;
    }
    return undefined;
  }
}

/** The starter message shows what this post shows: its story link, or else its title, or else its text. */
function sameStory(starter: APIMessage, expected: WireMessage): boolean {
  const [shown] = starter.embeds;
  const [wanted] = expected.embeds;
  if (!wanted) return starter.content === expected.content;
  return wanted.url ? shown?.url === wanted.url : shown?.title === wanted.title;
}
