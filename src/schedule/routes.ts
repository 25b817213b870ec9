// Routes: a feed sent to a channel, made by a moderator in that channel (/feeds add <url> mode:live).
// Kept twice in the store so neither reading scans every workspace: by workspace (what /feeds list
// shows, what the workspace's limit counts) and by feed (what the alert pass reads when the feed
// has new stories). The pass's own progress per route (its cursor, last post, last error) lives
// apart, so a moderator's write and the pass's never race over one record.
import { createHash } from 'node:crypto';
import type { Invocation, ThreadPlace } from '../core/context';
import type { FilterTerms } from '../newsroom/story-filter';
import type { Store } from '../store/store';
import { channelKey, type ChannelRef } from './subscriptions';

export type RouteMode = 'live' | 'digest';

/** Each alert opens a thread of its own (thread:yes): on the posted message, or as a new forum post. */
export interface RouteThread {
  readonly forum: boolean;
}

export interface Route extends ChannelRef {
  readonly feed: string;
  /** live: each new story is posted as it arrives; digest: only the channel's daily digest shows it. */
  readonly mode: RouteMode;
  readonly filter: FilterTerms;
  readonly thread?: RouteThread;
  /** Also the route's version: a route made again starts afresh (its cursor at its making). */
  readonly createdAt: string;
  readonly createdBy: { readonly id: string; readonly name?: string };
  readonly disabled?: { readonly at: string; readonly reason: string };
}

/** The alert pass's progress on one route. */
export interface RouteLog {
  /** The route version this log is for. */
  readonly version: string;
  /** Stories that reached the feed after this (ISO) are still to be looked at. */
  readonly cursor: string;
  /**
   * Stories behind the cursor whose post's fate is still open (uncertain, or another replica's
   * claim still running): taken up again by each pass until settled, or given up after a day
   * (their records then say "uncertain"; never re-sent blindly).
   */
  readonly open?: ReadonlyArray<{ readonly slug: string; readonly seenAt: string }>;
  /**
   * Stories already looked at that arrived within the read-back margin of the cursor: the next pass
   * reads them again (see SKEW_MS in ./alerts.ts) and passes over them, so a story edited to match
   * a filter it failed is still never posted.
   */
  readonly seen?: readonly string[];
  readonly lastPost?: { readonly at: string; readonly title: string };
  readonly lastError?: { readonly at: string; readonly message: string };
}

const ROUTED_FEEDS = 'routed-feeds';
const ROUTE_LOGS = 'route-logs';

function workspaceNamespace(ref: Pick<ChannelRef, 'platform' | 'workspaceId'>): string {
  return `routes@${ref.platform}/${ref.workspaceId}`;
}

/** Feed URLs carry ':', which a namespace may not. */
function feedNamespace(feed: string): string {
  return `routes-of@${createHash('sha256').update(feed).digest('base64url').slice(0, 22)}`;
}

function routeKey(route: ChannelRef & { readonly feed: string }): string {
  return `${channelKey(route)} ${route.feed}`;
}

/** A route to the channel that asked, or to `place` (the forum a thread:yes route made in one of its posts goes to). */
export function newRoute(invocation: Invocation, feed: string, mode: RouteMode, filter: FilterTerms, now: Date, place?: ThreadPlace): Route {
  const { platform, workspaceId, user } = invocation;
  const channelId = place?.channelId ?? invocation.channelId;
  return {
    platform,
    workspaceId,
    channelId,
    feed,
    mode,
    filter,
    ...(place && { thread: { forum: place.forum } }),
    createdAt: now.toISOString(),
    createdBy: { id: user.id, ...(user.name && { name: user.name }) },
  };
}

export class FeedRoutes {
  constructor(private readonly store: Store) {}

  /** Every route of one workspace (a small namespace: the workspace's limit bounds it). */
  async ofWorkspace(ref: Pick<ChannelRef, 'platform' | 'workspaceId'>): Promise<Route[]> {
    return (await this.store.entries<Route>(workspaceNamespace(ref))).map(([, route]) => route);
  }

  /** Every route of one feed, in any workspace. */
  async ofFeed(feed: string): Promise<Route[]> {
    return (await this.store.entries<Route>(feedNamespace(feed))).map(([, route]) => route);
  }

  /** The feeds some route sends somewhere (the alert pass's list). */
  async routedFeeds(): Promise<string[]> {
    return (await this.store.entries<{ feed: string }>(ROUTED_FEEDS)).map(([, v]) => v.feed);
  }

  get(ref: ChannelRef & { readonly feed: string }): Promise<Route | undefined> {
    return this.store.get<Route>(workspaceNamespace(ref), routeKey(ref));
  }

  /** The workspace's copy is written first: it is what a moderator sees and what counts. */
  async save(route: Route): Promise<void> {
    await this.store.set(workspaceNamespace(route), routeKey(route), route);
    await this.store.set(feedNamespace(route.feed), channelKey(route), route);
    await this.store.set(ROUTED_FEEDS, route.feed, { feed: route.feed });
  }

  /** Whether all three records of this route are in the store (a save whose answer never came). */
  async saved(route: Route): Promise<boolean> {
    const [mine, feeds, listed] = await Promise.all([
      this.store.get<Route>(workspaceNamespace(route), routeKey(route)),
      this.store.get<Route>(feedNamespace(route.feed), channelKey(route)),
      this.store.get(ROUTED_FEEDS, route.feed),
    ]);
    return mine?.createdAt === route.createdAt && feeds?.createdAt === route.createdAt && listed !== undefined;
  }

  async remove(route: ChannelRef & { readonly feed: string }): Promise<boolean> {
    await this.store.delete(feedNamespace(route.feed), channelKey(route));
    await this.store.delete(ROUTE_LOGS, routeKey(route));
    return this.store.delete(workspaceNamespace(route), routeKey(route));
  }

  /**
   * A feed nobody routes any more leaves the pass's list (called by the pass, which saw none). A
   * route saved meanwhile puts it back.
   */
  async forgetFeed(feed: string): Promise<void> {
    if ((await this.ofFeed(feed)).length > 0) return;
    await this.store.delete(ROUTED_FEEDS, feed);
    if ((await this.ofFeed(feed)).length > 0) await this.store.set(ROUTED_FEEDS, feed, { feed });
  }

  /** Disables a route, unless it was removed or made again meanwhile. */
  async disable(route: Route, at: Date, reason: string): Promise<void> {
    const current = await this.get(route);
    if (!current || current.createdAt !== route.createdAt || current.disabled) return;
    await this.save({ ...current, disabled: { at: at.toISOString(), reason } });
  }

  /** Disables every route to a channel. */
  async disableChannel(ref: ChannelRef, at: Date, reason: string): Promise<void> {
    for (const route of await this.ofWorkspace(ref)) if (route.channelId === ref.channelId) await this.disable(route, at, reason);
  }

  async log(route: Route): Promise<RouteLog> {
    const log = await this.store.get<RouteLog>(ROUTE_LOGS, routeKey(route));
    return log?.version === route.createdAt ? log : { version: route.createdAt, cursor: route.createdAt };
  }

  async saveLog(route: Route, log: RouteLog): Promise<void> {
    await this.store.set(ROUTE_LOGS, routeKey(route), log);
  }
}
