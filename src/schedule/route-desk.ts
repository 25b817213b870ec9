// What /feeds can do with routes, reached through the command context (ctx.routes): send a feed
// to the channel that asked (live alerts, filtered), stop it, list a workspace's routes with each
// channel's last post and last error, and test a filter on stories without posting.
import type { Invocation, ThreadPlace } from '../core/context';
import { UserError } from '../core/errors';
import type { Newsroom } from '../newsroom/newsroom';
import { type FilterInput, type FilterTerms, parseTerms, storyFilter } from '../newsroom/story-filter';
import { confirmedWrite } from '../store/confirm';
import { type AlertChannelLog, alertChannelLog, forgetFailures } from './alert-posts';
import { FeedRoutes, newRoute, type Route, type RouteMode } from './routes';
import { channelKey, type ChannelRef } from './subscriptions';

export const DEFAULT_ROUTES_PER_WORKSPACE = 100;
export const DEFAULT_ALERTS_PER_HOUR = 20;

export interface RouteDeskOptions {
  /** Routes one server or workspace may have (ROUTES_PER_WORKSPACE). */
  readonly maxRoutes: number;
  /** Alerts per channel per hour (ALERTS_PER_HOUR), for what /feeds says. */
  readonly perHour: number;
}

/** What /feeds add received for routing, before checking. */
export interface RouteInput {
  readonly mode?: string;
  readonly match?: string;
  readonly exclude?: string;
  /** yes: each alert opens a thread of its own (where the platform has threads). */
  readonly thread?: string;
}

/** A route as checked, with where it goes: a thread:yes route made in a forum's post goes to the forum. */
export interface RoutePlan {
  readonly mode: RouteMode;
  readonly filter: FilterTerms;
  readonly place?: ThreadPlace;
}

export interface ChannelRoutes {
  readonly channel: ChannelRef;
  readonly routes: readonly Route[];
  readonly log?: AlertChannelLog;
}

const refOf = (i: Invocation): ChannelRef => ({ platform: i.platform, workspaceId: i.workspaceId, channelId: i.channelId });

/** Whether /feeds add was asked to route (any route option given). */
export function wantsRoute(input: RouteInput): boolean {
  return input.mode !== undefined || input.match !== undefined || input.exclude !== undefined || input.thread !== undefined;
}

function threadOf(text: string | undefined): boolean {
  if (text === undefined || text === 'no') return false;
  if (text === 'yes') return true;
  throw new UserError(`thread: “${text.slice(0, 40)}” is not a choice. Use yes (each alert opens its own thread) or no.`);
}

function modeOf(text: string | undefined): RouteMode {
  if (text === undefined || text === 'live') return 'live';
  if (text === 'digest') return 'digest';
  throw new UserError(`mode: “${text.slice(0, 40)}” is not a mode. Use live (each new story as it arrives) or digest (only in the daily digest).`);
}

export class RouteDesk {
  readonly routes: FeedRoutes;

  constructor(
    private readonly newsroom: Newsroom,
    readonly options: RouteDeskOptions,
  ) {
    this.routes = new FeedRoutes(newsroom.store);
  }

  /** The mode and filter a moderator typed, checked (a UserError names what is wrong). */
  check(input: RouteInput): { mode: RouteMode; filter: FilterTerms; thread: boolean } {
    const mode = modeOf(input.mode);
    const thread = threadOf(input.thread);
    if (thread && mode === 'digest') throw new UserError('thread: yes is for live alerts; mode: digest posts nothing as stories arrive.');
    return { mode, filter: { match: input.match ? parseTerms(input.match, 'match') : [], exclude: input.exclude ? parseTerms(input.exclude, 'exclude') : [] }, thread };
  }

