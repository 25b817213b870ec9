// The feed poller: plain timers (node-cron belongs to src/schedule), one poll per feed at a time,
// conditional GET, per-feed backoff after failures. A feed that fails is logged with its name and
// retried later; every other feed goes on. Also the desk behind /feeds add|remove|list.
// Fetches go through one AddressGuard, so no feed, page or redirect reaches a private address
// unless allowPrivate (FEEDS_ALLOW_PRIVATE).
import type { Clock, Logger, Meter } from '../core/context';
import { UserError } from '../core/errors';
import type { Store } from '../store/store';
import type { FetchLimits } from './fetch';
import { DEFAULT_INTERVAL_MS, type Feed, FEED_STATE, FEEDS, type FeedState, feedUrl, loadAddedFeeds, loadFeedFile, nameFor } from './feeds';
import type { PollResult } from './poll-feed';
import type { Wire } from './wire';

export type { PollResult } from './poll-feed';

export interface FeedStatus {
  readonly feed: Feed;
  readonly state?: FeedState;
}

/** What /feeds needs; FeedPoller is the one implementation. */
export interface FeedDesk {
  list(): Promise<FeedStatus[]>;
  add(url: string, by: { id: string; name?: string }): Promise<PollResult>;
  remove(url: string): Promise<Feed>;
}

export interface FeedPollerOptions {
  readonly store: Store;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Counts feed_fetched / feed_failed. */
  readonly meter?: Meter;
  readonly wire: Wire;
  /** content/feeds.yaml */
  readonly feedFile: string;
  readonly limits?: FetchLimits;
  /** Fetch from private and local addresses too (FEEDS_ALLOW_PRIVATE; tests' loopback feed servers). */
  readonly allowPrivate?: boolean;
  /** How many feeds are fetched at once. */
  readonly concurrency?: number;
  /** Arms the poller's one timer and returns its cancel; tests fire it by hand with their clock. */
  readonly wake?: (run: () => void, ms: number) => () => void;
}

/**
 * The fetching half of ingest (undici, the address guard, the feed and page parsers) loads at the
 * first fetch: it is most of start-up's CPU, and a console session or a bot with no feeds never
 * needs it.
 */
async function loadFetching(allowPrivate: boolean) {
  const [{ AddressGuard, PrivateAddressError }, { DEFAULT_FETCH_LIMITS }, { pollFeed }] = await Promise.all([import('./address-guard'), import('./fetch'), import('./poll-feed')]);
  return { guard: new AddressGuard({ allowPrivate }), PrivateAddressError, DEFAULT_FETCH_LIMITS, pollFeed };
}

/** A plain timer that never holds the process open. */
function unrefTimer(run: () => void, ms: number): () => void {
  const timer = setTimeout(run, ms);
  timer.unref();
  return () => clearTimeout(timer);
}

const MAX_FEEDS = 200;
/** A re-check at least this often, so a jump of the system clock cannot stall polling. */
const MAX_SLEEP_MS = 60 * 60_000;
/** While the store has not given the moderators' feeds, they are asked for again at least this often. */
const ADDED_RETRY_MS = 60_000;
/** Old ingested articles are pruned at the first tick (start-up), then at most this often... */
const PRUNE_EVERY_MS = 24 * 60 * 60_000;
/** ...or this soon again after a prune the store did not let finish. */
const PRUNE_RETRY_MS = 60 * 60_000;

export class FeedPoller implements FeedDesk {
  private readonly feeds = new Map<string, Feed>();
  private readonly states = new Map<string, FeedState>();
  private readonly inFlight = new Map<string, Promise<PollResult>>();
  private fileLoaded: Promise<void> | null = null;
  private addedLoading: Promise<void> | null = null;
  /** The store has given the moderators' feeds; until then every load asks again. */
  private addedLoaded = false;
  private addedFailures = 0;
  private fetching: ReturnType<typeof loadFetching> | undefined;
  private cancelWake: (() => void) | undefined;
  private running = false;
  /** The timer's tick, if one is running: stop() waits for it, so nothing it does outlives the store. */
  private ticking: Promise<void> | undefined;
  private readonly stopping = new AbortController();
  /** When the next prune of old ingested articles is due (ms); the first tick always prunes. */
  private nextPruneAt: number | undefined;

  constructor(private readonly options: FeedPollerOptions) {}

  private fetcher(): ReturnType<typeof loadFetching> {
    this.fetching ??= loadFetching(this.options.allowPrivate ?? false);
    return this.fetching;
  }

  /**
   * The file's feeds once; the moderators' feeds from the store until it answers. A store down at
   * start-up must not lose them until a restart, so a failed load is retried at the next tick,
   * list, add or remove.
   */
  private async load(): Promise<void> {
    this.fileLoaded ??= (async () => {
      for (const feed of await loadFeedFile(this.options.feedFile, this.options.logger)) this.feeds.set(feed.url, feed);
      await this.loadStates();
    })();
    await this.fileLoaded;
    if (this.addedLoaded) return;
    this.addedLoading ??= this.loadAdded().finally(() => (this.addedLoading = null));
    await this.addedLoading;
  }

