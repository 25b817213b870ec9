// The feed poller: plain timers (node-cron belongs to src/schedule), one poll per feed at a time,
// conditional GET, per-feed backoff after failures. A feed that fails is logged with its name and
// retried later; every other feed goes on. Which feeds are followed, and /feeds add|remove|list,
// are the desk's (./feed-desk.ts): the poller keeps one and answers /feeds through it.
// Fetches go through one AddressGuard, so no feed, page or redirect reaches a private address
// unless allowPrivate (FEEDS_ALLOW_PRIVATE).
import type { Clock, Logger, Meter, Platform } from '../core/context';
import { UserError } from '../core/errors';
import type { Reader } from '../newsroom/archive';
import type { Readership } from '../newsroom/newsroom';
import type { Workspace } from '../newsroom/readers';
import type { Store } from '../store/store';
import { type FeedAdded, type FeedDesk, type FeedPeek, type FeedStatus, FollowedFeeds } from './feed-desk';
import type { FetchLimits } from './fetch';
import { type Feed, FEED_STATE, type FeedState, feedUrl, nameFor } from './feeds';
import type { PollResult } from './poll-feed';
import type { TextWork } from './story';
import type { Wire } from './wire';

export interface FeedPollerOptions {
  readonly store: Store;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Counts feed_fetched / feed_failed. */
  readonly meter?: Meter;
  readonly wire: Wire;
  /** content/feeds.yaml */
  readonly feedFile: string;
  /** Feeds one server or workspace may add (FEEDS_PER_WORKSPACE; default 50). */
  readonly feedsPerWorkspace?: number;
  readonly limits?: FetchLimits;
  /** Fetch from private and local addresses too (FEEDS_ALLOW_PRIVATE; tests' loopback feed servers). */
  readonly allowPrivate?: boolean;
  /** How many feeds are fetched at once. */
  readonly concurrency?: number;
  /**
   * The worker pool that parses feeds and pages (createIngestWorkers, ./workers.ts): whoever
   * creates it closes it. Without one, they are parsed on the event loop.
   */
  readonly workers?: TextWork;
  /** Arms the poller's one timer and returns its cancel; tests fire it by hand with their clock. */
  readonly wake?: (run: () => void, ms: number) => () => void;
}

/**
 * The fetching half of ingest (undici, the address guard, the feed and page parsers) loads at the
 * first fetch: it is most of start-up's CPU, and a console session or a bot with no feeds never
 * needs it.
 */
async function loadFetching(allowPrivate: boolean) {
  const [{ AddressGuard, PrivateAddressError }, { DEFAULT_FETCH_LIMITS, fetchLimited }, { pollFeed, FEED_TYPES }, { looksLikeFeed }] = await Promise.all([import('./address-guard'), import('./fetch'), import('./poll-feed'), import('./parse')]);
  return { guard: new AddressGuard({ allowPrivate }), PrivateAddressError, DEFAULT_FETCH_LIMITS, fetchLimited, pollFeed, FEED_TYPES, looksLikeFeed };
}

/** Items /feeds test shows at most. */
const PEEK_ITEMS = 50;


/** A plain timer that never holds the process open. */
function unrefTimer(run: () => void, ms: number): () => void {
  const timer = setTimeout(run, ms);
  timer.unref();
  return () => clearTimeout(timer);
}

/** A re-check at least this often, so a jump of the system clock cannot stall polling. */
const MAX_SLEEP_MS = 60 * 60_000;
/** While the store has not given the moderators' feeds, they are asked for again at least this often. */
const ADDED_RETRY_MS = 60_000;
/** Old ingested articles are pruned at the first tick (start-up), then at most this often... */
const PRUNE_EVERY_MS = 24 * 60 * 60_000;
/** ...or this soon again after a prune the store did not let finish. */
const PRUNE_RETRY_MS = 60 * 60_000;

export class FeedPoller implements FeedDesk, Readership {
  /** The feeds followed and their states: the desk's, read here to poll them. */
  private readonly followed: FollowedFeeds;
  private readonly inFlight = new Map<string, Promise<PollResult>>();
  private fetching: ReturnType<typeof loadFetching> | undefined;
  private cancelWake: (() => void) | undefined;
  private running = false;
  /** The timer's tick, if one is running: stop() waits for it, so nothing it does outlives the store. */
  private ticking: Promise<void> | undefined;
  private readonly stopping = new AbortController();
  /** When the next prune of old ingested articles is due (ms); the first tick always prunes. */
  private nextPruneAt: number | undefined;