  /**
   * The options checked, and where the route goes. Whether alerts can open threads is the
   * platform's to say (Invocation.threads), so no platform is named here.
   */
  async plan(invocation: Invocation, input: RouteInput): Promise<RoutePlan> {
    const { mode, filter, thread } = this.check(input);
    if (!thread) return { mode, filter };
    if (!invocation.threads) throw new UserError('thread: yes is not available here: this platform cannot give each alert a thread of its own.');
    const place = await invocation.threads();
    if (!place) throw new UserError('thread: yes cannot open threads from here: run it in a text or announcement channel, or in a post of the forum that should get the alerts.');
    return { mode, filter, place };
  }

  /**
   * Sends a feed to the channel that asked, replacing this channel's route of it (which clears a
   * disabled state and starts afresh: only stories arriving from now on are posted).
   */
  async route(invocation: Invocation, feed: string, { mode, filter, place }: RoutePlan): Promise<{ route: Route; replaced: boolean; unconfirmed?: true }> {
    const channelId = place?.channelId ?? invocation.channelId;
    const existing = await this.routes.ofWorkspace(invocation);
    const replaced = existing.some((r) => r.channelId === channelId && r.feed === feed);
    if (!replaced && existing.length >= this.options.maxRoutes) {
      throw new UserError(`This ${invocation.platform === 'slack' ? 'workspace' : 'server'} has ${this.options.maxRoutes} feed routes already (the operator's limit); remove one first.`);
    }
    const route = newRoute(invocation, feed, mode, filter, this.newsroom.clock.now(), place);
    const outcome = await confirmedWrite(
      () => this.routes.save(route),
      () => this.routes.saved(route),
    );
    // A channel turned back on starts with a clean slate: its old failures do not disable it again.
    await forgetFailures(this.newsroom.store, route).catch((error: unknown) => this.newsroom.logger.warn({ err: error, channel: channelKey(route) }, 'alerts: the channel’s past failures not cleared'));
    if (outcome === 'unknown') this.newsroom.logger.warn({ channel: channelKey(route), feed }, 'alerts: route sent, but the store did not confirm it; it may or may not be saved');
    return { route, replaced, ...(outcome === 'unknown' && { unconfirmed: true as const }) };
  }

  /** Stops the feed's alerts in this channel, or typed in a forum's post, in that forum; false when it had none. */
  async unroute(invocation: Invocation, feed: string): Promise<boolean> {
    if (await this.routes.remove({ ...refOf(invocation), feed })) return true;
    const place = invocation.threads && (await invocation.threads().catch(() => undefined));
    return place?.forum === true && this.routes.remove({ ...refOf(invocation), channelId: place.channelId, feed });
  }

  /** Stops the feed's alerts in every channel of the workspace (it stopped following the feed). */
  async unrouteEverywhere(invocation: Invocation, feed: string): Promise<number> {
    let removed = 0;
    for (const route of await this.routes.ofWorkspace(invocation)) if (route.feed === feed && (await this.routes.remove(route))) removed++;
    return removed;
  }

  /** The workspace's routes by channel, the asking channel first, each with its last post and error. */
  async list(invocation: Invocation): Promise<ChannelRoutes[]> {
    const byChannel = new Map<string, Route[]>();
    for (const route of await this.routes.ofWorkspace(invocation)) byChannel.set(route.channelId, [...(byChannel.get(route.channelId) ?? []), route]);
    const channels = [...byChannel.entries()].sort(([a], [b]) => (a === invocation.channelId ? -1 : b === invocation.channelId ? 1 : a.localeCompare(b)));
    return Promise.all(
      channels.map(async ([channelId, routes]) => {
        const channel = { ...refOf(invocation), channelId };
        const log = await alertChannelLog(this.newsroom.store, channel).catch(() => undefined);
        return { channel, routes, ...(log && { log }) };
      }),
    );
  }

  /** The stories a filter lets through (a preview: nothing is posted or saved). */
  test<S extends FilterInput>(stories: readonly S[], filter: FilterTerms): S[] {
    return stories.filter(storyFilter(filter));
  }
}
