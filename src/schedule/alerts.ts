// The alert pass: every minute (under the cron lease, so one replica runs it), for each feed some
// channel follows live, read the stories that reached the feed since the slowest of its routes'
// cursors (archive.arrivals: by when the feed brought them, never by the date the publisher
// prints, so a feed that rewrites its dates floods nothing), test each route's filter, and post
// what passes through the delivery path (./delivery.ts): claimed per (channel, story), paced under
// the platform limit shared with digests, never re-sent blindly. A story in the feed before the
// route was made, or in a feed's first fetch, is never an arrival. One pass runs at a time across
// replicas (a store lease), and each channel's routes are handled in order by one worker, so its
// hourly cap is counted without races; past the cap, the hour's remaining stories are set aside
// and posted as one overflow post once the hour is over.
import type { ChannelPoster } from '../core/adapter';
import type { Platform } from '../core/context';
import type { Article } from '../newsroom/article';
import type { Newsroom } from '../newsroom/newsroom';
import { type StoryFilter, storyFilter } from '../newsroom/story-filter';
import { AlertPosts, type AlertPost, overflowAlert, storyAlert } from './alert-posts';
import { DeliveryBook } from './deliveries';
import { Delivery, type DeliveryResult } from './delivery';
import type { Job } from './job';
import { realSleep, type Sleep } from './pacer';
import type { Turns } from './rate-limit';
import { readerFor } from '../newsroom/readers';
import { FeedRoutes, type Route, type RouteLog } from './routes';
import { channelKey, type ChannelRef } from './subscriptions';

export interface AlertSchedulerOptions {
  readonly newsroom: Newsroom;
  readonly posters: Partial<Record<Platform, ChannelPoster>>;
  /** The platform's shared limit: the same turns digests take (DigestScheduler.pacer). */
  readonly pacer: (platform: Platform) => Turns;
  readonly owner: string;
  /** A feed's display name for alerts whose story names no source. */
  readonly feedName: (url: string) => string;
  /** Alerts per channel per hour before the rest go into one overflow post (ALERTS_PER_HOUR). */
  readonly perHour: number;
  readonly sleep?: Sleep;
  /** Channels worked on at once. */
  readonly concurrency?: number;
  readonly postDeadlineMs?: number;
}

export interface AlertReport {
  readonly feeds: number;
  readonly posted: number;
  /** Stories the channel already had (through another feed, or another replica's pass). */
  readonly taken: number;
  readonly filtered: number;
  readonly overflowed: number;
  readonly failed: number;
  /** Left for the next pass (uncertain, or another replica's claim still running). */
  readonly open: number;
  readonly skipped?: 'stopping' | 'store unavailable' | 'another pass running';
}

/** Arrivals read per feed and cursor per pass; a feed with more continues at the next pass. */
const PAGE = 200;
/**
 * Arrivals are read from this far behind a cursor: a story stamped by a replica whose clock runs a
 * little behind, or filed while the pass ran, is not passed over. Those already settled settle the
 * same way again (their claims answer "taken").
 */
const SKEW_MS = 30_000;
/** A story whose post's fate stays open this long is given up (its record says "uncertain"). */
const OPEN_FOR_MS = 24 * 3_600_000;
const OPEN_KEPT = 50;
/** One alert pass at a time across replicas; a pass that dies leaves the lease to run out. */
const PASS_LEASE = { namespace: 'alert-pass', key: 'lease', ms: 10 * 60_000 } as const;
const HOUR_MS = 3_600_000;
const HOURS = 'alert-hours';
const OVERFLOWS = 'alert-overflows';
/** An overflow record keeps at most this many stories (the post lists fewer). */
const OVERFLOW_KEPT = 100;

interface Arrival {
  readonly article: Article;
  readonly seenAt: Date;
  readonly summary?: string;
}

/** One route's share of a pass: its stories since its cursor, and those behind it still open. */
interface RouteWork {
  readonly route: Route;
  readonly log: RouteLog;
  readonly arrivals: readonly Arrival[];
}

interface Overflow {
  readonly channel: ChannelRef;
  readonly hour: string;
  readonly slugs: readonly string[];
  readonly total: number;
  /** The channel is a forum: the overflow is a forum post too. */
  readonly forum?: true;
}

type Counts = { -readonly [K in Exclude<keyof AlertReport, 'skipped'>]: number };

export class AlertScheduler {
  readonly routes: FeedRoutes;
  private readonly delivery: Delivery<AlertPost>;
  private readonly filters = new Map<string, { readonly version: string; readonly test: StoryFilter }>();
  private pass: Promise<AlertReport> | undefined;
  private stopping = false;