  constructor(private readonly options: FeedPollerOptions) {
    this.followed = new FollowedFeeds(options, {
      refusal: (url) => this.refusal(url),
      poll: (url) => this.poll(url),
      changed: () => this.schedule(),
    });
  }

  private get feeds(): ReadonlyMap<string, Feed> {
    return this.followed.feeds;
  }

  private get states(): Map<string, FeedState> {
    return this.followed.states;
  }

  private fetcher(): ReturnType<typeof loadFetching> {
    this.fetching ??= loadFetching(this.options.allowPrivate ?? false);
    return this.fetching;
  }

  /** Why the address guard would not fetch this URL (a private address), or undefined. */
  private async refusal(url: string): Promise<string | undefined> {
    const { guard, PrivateAddressError } = await this.fetcher();
    try {
      await guard.check(url);
      return undefined;
    } catch (error) {
      if (error instanceof PrivateAddressError) return error.message;
      throw error;
    }
  }

  private load(): Promise<void> {
    return this.followed.load();
  }

  list(where?: Workspace): Promise<FeedStatus[]> {
    return this.followed.list(where);
  }

  /** Follows a feed for a workspace and fetches it at once; what it holds now becomes backlog, not news. */
  add(text: string, by: { id: string; name?: string }, where: Workspace): Promise<FeedAdded> {
    return this.followed.add(text, by, where);
  }

  remove(text: string, where: Workspace): Promise<Feed> {
    return this.followed.remove(text, where);
  }

  readerFor(platform: Platform, workspaceId: string): Promise<Reader> {
    return this.followed.readerFor(platform, workspaceId);
  }

  /** The feed as this workspace follows it (its own, or one of the operator's), or undefined. */
  async following(text: string, where: Workspace): Promise<FeedStatus | undefined> {
    const url = feedUrl(text);
    return url ? (await this.followed.list(where)).find((status) => status.feed.url === url) : undefined;
  }

  /** A followed feed's display name (its host for one not followed). */
  feedName(url: string): string {
    return this.feeds.get(url)?.name ?? nameFor(url);
  }

  /**
   * The feed's items as it serves them now, fetched and parsed without filing anything (/feeds test):
   * through the same address guard, limits and parsers as a poll.
   */
  async peek(text: string): Promise<FeedPeek> {
    const url = feedUrl(text);
    if (!url) throw new UserError(`“${text.slice(0, 80)}” is not an http(s) URL.`);
    const { guard, DEFAULT_FETCH_LIMITS, fetchLimited, looksLikeFeed, FEED_TYPES } = await this.fetcher();
    const refusal = await this.refusal(url);
    if (refusal !== undefined) throw new UserError(`Cannot fetch ${url}: ${refusal}.`);
    let fetched;
    try {
      fetched = await fetchLimited(url, { limits: this.options.limits ?? DEFAULT_FETCH_LIMITS, guard, signal: this.stopping.signal, accept: FEED_TYPES });
    } catch (error) {
      throw new UserError(`Could not fetch ${url}: ${(error as Error).message}.`);
    }
    if (fetched.status !== 200 || !looksLikeFeed(fetched.text)) throw new UserError(`${url} is not an RSS or Atom feed I can read.`);
    const work = this.options.workers ?? (await import('./story')).IN_PROCESS;
    const parsed = await work.parseFeed(fetched.text, fetched.url).catch((error: unknown) => {
      throw new UserError(`${url} could not be read: ${(error as Error).message}.`);
    });
    return { ...(parsed.title && { title: parsed.title }), items: parsed.items.slice(0, PEEK_ITEMS).map((item) => ({ title: item.title ?? '(untitled)', ...(item.link && { url: item.link }), ...(item.summary && { summary: item.summary }), tags: item.categories })) };
  }

  /** The operator's earlier chat-added feeds, and their removal (the `newsroom feeds` CLI). */
  operatorFeeds(): Promise<Feed[]> {
    return this.followed.operatorFeeds();
  }

  dropOperatorFeed(text: string): Promise<Feed> {
    return this.followed.dropOperatorFeed(text);
  }

