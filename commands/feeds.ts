import type { OptionDef } from '../src/core/command';
import { type CommandContext, defineCommand } from './context';
import { UserError } from '../src/core/errors';
import type { Reply, ReplyField } from '../src/core/reply';
import type { FeedDesk, FeedStatus } from '../src/ingest/feed-desk';
import { feedUrl } from '../src/ingest/feeds';
import { describeFilter } from '../src/newsroom/story-filter';
import { type ChannelRoutes, type RouteDesk, type RouteInput, wantsRoute } from '../src/schedule/route-desk';
import type { Route } from '../src/schedule/routes';

/** "2026-11-27 01:30 UTC" */
function when(iso: string | undefined): string {
  return iso ? `${iso.replace('T', ' ').slice(0, 16)} UTC` : 'never';
}

function minutes(ms: number): string {
  if (!Number.isFinite(ms)) return 'a while';
  return ms >= 3_600_000 && ms % 3_600_000 === 0 ? `${ms / 3_600_000} h` : `${Math.round(ms / 60_000)} min`;
}

function describe({ feed, state, operator }: FeedStatus) {
  const origin = feed.origin === 'file' ? 'feeds.yaml' : operator ? 'operator feed' : `added by ${feed.addedBy ?? 'a moderator'}`;
  return {
    title: feed.name,
    url: feed.url,
    meta: [`every ${minutes(feed.intervalMs)}`, origin, `${state?.articles ?? 0} articles`].join(' · '),
    text: [`Last fetch: ${when(state?.lastFetchAt)}`, state?.lastError ? `last error: ${state.lastError}` : 'no errors'].join('; '),
  };
}

// Not required, so a bare `/feeds remove` is asked "Which feed?" by run() rather than by validation.
const URL = { name: 'url', description: 'The feed URL', type: 'string', maxLength: 500 } as const satisfies OptionDef;
const MATCH = { name: 'match', description: 'Only stories with one of these: words, "phrases", /patterns/', type: 'string', maxLength: 500 } as const satisfies OptionDef;
const EXCLUDE = { name: 'exclude', description: 'No stories with any of these: words, "phrases", /patterns/', type: 'string', maxLength: 500 } as const satisfies OptionDef;
const MODE = { name: 'mode', description: 'live: post each new story here; digest: only in the daily digest', type: 'string', choices: ['live', 'digest'] } as const satisfies OptionDef;
// Typed in a forum's post, thread:yes sends the alerts to the forum itself, each a new post: slash
// commands cannot be run in a forum channel, and a channel option would need a channel type every
// platform parses, and a check that the moderator may post there. See Invocation.threads.
const THREAD = { name: 'thread', description: 'yes: each alert opens its own thread (Discord; in a forum, each is a new post)', type: 'string', choices: ['yes', 'no'], needs: 'threads' } as const satisfies OptionDef;

function desk(ctx: CommandContext): FeedDesk {
  if (!ctx.feeds) throw new UserError('Feeds are not available in this mode.');
  return ctx.feeds;
}

function routeDesk(ctx: CommandContext): RouteDesk {
  if (!ctx.routes) throw new UserError('Live alerts are not available in this mode.');
  return ctx.routes;
}

/** "live · thread · match: putin" */
function describeRoute(route: Route): string {
  const thread = route.thread && (route.thread.forum ? 'forum posts' : 'thread');
  return [route.mode, thread, describeFilter(route.filter)].filter(Boolean).join(' · ');
}

/** One field per channel: its routes, last post, last error, and why it is disabled. */
function channelField({ channel, routes, log }: ChannelRoutes, nameOf: (url: string) => string, here: string): ReplyField {
  const lines = routes.map((r) => `${nameOf(r.feed)}: ${describeRoute(r)}`);
  lines.push(`last post ${when(log?.lastPost)}${log?.lastError ? `; last error ${when(log.lastError.at)}: ${log.lastError.message.slice(0, 120)}` : ''}`);
  const disabled = routes.find((r) => r.disabled)?.disabled;
  if (disabled) lines.push(`disabled since ${when(disabled.at)}: ${disabled.reason.slice(0, 160)}. /feeds add here turns it back on.`);
  const place = routes.some((r) => r.thread?.forum) ? 'Forum' : 'Channel';
  return { name: channel.channelId === here ? 'This channel' : `${place} ${channel.channelId}`, value: lines.join('\n') };
}

