// The feeds the newsroom follows, and the desk behind /feeds list|add|remove: the file's feeds
// (content/feeds.yaml) and the moderators' (store namespace "feeds"), each with the state of its
// last fetch. When and how they are fetched is the poller's (./poller.ts): it keeps one
// FollowedFeeds, gives it the fetching it needs (FeedFetching), and is the FeedDesk commands reach.
import type { Logger } from '../core/context';
import { UserError } from '../core/errors';
import type { Store } from '../store/store';
import { DEFAULT_INTERVAL_MS, type Feed, FEED_STATE, FEEDS, type FeedState, feedUrl, loadAddedFeeds, loadFeedFile, nameFor } from './feeds';
import type { PollResult } from './poll-feed';

export interface FeedStatus {
  readonly feed: Feed;
  readonly state?: FeedState;
}

/** What /feeds needs; FeedPoller (./poller.ts) is the one implementation. */
export interface FeedDesk {
  list(): Promise<FeedStatus[]>;
  add(url: string, by: { id: string; name?: string }): Promise<PollResult>;
  remove(url: string): Promise<Feed>;
}

/** What the desk needs from the poller. */
export interface FeedFetching {
  /** Why this URL may not be fetched (a private address), or undefined when it may. */
  refusal(url: string): Promise<string | undefined>;
  /** Fetches a feed now: the first fetch of one just added. */
  poll(url: string): Promise<PollResult>;
  /** The feeds changed: the poller re-arms its timer. */
  changed(): void;
}

export interface FollowedFeedsOptions {
  readonly store: Store;
  readonly logger: Logger;
  /** content/feeds.yaml */
  readonly feedFile: string;
}

const MAX_FEEDS = 200;

export class FollowedFeeds implements FeedDesk {
  /** Every feed followed, by URL. */
  readonly feeds = new Map<string, Feed>();
  /** Each feed's last fetch, by URL (the poller records them). */
  readonly states = new Map<string, FeedState>();
  private fileLoaded: Promise<void> | null = null;
  private addedLoading: Promise<void> | null = null;
  /** The store has given the moderators' feeds; until then every load asks again. */
  private addedFeedsLoaded = false;
  private addedFailures = 0;

  constructor(
    private readonly options: FollowedFeedsOptions,
    private readonly fetching: FeedFetching,
  ) {}

  /** The store has given the moderators' feeds (until it has, the poller asks again each minute). */
  get addedLoaded(): boolean {
    return this.addedFeedsLoaded;
  }

  /**
   * The file's feeds once; the moderators' feeds from the store until it answers. A store down at
   * start-up must not lose them until a restart, so a failed load is retried at the next tick,
   * list, add or remove.
   */
  async load(): Promise<void> {
    this.fileLoaded ??= (async () => {
      for (const feed of await loadFeedFile(this.options.feedFile, this.options.logger)) this.feeds.set(feed.url, feed);
      await this.loadStates();
    })();
    await this.fileLoaded;
    this.addedLoading ??= (this.addedFeedsLoaded ? this.syncAdded() : this.loadAdded()).finally(() => (this.addedLoading = null));
    await this.addedLoading;
  }

  /**
   * The moderators' feeds as the store has them now: one added or removed by another replica is
   * polled and listed here too. A store that does not answer leaves the list as it was.
   */
  private async syncAdded(): Promise<void> {
    const { store, logger } = this.options;
    let added: Feed[];
    try {
      added = await loadAddedFeeds(store);
    } catch (error) {
      logger.debug({ err: error }, 'feeds added by moderators not re-read; keeping the list as it was');
      return;
    }
    const urls = new Set(added.map((feed) => feed.url));
    let followed = false;
    for (const feed of added) {
      const known = this.feeds.get(feed.url);
      if (!known) followed = true;
      // The file's feed stays the file's; a command feed takes the stored form (a title learnt elsewhere).
      if (!known || known.origin === 'command') this.feeds.set(feed.url, feed);
    }
    for (const [url, feed] of this.feeds) {
      if (feed.origin === 'command' && !urls.has(url)) {
        this.feeds.delete(url);
        this.states.delete(url);
      }
    }
    if (followed) {
      await this.loadStates();
      this.fetching.changed();
    }
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
    this.addedFeedsLoaded = true;
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
      const state = await this.options.store.get<FeedState>(FEED_STATE, url).catch((error: unknown) => {
        this.options.logger.warn({ err: error, feed: url }, "feed's saved state not read; it is polled as if never fetched");
        return undefined;
      });
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
    const refusal = await this.fetching.refusal(url);
    if (refusal !== undefined) throw new UserError(`Cannot follow ${url}: ${refusal}.`);
    const feed: Feed = { url, name: nameFor(url), intervalMs: DEFAULT_INTERVAL_MS, tags: [], origin: 'command', addedBy: by.name ?? by.id, autoName: true };
    await this.options.store.set(FEEDS, url, feed);
    this.feeds.set(url, feed);
    const result = await this.fetching.poll(url);
    this.fetching.changed();
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
}