  constructor(private readonly options: AlertSchedulerOptions) {
    this.routes = new FeedRoutes(options.newsroom.store);
    this.delivery = new Delivery({
      ...options,
      desk: new AlertPosts(options.newsroom, this.routes),
      book: new DeliveryBook(options.newsroom.store),
      sleep: options.sleep ?? realSleep,
      // An alert is news now or not at all: a short lease, so a crashed replica's claim is taken over soon.
      leaseMs: 5 * 60_000,
    });
  }

  get job(): Job {
    return {
      name: 'alerts',
      schedule: '* * * * *',
      run: async () => void this.tick().catch((error: unknown) => this.options.newsroom.logger.error({ err: error }, 'alerts: pass failed')),
    };
  }

  /** One pass; a pass still running is joined, not doubled. */
  tick(): Promise<AlertReport> {
    if (this.stopping) return Promise.resolve({ ...nothing(), skipped: 'stopping' });
    this.pass ??= this.run().finally(() => (this.pass = undefined));
    return this.pass;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.pass;
  }

  private now(): Date {
    return this.options.newsroom.clock.now();
  }

  private async run(): Promise<AlertReport> {
    const { logger, store } = this.options.newsroom;
    const counts = nothing();
    let feeds: string[];
    try {
      // The cron lease is per minute, and a pass may take longer: two at once would race over a
      // channel's hourly count and overflow.
      if (!(await store.add(PASS_LEASE.namespace, PASS_LEASE.key, { owner: this.options.owner }, PASS_LEASE.ms))) return { ...counts, skipped: 'another pass running' };
    } catch (error) {
      logger.warn({ err: error }, 'alerts: store unavailable, trying again next minute');
      return { ...counts, skipped: 'store unavailable' };
    }
    try {
      return await this.runLeased(counts);
    } finally {
      await store.delete(PASS_LEASE.namespace, PASS_LEASE.key).catch(() => undefined);
    }
  }

  private async runLeased(counts: Counts): Promise<AlertReport> {
    const { logger } = this.options.newsroom;
    let feeds: string[];
    try {
      feeds = await this.routes.routedFeeds();
    } catch (error) {
      logger.warn({ err: error }, 'alerts: store unavailable, trying again next minute');
      return { ...counts, skipped: 'store unavailable' };
    }
    counts.feeds = feeds.length;
    // Per channel, its routes' work, so one worker handles a channel's posts in order.
    const byChannel = new Map<string, RouteWork[]>();
    const follows = new Map<string, Promise<ReadonlySet<string> | undefined>>();
    for (const feed of feeds) {
      try {
        for (const work of await this.feedWork(feed, follows)) {
          const key = channelKey(work.route);
          byChannel.set(key, [...(byChannel.get(key) ?? []), work]);
        }
      } catch (error) {
        logger.warn({ err: error, feed }, 'alerts: could not read this feed’s routes or stories; trying again next minute');
      }
    }
    const channels = [...byChannel.values()];
    let next = 0;
    const worker = async () => {
      while (next < channels.length && !this.stopping) {
        const works = channels[next++]!;
        for (const work of works) {
          try {
            await this.route(work, counts);
          } catch (error) {
            logger.warn({ err: error, channel: channelKey(work.route), feed: work.route.feed }, 'alerts: route not finished; the next pass goes on from where it stopped');
            break;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency ?? 16, channels.length) }, worker));
    await this.flushOverflows(counts).catch((error: unknown) => logger.warn({ err: error }, 'alerts: overflow posts not checked; trying again next minute'));
    if (counts.posted + counts.failed + counts.overflowed > 0) logger.info(counts, 'alerts: pass done');
    return counts;
  }

  /**
   * The live routes of one feed, each with the stories since its cursor. Routes at one cursor (the
   * usual case: all caught up) share one read; a route held back reads its own, so it holds up
   * no other. A route whose workspace no longer follows the feed (another took it over, the
   * operator dropped it) is disabled, saying so: it posts nothing that workspace cannot read.
   */
  private async feedWork(feed: string, follows: Map<string, Promise<ReadonlySet<string> | undefined>>): Promise<RouteWork[]> {
    const all = await this.routes.ofFeed(feed);
    if (all.length === 0) {
      await this.routes.forgetFeed(feed);
      return [];
    }
    const routes: Route[] = [];
    for (const route of all) {
      if (route.mode !== 'live' || route.disabled || !this.options.posters[route.platform]) continue;
      if (await this.stillFollowed(route, follows)) routes.push(route);
      else await this.routes.disable(route, this.now(), 'this server or workspace no longer follows the feed; /feeds add it again to follow it');
    }
    const logs = await Promise.all(routes.map((r) => this.routes.log(r)));
    const byCursor = new Map<string, number[]>();
    logs.forEach((log, i) => byCursor.set(log.cursor, [...(byCursor.get(log.cursor) ?? []), i]));
    const works: RouteWork[] = [];
    for (const [cursor, members] of byCursor) {
      const arrivals = await this.arrivals(feed, new Date(Date.parse(cursor) - SKEW_MS));
      const since = Date.parse(cursor) - SKEW_MS;
      const fresh = arrivals.filter((a) => a.seenAt.getTime() > since);
      for (const i of members) if (fresh.length > 0 || (logs[i]!.open?.length ?? 0) > 0) works.push({ route: routes[i]!, log: logs[i]!, arrivals: fresh });
    }
    return works;
  }