/** What a route made here will do, in a sentence. */
function routeSentence(name: string, route: Route, perHour: number): string {
  if (route.mode === 'digest') return `${name} reaches this channel in its daily digest only; nothing is posted as it arrives.`;
  const filter = describeFilter(route.filter);
  const where = route.thread?.forum ? `as a new post in this forum (${route.channelId})` : route.thread ? 'here, each in its own thread,' : 'here';
  return `${name} posts each new story ${where} as it arrives${filter ? ` (${filter})` : ''}, at most ${perHour} an hour (the rest in one post after the hour). Stories already in the feed are not posted.`;
}

export default defineCommand(
  {
    name: 'feeds',
    description: 'Follow RSS/Atom feeds here: add or remove one, or list them with their last fetch and error',
    moderatorOnly: true,
    subcommands: [
      { name: 'add', description: 'Follow a feed; with mode, match, exclude or thread, post its new stories in this channel', options: [URL, MODE, MATCH, EXCLUDE, THREAD] },
      { name: 'remove', description: 'Stop following a feed here (and its alerts); its articles stay', options: [URL] },
      { name: 'list', description: "The newsroom's feeds and this server's or workspace's own, with last fetch and error" },
      { name: 'test', description: "Which of a feed's current stories a filter lets through (posts nothing)", options: [URL, MATCH, EXCLUDE] },
    ],
    help: "A feed added here is this server's or workspace's: only it lists it, changes it and is served its stories. It is fetched at once: its current stories are served by /news and /summary but are not new for digests; stories published later are. The newsroom's own feeds (feeds.yaml, operator feeds) are served everywhere and changed by the operator only.",
  },
  async (ctx, args): Promise<Reply> => {
    const feeds = desk(ctx);
    const { invocation } = ctx;
    if (args.action === 'list') return list(ctx, feeds);
    const { action, url } = args;
    if (!url) throw new UserError(`Which feed? Usage: /feeds ${action} <url>`);
    if (action === 'test') return preview(ctx, feeds, url, args);
    if (action === 'remove') return remove(ctx, feeds, url);
    const input: RouteInput = { ...(args.mode && { mode: args.mode }), ...(args.match && { match: args.match }), ...(args.exclude && { exclude: args.exclude }), ...(args.thread && { thread: args.thread }) };
    if (!wantsRoute(input)) return { text: followed(ctx, await follow(ctx, feeds, url)), visibility: 'ephemeral' };
    // Routed here: the options are checked, and where the route goes is known, before anything is followed.
    const routes = routeDesk(ctx);
    const plan = await routes.plan(invocation, input);
    const known = await feeds.following(url, invocation);
    const added = known ? undefined : await follow(ctx, feeds, url);
    const feed = known?.feed ?? added!.feed;
    const { route, replaced, unconfirmed } = await routes.route(invocation, feed.url, plan);
    const said = [added && followed(ctx, added), routeSentence(feed.name, route, routes.options.perHour), replaced && `It replaces this ${route.thread?.forum ? 'forum' : 'channel'}’s earlier route of it.`];
    if (unconfirmed) said.push('The bot’s storage did not confirm the route: check /feeds list in a minute and repeat this if it is not there.');
    return { text: said.filter(Boolean).join(' '), visibility: 'ephemeral' };
  },
);

