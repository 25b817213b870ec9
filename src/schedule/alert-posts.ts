// The live alert as one kind of post (see ./delivery.ts). A story's alert is keyed by channel and
// story, so a story that reaches a channel through two feeds (the wire files both as one story),
// or comes back edited, is posted there once. An overflow post is keyed by channel and hour.
// Outcomes are noted per channel (what /feeds list shows); a channel that cannot be posted to has
// its routes disabled.
import type { PostThread } from '../core/adapter';
import type { Reply } from '../core/reply';
import { buildAlert, buildOverflow } from '../newsroom/alert';
import type { Newsroom } from '../newsroom/newsroom';
import type { Store } from '../store/store';
import type { DeliveryRecord, LogEntry } from './deliveries';
import type { Composed, Dispatch, PostDesk } from './delivery';
import type { FeedRoutes, RouteThread } from './routes';
import { channelKey, type ChannelRef } from './subscriptions';

export type AlertPost = Dispatch & { readonly thread?: RouteThread } & (
    | { readonly story: { readonly slug: string; readonly feedName: string } }
    | { readonly overflow: { readonly hour: Date; readonly slugs: readonly string[]; readonly total: number; readonly cap: number } }
  );

export function storyAlert(channel: ChannelRef, slug: string, seenAt: Date, feedName: string, thread?: RouteThread): AlertPost {
  return { key: `alert/${channelKey(channel)}/${slug}`, channel, slot: seenAt, story: { slug, feedName }, ...(thread && { thread }) };
}

/** `forum`: the channel is a forum, which takes posts only as threads of their own. */
export function overflowAlert(channel: ChannelRef, hour: Date, slugs: readonly string[], total: number, cap: number, forum = false): AlertPost {
  return { key: `alert/${channelKey(channel)}/overflow@${hour.toISOString()}`, channel, slot: hour, overflow: { hour, slugs, total, cap }, ...(forum && { thread: { forum } }) };
}

/** Per channel: recent outcomes (for disabling), the last post and the last error (for /feeds list). */
export interface AlertChannelLog {
  readonly recent: readonly LogEntry[];
  readonly lastPost?: string;
  readonly lastError?: { readonly at: string; readonly message: string };
}

const CHANNEL_LOGS = 'alert-channels';
const KEEP = 10;
/** An overflow post lists this many stories at most. */
const OVERFLOW_SHOWN = 25;

export function alertChannelLog(store: Store, channel: ChannelRef): Promise<AlertChannelLog | undefined> {
  return store.get<AlertChannelLog>(CHANNEL_LOGS, channelKey(channel));
}

/** Clears a channel's recent outcomes (kept: its last post and last error), so old failures count no more. */
export async function forgetFailures(store: Store, channel: ChannelRef): Promise<void> {
  const log = await alertChannelLog(store, channel);
  if (log && log.recent.length > 0) await store.set(CHANNEL_LOGS, channelKey(channel), { ...log, recent: [] });
}

/** The thread an alert opens, named after what it says (the story's title). */
function threadOf(post: AlertPost, reply: Reply): { thread?: PostThread } {
  return post.thread ? { thread: { name: reply.title ?? '', forum: post.thread.forum } } : {};
}

export class AlertPosts implements PostDesk<AlertPost> {
  readonly kind = 'alert';

  constructor(
    private readonly newsroom: Newsroom,
    private readonly routes: FeedRoutes,
  ) {}

  async build(post: AlertPost, _record: DeliveryRecord): Promise<Composed> {
    const { archive } = this.newsroom.articles;
    const { platform, workspaceId } = post.channel;
    if ('story' in post) {
      const article = await archive.get(post.story.slug);
      // Pruned since it arrived: nothing to post, and nothing to post later.
      if (!article) return { reply: { text: '', visibility: 'public' }, articles: [], skip: true };
      const reply = await buildAlert(this.newsroom, article, { platform, workspaceId, feedName: post.story.feedName });
      return { reply, articles: [article.slug], ...threadOf(post, reply) };
    }
    const { hour, slugs, total, cap } = post.overflow;
    const articles = await archive.getMany(slugs.slice(0, OVERFLOW_SHOWN));
    if (articles.length === 0) return { reply: { text: '', visibility: 'public' }, articles: [], skip: true };
    const reply = await buildOverflow(this.newsroom, articles, total, hour, cap, { platform, workspaceId });
    return { reply, articles: articles.map((a) => a.slug), ...threadOf(post, reply) };
  }

  async note(post: AlertPost, entry: LogEntry): Promise<readonly LogEntry[]> {
    const { store } = this.newsroom;
    const log = (await alertChannelLog(store, post.channel)) ?? { recent: [] };
    const recent = [...log.recent, entry].slice(-KEEP);
    const next: AlertChannelLog = {
      recent,
      ...(entry.outcome === 'delivered' ? { lastPost: entry.at } : log.lastPost && { lastPost: log.lastPost }),
      ...(entry.error ? { lastError: { at: entry.at, message: entry.error } } : log.lastError && { lastError: log.lastError }),
    };
    await store.set(CHANNEL_LOGS, channelKey(post.channel), next);
    return recent;
  }

  disable(post: AlertPost, at: Date, reason: string): Promise<void> {
    return this.routes.disableChannel(post.channel, at, reason);
  }
}
