// Routes: a feed sent to a channel, made by a moderator in that channel (/feeds add <url> mode:live).
// Kept twice in the store so neither reading scans every workspace: by workspace (what /feeds list
// shows, what the workspace's limit counts) and by feed (what the alert pass reads when the feed
// has new stories). The pass's own progress per route (its cursor, last post, last error) lives
// apart, so a moderator's write and the pass's never race over one record.
import { createHash } from 'node:crypto';
import type { Invocation } from '../core/context';
import type { FilterTerms } from '../newsroom/story-filter';
import type { Store } from '../store/store';
import { channelKey, type ChannelRef } from './subscriptions';

export type RouteMode = 'live' | 'digest';

export interface Route extends ChannelRef {
  readonly feed: string;
  /** live: each new story is posted as it arrives; digest: only the channel's daily digest shows it. */
  readonly mode: RouteMode;
  readonly filter: FilterTerms;
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

export function newRoute(invocation: Invocation, feed: string, mode: RouteMode, filter: FilterTerms, now: Date): Route {
  const { platform, workspaceId, channelId, user } = invocation;
  return { platform, workspaceId, channelId, feed, mode, filter, createdAt: now.toISOString(), createdBy: { id: user.id, ...(user.name && { name: user.name }) } };
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

  async remove(route: ChannelRef & { readonly feed: string }): Promise<boolean> {
    await this.store.delete(feedNamespace(route.feed), channelKey(route));
    await this.store.delete(ROUTE_LOGS, routeKey(route));
    return this.store.delete(workspaceNamespace(route), routeKey(route));
  }

  /** A feed nobody routes any more leaves the pass's list (called by the pass, which saw none). */
  async forgetFeed(feed: string): Promise<void> {
    if ((await this.ofFeed(feed)).length === 0) await this.store.delete(ROUTED_FEEDS, feed);
  }

  /** Disables every route to a channel, unless a route was made again meanwhile. */
  async disableChannel(ref: ChannelRef, at: Date, reason: string): Promise<void> {
    for (const route of await this.ofWorkspace(ref)) {
      if (route.channelId !== ref.channelId || route.disabled) continue;
      await this.save({ ...route, disabled: { at: at.toISOString(), reason } });
    }
  }

  async log(route: Route): Promise<RouteLog> {
    const log = await this.store.get<RouteLog>(ROUTE_LOGS, routeKey(route));
    return log?.version === route.createdAt ? log : { version: route.createdAt, cursor: route.createdAt };
  }

  async saveLog(route: Route, log: RouteLog): Promise<void> {
    await this.store.set(ROUTE_LOGS, routeKey(route), log);
  }
}