async function list(ctx: CommandContext, feeds: FeedDesk): Promise<Reply> {
  const all = await feeds.list(ctx.invocation);
  const channels = ctx.routes ? await ctx.routes.list(ctx.invocation) : [];
  if (all.length === 0 && channels.length === 0) return { text: 'No feeds yet. A moderator can add one with /feeds add <url>.', visibility: 'ephemeral' };
  const names = new Map(all.map((s) => [s.feed.url, s.feed.name]));
  const operator = all.some((s) => s.operator && s.feed.origin !== 'file');
  return {
    title: `Feeds (${all.length})`,
    items: all.map(describe),
    ...(channels.length > 0 && { fields: channels.slice(0, 20).map((c) => channelField(c, (u) => names.get(u) ?? u, ctx.invocation.channelId)) }),
    // Where an operator feed comes from and how it goes: the same words as the README's.
    ...(operator && { footer: 'Operator feeds were added from chat before feeds belonged to a server or workspace; they are served everywhere until a moderator adds one here (then it is this one’s) or the operator removes it.' }),
    visibility: 'ephemeral',
  };
}

/** Follows a feed for this workspace; a failed first fetch still follows it. */
function follow(ctx: CommandContext, feeds: FeedDesk, url: string) {
  const { user } = ctx.invocation;
  return feeds.add(url, { id: user.id, ...(user.name && { name: user.name }) }, ctx.invocation);
}

function followed(ctx: CommandContext, result: Awaited<ReturnType<FeedDesk['add']>>): string {
  const { feed } = result;
  if (!result.ok) return `Following ${feed.name} (${feed.url}), but the first fetch failed: ${result.error}. I will retry in ${minutes(Date.parse(result.state.nextPollAt ?? '') - ctx.clock.now().getTime())}.`;
  if (result.joined) return `Following ${feed.name} (${feed.url}): the stories it brought are served here now by /news and /summary; only stories published from now on count as new for digests.`;
  const counted = `${result.added} ${result.added === 1 ? 'article' : 'articles'} in now`;
  const extra = [result.duplicates > 0 && `${result.duplicates} already known`, result.skipped > 0 && `${result.skipped} skipped`].filter(Boolean).join(', ');
  return `Following ${feed.name} (${feed.url}): ${counted}${extra ? ` (${extra})` : ''}. They are served by /news and /summary; only stories published from now on count as new for digests.`;
}

/**
 * Stops following a feed of this workspace's own, with its alerts in every channel here; for one of
 * the newsroom's feeds (which only the operator removes), or one routed here that the workspace no
 * longer follows, stops its alerts in this channel.
 */
async function remove(ctx: CommandContext, feeds: FeedDesk, url: string): Promise<Reply> {
  const { invocation } = ctx;
  const known = await feeds.following(url, invocation);
  const normalized = known?.feed.url ?? feedUrl(url);
  // Not this workspace's own feed (the newsroom's, or one it no longer follows): its alerts here stop.
  if ((!known || known.operator) && normalized && ctx.routes && (await ctx.routes.unroute(invocation, normalized))) {
    return { text: `Stopped posting ${known?.feed.name ?? normalized} in this channel.`, visibility: 'ephemeral' };
  }
  const feed = await feeds.remove(url, invocation);
  const routes = ctx.routes ? await ctx.routes.unrouteEverywhere(invocation, feed.url) : 0;
  const alerts = routes > 0 ? ` Its alerts stopped in ${routes === 1 ? 'one channel' : `${routes} channels`}.` : '';
  return { text: `Stopped following ${feed.name} (${feed.url}). Its articles stay available.${alerts}`, visibility: 'ephemeral' };
}

/** Fetches the feed now and shows which of its stories the filter lets through; posts and saves nothing. */
async function preview(ctx: CommandContext, feeds: FeedDesk, url: string, input: RouteInput): Promise<Reply> {
  const routes = routeDesk(ctx);
  const terms = routes.check(input).filter;
  const peek = await feeds.peek(url);
  const passed = routes.test(peek.items, terms);
  const filter = describeFilter(terms) || 'no filter';
  return {
    title: `${peek.title ?? url}: ${filter}`,
    text: `${passed.length} of ${peek.items.length} current ${peek.items.length === 1 ? 'story' : 'stories'} would be posted. This is a preview: nothing is posted or saved.`,
    items: passed.slice(0, 10).map((item) => ({ title: item.title, ...(item.url && { url: item.url }), ...(item.summary && { text: item.summary.slice(0, 200) }) })),
    visibility: 'ephemeral',
  };
}