  /** A page of the feed's arrivals after `after`, in the order they are posted, with summaries. */
  private async arrivals(feed: string, after: Date): Promise<Arrival[]> {
    const { articles } = this.options.newsroom;
    let page = await articles.archive.arrivals(feed, after, PAGE);
    // A full page may end part-way through the stories of one instant: they wait for the next pass
    // whole, since a cursor moves past an instant only once all its stories are settled.
    if (page.length === PAGE) {
      const last = page.at(-1)!.seenAt.getTime();
      const whole = page.filter((a) => a.seenAt.getTime() !== last);
      if (whole.length > 0) page = whole;
    }
    if (page.length === 0) return [];
    // Stories of one poll arrive together: posted in the order they were published.
    page = [...page].sort((a, b) => a.seenAt.getTime() - b.seenAt.getTime() || a.article.published.getTime() - b.article.published.getTime() || a.article.slug.localeCompare(b.article.slug));
    const analyses = await articles.analysesOf(page.map((a) => a.article));
    return page.map((a, i) => ({ ...a, summary: analyses[i]!.summaries.short[0] ?? a.article.dek }));
  }

  /** Whether the route's workspace still reads the feed (read once per workspace per pass). */
  private async stillFollowed(route: Route, follows: Map<string, Promise<ReadonlySet<string> | undefined>>): Promise<boolean> {
    const key = `${route.platform}/${route.workspaceId}`;
    let feeds = follows.get(key);
    if (!feeds) {
      feeds = readerFor(this.options.newsroom, route).then((reader) => (reader ? new Set(reader.feeds) : undefined));
      follows.set(key, feeds);
    }
    const followed = await feeds;
    return followed === undefined || followed.has(route.feed);
  }

  private filterOf(route: Route): StoryFilter {
    const key = `${channelKey(route)} ${route.feed}`;
    let cached = this.filters.get(key);
    if (cached?.version !== route.createdAt) {
      cached = { version: route.createdAt, test: storyFilter(route.filter) };
      this.filters.set(key, cached);
    }
    return cached.test;
  }

  /**
   * A route's stories in arrival order. The cursor moves past an instant once every story that
   * arrived then is settled (posted, already there, filtered out, set aside for the overflow, or
   * failed for good). A story whose post's fate is still open goes on the route's open list, taken
   * up first by each pass, so it holds up nothing behind it.
   */
  private async route({ route, log, arrivals }: RouteWork, counts: Counts): Promise<void> {
    const passes = this.filterOf(route);
    const now = this.now().getTime();
    const open: Array<{ slug: string; seenAt: string }> = [];
    for (const story of log.open ?? []) {
      const article = await this.options.newsroom.articles.archive.get(story.slug);
      const result = article ? await this.post(route, article, new Date(story.seenAt), counts) : 'empty';
      if (isOpen(result) && now - Date.parse(story.seenAt) < OPEN_FOR_MS) open.push(story);
    }
    let cursor = log.cursor;
    let done = true;
    const lookedAt = new Set(log.seen);
    const looked: Arrival[] = [];
    try {
      for (const [i, arrival] of arrivals.entries()) {
        const { article, seenAt, summary } = arrival;
        if (i > 0 && seenAt.getTime() > arrivals[i - 1]!.seenAt.getTime() && arrivals[i - 1]!.seenAt.toISOString() > cursor) cursor = arrivals[i - 1]!.seenAt.toISOString();
        if (this.stopping) {
          done = false;
          break;
        }
        if (lookedAt.has(article.slug)) continue;
        looked.push(arrival);
        if (!passes({ title: article.title, ...(summary && { summary }), ...(article.dek && { dek: article.dek }), tags: article.tags })) {
          counts.filtered++;
          continue;
        }
        if (open.some((o) => o.slug === article.slug)) continue;
        const result = await this.post(route, article, seenAt, counts);
        if (isOpen(result)) {
          counts.open++;
          open.push({ slug: article.slug, seenAt: seenAt.toISOString() });
          if (open.length >= OPEN_KEPT) {
            done = false;
            break;
          }
        }
        // A failed post is noted (and may have disabled the channel): the rest wait for the next pass.
        if (result === 'failed') {
          done = false;
          break;
        }
      }
      const last = arrivals.at(-1)?.seenAt.toISOString();
      if (done && last && last > cursor) cursor = last;
    } finally {
      // What the next pass reads again behind the cursor and must pass over.
      const margin = Date.parse(cursor) - SKEW_MS;
      const seen = [...new Set([...(log.seen ?? []), ...looked.filter((a) => a.seenAt.toISOString() <= cursor).map((a) => a.article.slug)])]
        .filter((slug) => arrivals.some((a) => a.article.slug === slug && a.seenAt.getTime() > margin))
        .slice(-PAGE);
      const same = (a: readonly unknown[] = [], b: readonly unknown[] = []) => a.length === b.length && a.every((x, i) => JSON.stringify(x) === JSON.stringify(b[i]));
      if (cursor !== log.cursor || !same(open, log.open) || !same(seen, log.seen)) {
        const { open: _open, seen: _seen, ...rest } = log;
        await this.routes.saveLog(route, { ...rest, cursor, ...(open.length > 0 && { open }), ...(seen.length > 0 && { seen }) });
      }
    }
  }

