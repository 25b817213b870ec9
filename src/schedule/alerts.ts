// The alert pass: every minute (under the cron lease, so one replica runs it), for each feed some
// channel follows live, read the stories that reached the feed since the slowest of its routes'
// cursors (archive.arrivals: by when the feed brought them, never by the date the publisher
// prints, so a feed that rewrites its dates floods nothing), test each route's filter, and post
// what passes through the delivery path (./delivery.ts): claimed per (channel, story), paced under
// the platform limit shared with digests, never re-sent blindly. A story in the feed before the
// route was made, or in a feed's first fetch, is never an arrival. Each channel's routes are
// handled in order by one worker, so its hourly cap is counted without races; past the cap, the
// hour's remaining stories are kept and posted as one overflow post once the hour is over.
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
  readonly skipped?: 'stopping' | 'store unavailable';
}

/** Arrivals read per feed per pass; a feed with more continues at the next pass. */
const PAGE = 200;
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

/** One route's share of a pass: its stories since its cursor. */
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
    const { logger } = this.options.newsroom;
    const counts = nothing();
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
    for (const feed of feeds) {
      try {
        for (const work of await this.feedWork(feed)) {
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

  /** The live routes of one feed, each with the stories since its cursor. */
  private async feedWork(feed: string): Promise<RouteWork[]> {
    const routes = (await this.routes.ofFeed(feed)).filter((r) => r.mode === 'live' && !r.disabled && this.options.posters[r.platform]);
    if (routes.length === 0) {
      await this.routes.forgetFeed(feed);
      return [];
    }
    const logs = await Promise.all(routes.map((r) => this.routes.log(r)));
    const after = new Date(Math.min(...logs.map((l) => Date.parse(l.cursor))));
    let page = await this.options.newsroom.articles.archive.arrivals(feed, after, PAGE);
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
    const analyses = await this.options.newsroom.articles.analysesOf(page.map((a) => a.article));
    const arrivals = page.map((a, i) => ({ ...a, summary: analyses[i]!.summaries.short[0] ?? a.article.dek }));
    return routes.map((route, i) => ({ route, log: logs[i]!, arrivals: arrivals.filter((a) => a.seenAt.getTime() > Date.parse(logs[i]!.cursor)) })).filter((w) => w.arrivals.length > 0);
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
   * arrived then is settled (posted, already there, filtered out, counted into the overflow, or
   * failed for good), and stops before the instant of the first whose fate is still open: the next
   * pass takes that instant up again, and what was settled in it settles the same way again.
   */
  private async route({ route, log, arrivals }: RouteWork, counts: Counts): Promise<void> {
    const passes = this.filterOf(route);
    let cursor = log.cursor;
    let done = true;
    try {
      for (const [i, { article, seenAt, summary }] of arrivals.entries()) {
        if (i > 0 && seenAt.getTime() > arrivals[i - 1]!.seenAt.getTime()) cursor = arrivals[i - 1]!.seenAt.toISOString();
        if (this.stopping) {
          done = false;
          break;
        }
        if (!passes({ title: article.title, ...(summary && { summary }), tags: article.tags })) {
          counts.filtered++;
          continue;
        }
        const result = await this.post(route, article, seenAt, counts);
        if (result === 'uncertain' || result === 'pending' || result === 'unrecorded') {
          counts.open++;
          done = false;
          break;
        }
        // A failed post is noted (and may have disabled the channel); the rest wait for the next pass.
        if (result === 'failed') {
          done = false;
          break;
        }
      }
      if (done && arrivals.length > 0) cursor = arrivals.at(-1)!.seenAt.toISOString();
    } finally {
      if (cursor !== log.cursor) await this.routes.saveLog(route, { ...log, cursor });
    }
  }

  /** Posts one story, or counts it into the hour's overflow once the channel's cap is reached. */
  private async post(route: Route, article: Article, seenAt: Date, counts: Counts): Promise<DeliveryResult | 'overflowed'> {
    const { store } = this.options.newsroom;
    const hour = new Date(Math.floor(this.now().getTime() / HOUR_MS) * HOUR_MS);
    const hourKey = `${channelKey(route)}@${hour.toISOString()}`;
    const sent = (await store.get<{ count: number }>(HOURS, hourKey))?.count ?? 0;
    const post = storyAlert(route, article.slug, seenAt, this.options.feedName(route.feed));
    // Past the cap a story goes into the hour's overflow post, unless a pass already claimed it
    // (a restart mid-hour): that one is settled through the delivery path like any other.
    if (sent >= this.options.perHour && !(await this.delivery.claimed(post.key))) {
      const kept = (await store.get<Overflow>(OVERFLOWS, hourKey)) ?? { channel: channelRef(route), hour: hour.toISOString(), slugs: [], total: 0 };
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
      const result = await this.delivery.deliver(overflowAlert(overflow.channel, hour, overflow.slugs, overflow.total, this.options.perHour));
      if (result === 'delivered' || result === 'unrecorded') counts.posted++;
      if (result !== 'uncertain' && result !== 'pending' && result !== 'unrecorded') await store.delete(OVERFLOWS, key);
    }
  }
}

function channelRef({ platform, workspaceId, channelId }: ChannelRef): ChannelRef {
  return { platform, workspaceId, channelId };
}

function nothing(): Counts {
  return { feeds: 0, posted: 0, taken: 0, filtered: 0, overflowed: 0, failed: 0, open: 0 };
}