  private async loadAdded(): Promise<void> {
    const { store, logger } = this.options;
    let added: Feed[];
    try {
      added = await loadAddedFeeds(store);
    } catch (error) {
      // Once per outage at error level; the retries each minute after it only at debug.
      if (this.addedFailures++ === 0) logger.error({ err: error }, 'feeds added by moderators could not be loaded; trying again at the next poll');
      else logger.debug({ err: error, failures: this.addedFailures }, 'feeds added by moderators still not loaded');
      return;
    }
    // A URL listed in the file is the file's feed, whatever was added by command; a feed already
    // known is kept as it is.
    for (const feed of added) if (!this.feeds.has(feed.url)) this.feeds.set(feed.url, feed);
    this.addedLoaded = true;
    if (this.addedFailures > 0) logger.info({ feeds: added.length }, 'feeds added by moderators loaded after the store came back');
    await this.loadStates();
  }

  /**
   * Saved states of feeds with none that records a fetch (a poll put off while the store was down
   * leaves a state that does not, and the saved one is worth more).
   */
  private async loadStates(): Promise<void> {
    const fetched = (url: string) => this.states.get(url)?.lastFetchAt !== undefined;
    for (const url of this.feeds.keys()) {
      if (fetched(url)) continue;
      const state = await this.options.store.get<FeedState>(FEED_STATE, url).catch(() => undefined);
      if (state && !fetched(url)) this.states.set(url, state);
    }
  }

  async list(): Promise<FeedStatus[]> {
    await this.load();
    return [...this.feeds.values()].map((feed) => ({ feed, ...(this.states.has(feed.url) && { state: this.states.get(feed.url)! }) }));
  }

  /** Follows a feed and fetches it at once; what it holds now becomes backlog, not news. */
  async add(text: string, by: { id: string; name?: string }): Promise<PollResult> {
    await this.load();
    const url = feedUrl(text);
    if (!url) throw new UserError(`“${text.slice(0, 80)}” is not an http(s) URL. Usage: /feeds add <url>`);
    const existing = this.feeds.get(url);
    if (existing) throw new UserError(`Already following ${url} (${existing.name}).`);
    if (this.feeds.size >= MAX_FEEDS) throw new UserError(`The newsroom follows ${MAX_FEEDS} feeds already; remove one first.`);
    const { guard, PrivateAddressError } = await this.fetcher();
    try {
      await guard.check(url);
    } catch (error) {
      if (error instanceof PrivateAddressError) throw new UserError(`Cannot follow ${url}: ${error.message}.`);
      throw error;
    }
    const feed: Feed = { url, name: nameFor(url), intervalMs: DEFAULT_INTERVAL_MS, tags: [], origin: 'command', addedBy: by.name ?? by.id, autoName: true };
    await this.options.store.set(FEEDS, url, feed);
    this.feeds.set(url, feed);
    const result = await this.poll(url);
    this.schedule();
    if (result.feedTitle && this.feeds.get(url) === feed) {
      const { autoName: _auto, ...rest } = feed;
      const named = { ...rest, name: result.feedTitle.slice(0, 100) };
      this.feeds.set(url, named);
      // The feed is followed either way; only its title is not kept for the next start.
      await this.options.store.set(FEEDS, url, named).catch((error: unknown) => this.options.logger.warn({ err: error, feed: url }, "feed's title not saved; it shows its host name after a restart"));
      return { ...result, feed: named };
    }
    return result;
  }

  async remove(text: string): Promise<Feed> {
    await this.load();
    const url = feedUrl(text);
    const feed = url ? this.feeds.get(url) : undefined;
    if (!url || !feed) throw new UserError(`Not following “${text.slice(0, 80)}”. See /feeds list.`);
    if (feed.origin === 'file') throw new UserError(`${feed.name} is listed in content/feeds.yaml; remove it there.`);
    await this.options.store.delete(FEEDS, url);
    // The feed is gone; a state left behind is only its last fetch, read again if it is re-added.
    await this.options.store.delete(FEED_STATE, url).catch((error: unknown) => this.options.logger.warn({ err: error, feed: url }, 'state of a removed feed not deleted from the store'));
    this.feeds.delete(url);
    this.states.delete(url);
    return feed;
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
        pollFeed({ feed, state, wire, clock, limits: this.options.limits ?? DEFAULT_FETCH_LIMITS, guard, signal: this.stopping.signal, logger: logger.child({ feed: feed.name, url }) }),
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
    await this.options.wire.flushUnsaved();
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
    const latest = now + (this.addedLoaded ? MAX_SLEEP_MS : ADDED_RETRY_MS);
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