  /** Posts one story, or counts it into the hour's overflow once the channel's cap is reached. */
  private async post(route: Route, article: Article, seenAt: Date, counts: Counts): Promise<DeliveryResult | 'overflowed'> {
    const { store } = this.options.newsroom;
    const hour = new Date(Math.floor(this.now().getTime() / HOUR_MS) * HOUR_MS);
    const hourKey = `${channelKey(route)}@${hour.toISOString()}`;
    const sent = (await store.get<{ count: number }>(HOURS, hourKey))?.count ?? 0;
    const post = storyAlert(route, article.slug, seenAt, this.options.feedName(route.feed), route.thread);
    // Past the cap a story goes into the hour's overflow post, set aside (claimed) so no later pass
    // posts it on its own; one a pass already claimed is settled through the delivery path.
    if (sent >= this.options.perHour && (await this.delivery.setAside(post))) {
      const kept = (await store.get<Overflow>(OVERFLOWS, hourKey)) ?? { channel: channelRef(route), hour: hour.toISOString(), slugs: [], total: 0, ...(route.thread?.forum && { forum: true }) };
      if (!kept.slugs.includes(article.slug)) {
        await store.set(OVERFLOWS, hourKey, { ...kept, slugs: [...kept.slugs, article.slug].slice(0, OVERFLOW_KEPT), total: kept.total + 1 });
      }
      counts.overflowed++;
      return 'overflowed';
    }
    const result = await this.delivery.deliver(post);
    if (result === 'delivered' || result === 'unrecorded') {
      counts.posted++;
      await store.set(HOURS, hourKey, { count: sent + 1 }, 2 * HOUR_MS);
    } else if (result === 'taken' || result === 'empty') counts.taken++;
    else if (result === 'failed') counts.failed++;
    return result;
  }

  /** Posts each finished hour's overflow once; a post whose fate is open is looked at again next pass. */
  private async flushOverflows(counts: Counts): Promise<void> {
    const { store } = this.options.newsroom;
    const now = this.now().getTime();
    for (const [key, overflow] of await store.entries<Overflow>(OVERFLOWS)) {
      const hour = new Date(overflow.hour);
      if (hour.getTime() + HOUR_MS > now || !this.options.posters[overflow.channel.platform]) continue;
      const result = await this.delivery.deliver(overflowAlert(overflow.channel, hour, overflow.slugs, overflow.total, this.options.perHour, overflow.forum));
      if (result === 'delivered' || result === 'unrecorded') counts.posted++;
      if (result !== 'uncertain' && result !== 'pending' && result !== 'unrecorded') await store.delete(OVERFLOWS, key);
    }
  }
}

/** Posted or not, nobody can say yet. */
function isOpen(result: DeliveryResult | 'overflowed'): boolean {
  return result === 'uncertain' || result === 'pending' || result === 'unrecorded';
}

function channelRef({ platform, workspaceId, channelId }: ChannelRef): ChannelRef {
  return { platform, workspaceId, channelId };
}

function nothing(): Counts {
  return { feeds: 0, posted: 0, taken: 0, filtered: 0, overflowed: 0, failed: 0, open: 0 };
}
