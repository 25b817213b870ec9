// The feeds the newsroom follows, and the desk behind /feeds list|add|remove. The operator's feeds
// (content/feeds.yaml, and those added from chat before feeds belonged to a workspace) are served
// everywhere; a feed added with /feeds add belongs to the server or workspace that added it: only
// it lists, changes and reads it. Each URL is polled once, whoever follows it (a set of followers
// per URL). When and how feeds are fetched is the poller's (./poller.ts): it keeps one
// FollowedFeeds, gives it the fetching it needs (FeedFetching), and is the FeedDesk commands reach.
import { type Clock, type Logger, type Platform, systemClock } from '../core/context';
import { UserError } from '../core/errors';
import type { Reader } from '../newsroom/archive';
import type { Readership } from '../newsroom/newsroom';
import type { Workspace } from '../newsroom/readers';
import type { Store } from '../store/store';
import {
  DEFAULT_FEEDS_PER_WORKSPACE,
  DEFAULT_INTERVAL_MS,
  type Feed,
  FEED_STATE,
  type FeedState,
  feedUrl,
  FEEDS,
  loadFeedFile,
  loadOperatorFeeds,
  loadWorkspaceFeeds,
  nameFor,
  WORKSPACE_FEEDS,
  type WorkspaceFeeds,
  workspaceKey,
} from './feeds';
import type { PollResult } from './poll-feed';

export interface FeedStatus {
  readonly feed: Feed;
  readonly state?: FeedState;
  /** The operator's feed (feeds.yaml, or added before feeds belonged to a workspace): served everywhere. */
  readonly operator: boolean;
}

/** A feed just followed, with its first fetch. */
export interface FeedAdded extends PollResult {
  /** Already fetched for the newsroom or another workspace: what it brought is served here at once. */
  readonly joined: boolean;
}

/** A feed's current items as /feeds test previews them. */
export interface FeedPeek {
  readonly title?: string;
  readonly items: ReadonlyArray<{ readonly title: string; readonly url?: string; readonly summary?: string; readonly tags: readonly string[] }>;
}

/** What /feeds needs; FeedPoller (./poller.ts) is the one implementation. */
export interface FeedDesk {
  /** The operator's feeds and this workspace's own; without a workspace, every feed polled. */
  list(where?: Workspace): Promise<FeedStatus[]>;
  add(url: string, by: { id: string; name?: string }, where: Workspace): Promise<FeedAdded>;
  remove(url: string, where: Workspace): Promise<Feed>;
  /** The feed as this workspace follows it (its own, or one of the operator's), or undefined. */
  following(url: string, where: Workspace): Promise<FeedStatus | undefined>;
  /** A feed's current items, fetched now and filed nowhere. */
  peek(url: string): Promise<FeedPeek>;
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
  /** Feeds one workspace may add (FEEDS_PER_WORKSPACE). */
  readonly feedsPerWorkspace?: number;
  readonly clock?: Clock;
}

export class FollowedFeeds implements Pick<FeedDesk, 'list' | 'add' | 'remove'>, Readership {
  /** Every URL polled, once each, with the feed it is polled as. */
  readonly feeds = new Map<string, Feed>();
  /** Each feed's last fetch, by URL (the poller records them). */
  readonly states = new Map<string, FeedState>();
  /** The operator's feeds by URL: the file's and the earlier chat-added ones. */
  private readonly operator = new Map<string, Feed>();
  /** Each workspace's own feeds as last read, by workspace key (a fallback while the store is down). */
  private readonly workspaces = new Map<string, readonly Feed[]>();
  private fileLoaded: Promise<void> | null = null;
  private addedLoading: Promise<void> | null = null;
  /** The store has given the chat-added feeds; until then every load asks again. */
  private addedFeedsLoaded = false;
  private addedFailures = 0;

  constructor(
    private readonly options: FollowedFeedsOptions,
    private readonly fetching: FeedFetching,
  ) {}

  /** The store has given the chat-added feeds (until it has, the poller asks again each minute). */
  get addedLoaded(): boolean {
    return this.addedFeedsLoaded;
  }

  private get limit(): number {
    return this.options.feedsPerWorkspace ?? DEFAULT_FEEDS_PER_WORKSPACE;
  }

  /**
   * The file's feeds once; the chat-added ones (operator's and every workspace's) as the store has
   * them now, so a feed added or removed on another replica is polled and listed here too. A store
   * down at start-up must not lose them until a restart, so a failed read is retried at the next
   * tick, list, add or remove; a store that stops answering later leaves the list as it was.
   */
  async load(): Promise<void> {
    this.fileLoaded ??= (async () => {
      for (const feed of await loadFeedFile(this.options.feedFile, this.options.logger)) {
        this.feeds.set(feed.url, feed);
        this.operator.set(feed.url, feed);
      }
      await this.loadStates();
    })();
    await this.fileLoaded;
    this.addedLoading ??= this.syncAdded().finally(() => (this.addedLoading = null));
    await this.addedLoading;
  }