  /** Polls one feed now (joining a poll already running for it). */
  poll(url: string): Promise<PollResult> {
    const running = this.inFlight.get(url);
    if (running) return running;
    const feed = this.feeds.get(url);
    if (!feed) return Promise.reject(new Error(`unknown feed ${url}`));
    const { store, logger, clock, wire } = this.options;
    const state = this.states.get(url) ?? { addedAt: clock.now().toISOString(), failures: 0, articles: 0 };
    const job = this.fetcher()
      .then(({ guard, pollFeed, DEFAULT_FETCH_LIMITS }) =>
        pollFeed({ feed, state, wire, clock, limits: this.options.limits ?? DEFAULT_FETCH_LIMITS, guard, signal: this.stopping.signal, logger: logger.child({ feed: feed.name, url }), ...(this.options.workers && { workers: this.options.workers }) }),
      )
      .then(async (result) => {
        if (!this.stopping.signal.aborted) this.options.meter?.increment(result.ok ? 'feed_fetched' : 'feed_failed');
        if (!this.feeds.has(url)) return result; // removed while it was being fetched
        this.states.set(url, result.state);
        await store.set(FEED_STATE, url, result.state).catch((error: unknown) => logger.error({ err: error, feed: feed.name }, 'feed state not saved'));
        return result;
      })
      .finally(() => this.inFlight.delete(url));
    this.inFlight.set(url, job);
    return job;
  }

  /** Polls every feed that is due (never fetched, or past its next poll time). */
  async tick(): Promise<PollResult[]> {
    await this.load();
    if (this.stopping.signal.aborted) return [];
    await this.pruneIfDue();
    if (this.stopping.signal.aborted) return [];
    const now = this.options.clock.now().getTime();
    const due = [...this.feeds.keys()].filter((url) => {
      const next = this.states.get(url)?.nextPollAt;
      return next === undefined || Date.parse(next) <= now;
    });
    const results: PollResult[] = [];
    const queue = [...due];
    const worker = async () => {
      for (let url = queue.shift(); url && !this.stopping.signal.aborted; url = queue.shift()) results.push(await this.poll(url));
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency ?? 4, due.length) }, worker));
    return results;
  }

  /**
   * Prunes ingested articles past the retention window (Wire.prune) at the first tick, then once a
   * day on the poller's own timer (it wakes at least hourly). Every process that polls (each
   * replica, each Discord shard) prunes its own memory; the store deletes are idempotent. Never
   * throws: an incomplete prune (store down) is tried again within the hour.
   */
  private async pruneIfDue(): Promise<void> {
    const now = this.options.clock.now();
    const at = now.getTime();
    // Due, or the clock went back more than a day.
    if (this.nextPruneAt !== undefined && at < this.nextPruneAt && this.nextPruneAt - at <= PRUNE_EVERY_MS) return;
    this.nextPruneAt = at + PRUNE_EVERY_MS; // set first: a tick running beside this one does not prune too
    const result = await this.options.wire.prune(now).catch((error: unknown) => {
      this.options.logger.error({ err: error }, 'ingested articles not pruned');
      return { removed: 0, complete: false };
    });
    if (!result.complete) this.nextPruneAt = at + PRUNE_RETRY_MS;
  }

  /** Starts polling: due feeds now, then each at its own interval. Timers never hold the process open. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.load();
    this.runTick();
  }

  /** A tick from the timer (or start): its failure is logged, and the next one is armed after it. */
  private runTick(): void {
    const tick = this.tick()
      .then(
        () => undefined,
        (error: unknown) => this.options.logger.error({ err: error }, 'feed poll failed'),
      )
      .finally(() => {
        if (this.ticking === tick) this.ticking = undefined;
        this.schedule();
      });
    this.ticking = tick;
  }

  private schedule(): void {
    if (!this.running || this.stopping.signal.aborted) return;
    this.cancelWake?.();
    const now = this.options.clock.now().getTime();
    const latest = now + (this.followed.addedLoaded ? MAX_SLEEP_MS : ADDED_RETRY_MS);
    const next = Math.min(...[...this.feeds.keys()].map((url) => Date.parse(this.states.get(url)?.nextPollAt ?? '') || now), latest);
    const wake = this.options.wake ?? unrefTimer;
    this.cancelWake = wake(() => this.runTick(), Math.max(next - now, 1000));
  }

  /** Stops the timers, aborts fetches in flight and waits for them and a running tick to settle. */
  async stop(): Promise<void> {
    this.running = false;
    this.cancelWake?.();
    this.stopping.abort();
    await Promise.allSettled([...this.inFlight.values(), this.ticking]);
    if (this.fetching) await this.fetching.then(({ guard }) => guard.close()).catch(() => undefined);
  }
}