  private async syncAdded(): Promise<void> {
    const { store, logger } = this.options;
    let earlier: Feed[];
    let workspaces: Map<string, readonly Feed[]>;
    try {
      [earlier, workspaces] = await Promise.all([loadOperatorFeeds(store), loadWorkspaceFeeds(store)]);
    } catch (error) {
      if (this.addedFeedsLoaded) logger.debug({ err: error }, 'feeds added from chat not re-read; keeping the list as it was');
      // Once per outage at error level; the retries each minute after it only at debug.
      else if (this.addedFailures++ === 0) logger.error({ err: error }, 'feeds added by moderators could not be loaded; trying again at the next poll');
      else logger.debug({ err: error, failures: this.addedFailures }, 'feeds added by moderators still not loaded');
      return;
    }
    // A URL in the file is the file's feed; otherwise the first follower's form of it is polled.
    const fileFeeds = [...this.operator.values()].filter((feed) => feed.origin === 'file');
    this.operator.clear();
    const followed = new Map<string, Feed>();
    for (const feed of fileFeeds) {
      this.operator.set(feed.url, feed);
      followed.set(feed.url, feed);
    }
    for (const feed of earlier) {
      if (!this.operator.has(feed.url)) this.operator.set(feed.url, feed);
      if (!followed.has(feed.url)) followed.set(feed.url, feed);
    }
    this.workspaces.clear();
    for (const [key, feeds] of workspaces) {
      this.workspaces.set(key, feeds);
      for (const feed of feeds) if (!followed.has(feed.url)) followed.set(feed.url, feed);
    }
    const first = !this.addedFeedsLoaded;
    let added = false;
    for (const [url, feed] of followed) {
      if (!this.feeds.has(url)) added = true;
      this.feeds.set(url, feed);
    }
    for (const url of [...this.feeds.keys()]) {
      if (!followed.has(url)) {
        this.feeds.delete(url);
        this.states.delete(url);
      }
    }
    if (!this.addedFeedsLoaded && this.addedFailures > 0) logger.info({ feeds: followed.size }, 'feeds added by moderators loaded after the store came back');
    this.addedFeedsLoaded = true;
    if (added) {
      await this.loadStates();
      // The first load is start-up's (or a tick's, which re-arms the timer after it).
      if (!first) this.fetching.changed();
    }
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

  /** This workspace's own feeds, read from the store (so a change on another replica shows at once). */
  private async own(where: Workspace): Promise<readonly Feed[]> {
    const key = workspaceKey(where);
    const record = await this.options.store.get<WorkspaceFeeds>(WORKSPACE_FEEDS, key);
    const feeds = record?.feeds ?? [];
    this.workspaces.set(key, feeds);
    return feeds;
  }

  private async saveOwn(where: Workspace, feeds: readonly Feed[]): Promise<void> {
    const key = workspaceKey(where);
    if (feeds.length === 0) await this.options.store.delete(WORKSPACE_FEEDS, key);
    else await this.options.store.set<WorkspaceFeeds>(WORKSPACE_FEEDS, key, { feeds });
    this.workspaces.set(key, feeds);
  }

  private status(feed: Feed, operator: boolean): FeedStatus {
    const state = this.states.get(feed.url);
    return { feed, ...(state && { state }), operator };
  }

  async list(where?: Workspace): Promise<FeedStatus[]> {
    await this.load();
    if (!where) return [...this.feeds.values()].map((feed) => this.status(feed, this.operator.has(feed.url)));
    const operator = [...this.operator.values()].map((feed) => this.status(feed, true));
    const own = (await this.own(where)).filter((feed) => !this.operator.has(feed.url)).map((feed) => this.status(feed, false));
    return [...operator, ...own];
  }

  /** The operator's feeds and this workspace's own: the stories it is served (src/newsroom/readers.ts). */
  async readerFor(platform: Platform, workspaceId: string): Promise<Reader> {
    if (!this.addedFeedsLoaded) await this.load();
    else await this.fileLoaded;
    const where = { platform, workspaceId };
    const own = await this.own(where).catch((error: unknown) => {
      // Served what is known of it rather than nothing: the last read, or the operator's feeds.
      this.options.logger.warn({ err: error, workspace: workspaceKey(where) }, "workspace's feeds not read; serving the last known");
      return this.workspaces.get(workspaceKey(where)) ?? [];
    });
    // A feed this workspace follows counts for its digests from when it followed it.
    const followedSince = Object.fromEntries(own.flatMap((feed) => (feed.addedAt && !this.operator.has(feed.url) ? [[feed.url, Date.parse(feed.addedAt)]] : [])));
    return { feeds: [...new Set([...this.operator.keys(), ...own.map((feed) => feed.url)])], followedSince };
  }

  /**
   * Follows a feed for this workspace and fetches it at once; what it holds now becomes backlog,
   * not news. A URL another workspace follows is still fetched once per poll; one of the operator's
   * earlier chat-added feeds becomes this workspace's (README "Feeds").
   */
  async add(text: string, by: { id: string; name?: string }, where: Workspace): Promise<FeedAdded> {
    await this.load();
    const url = feedUrl(text);
    if (!url) throw new UserError(`“${text.slice(0, 80)}” is not an http(s) URL. Usage: /feeds add <url>`);
    const own = await this.own(where);
    const mine = own.find((feed) => feed.url === url);
    if (mine) throw new UserError(`Already following ${url} (${mine.name}).`);
    const operator = this.operator.get(url);
    if (operator?.origin === 'file') throw new UserError(`Already following ${url} (${operator.name}): it is one of the newsroom's own feeds, served everywhere.`);
    if (own.length >= this.limit) throw new UserError(`This server or workspace follows ${this.limit} feeds already, the most it may; remove one first.`);
    const refusal = await this.fetching.refusal(url);
    if (refusal !== undefined) throw new UserError(`Cannot follow ${url}: ${refusal}.`);
    const known = this.feeds.get(url);
    const added = { origin: 'command' as const, addedBy: by.name ?? by.id, addedAt: (this.options.clock ?? systemClock).now().toISOString() };
    const feed: Feed = known && !known.autoName ? { ...known, ...added } : { url, name: nameFor(url), intervalMs: DEFAULT_INTERVAL_MS, tags: [], ...added, autoName: true };
    await this.saveOwn(where, [...own, feed]);
    if (operator) {
      // The earlier chat-added feed is this workspace's now: other workspaces stop reading it.
      await this.options.store.delete(FEEDS, url);
      this.operator.delete(url);
    }
    if (!known) this.feeds.set(url, feed);
    const result = await this.fetching.poll(url);
    this.fetching.changed();
    if (result.feedTitle && feed.autoName) {
      const { autoName: _auto, ...rest } = feed;
      const named: Feed = { ...rest, name: result.feedTitle.slice(0, 100) };
      if (this.feeds.get(url) === feed) this.feeds.set(url, named);
      // The feed is followed either way; only its title is not kept for the next start.
      const renamed = async () => this.saveOwn(where, (await this.own(where)).map((f) => (f.url === url ? named : f)));
      await renamed().catch((error: unknown) => this.options.logger.warn({ err: error, feed: url }, "feed's title not saved; it shows its host name after a restart"));
      return { ...result, feed: named, joined: known !== undefined };
    }
    return { ...result, feed, joined: known !== undefined };
  }

  /**
   * Stops this workspace's following. The URL stays polled while anyone else (the operator or
   * another workspace) follows it; another workspace's feed is "not followed" here.
   */
  async remove(text: string, where: Workspace): Promise<Feed> {
    await this.load();
    const url = feedUrl(text);
    const own = await this.own(where);
    const feed = url ? own.find((f) => f.url === url) : undefined;
    if (!url || !feed) {
      const operator = url ? this.operator.get(url) : undefined;
      if (operator?.origin === 'file') throw new UserError(`${operator.name} is listed in content/feeds.yaml; remove it there.`);
      if (operator) throw new UserError(`${operator.name} is one of the newsroom's operator feeds, served everywhere; it cannot be removed from chat (see the README, "Feeds").`);
      throw new UserError(`Not following “${text.slice(0, 80)}”. See /feeds list.`);
    }
    await this.saveOwn(
      where,
      own.filter((f) => f.url !== url),
    );
    await this.forgetUnfollowed(url);
    return feed;
  }

  /** The operator's earlier chat-added feeds (feeds.yaml's are the file's to list). */
  async operatorFeeds(): Promise<Feed[]> {
    await this.load();
    return [...this.operator.values()].filter((feed) => feed.origin !== 'file');
  }

  /**
   * Removes one of the operator's earlier chat-added feeds (`newsroom feeds drop`): no workspace is
   * served it any more, except one that follows it itself.
   */
  async dropOperatorFeed(text: string): Promise<Feed> {
    await this.load();
    const url = feedUrl(text);
    const feed = url ? this.operator.get(url) : undefined;
    if (!url || !feed) throw new UserError(`“${text.slice(0, 80)}” is not one of the operator feeds added from chat.`);
    if (feed.origin === 'file') throw new UserError(`${feed.name} is listed in content/feeds.yaml; remove it there.`);
    await this.options.store.delete(FEEDS, url);
    this.operator.delete(url);
    await this.forgetUnfollowed(url);
    return feed;
  }

  /** After a feed lost a follower: its state goes when nobody follows it any more. */
  private async forgetUnfollowed(url: string): Promise<void> {
    // Whether anyone still follows it: as the store has it now (another replica may have added it).
    this.addedLoading = null;
    await this.load();
    if (this.feeds.has(url)) return;
    // Nobody does: a state left behind is only its last fetch, read again if it is re-added.
    await this.options.store.delete(FEED_STATE, url).catch((error: unknown) => this.options.logger.warn({ err: error, feed: url }, 'state of a removed feed not deleted from the store'));
  }
}
