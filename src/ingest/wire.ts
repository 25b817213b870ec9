// Articles that came in from feeds: kept in the store (namespace "ingested", one entry per slug)
// so they survive restarts, served from the same repository as content/articles, and matched
// against what is already there so a story is never served twice. With a retention window
// (INGEST_RETENTION_DAYS), prune() removes the old ones and items dated before it are not filed.
import { type Clock, type Logger, systemClock } from '../core/context';
import type { Article } from '../newsroom/article';
import { slugify } from '../newsroom/article';
import type { ArticleRepository } from '../newsroom/articles';
import type { Store } from '../store/store';
import { canonicalUrl, NEAR_DUPLICATE, shingles, similarity } from './identity';
import type { Story } from './story';

const NAMESPACE = 'ingested';
/** Feed items that repeat a content file's story: item key -> { slug, item hash }. */
const FILE_TWINS = 'ingested-twins';

/** What the store holds per ingested article. */
interface StoredArticle {
  readonly article: Omit<Article, 'published' | 'receivedAt'> & { readonly published: string; readonly receivedAt?: string };
  /** The GUID and canonical URL of the item it was made from: a later item with these updates it. */
  readonly keys: readonly string[];
  /** Hash of the feed item as last seen, so an unchanged item costs no page fetch. */
  readonly itemHash?: string;
  /** Items elsewhere (another feed) telling the same story: key -> item hash. They never update it. */
  readonly aliases?: Readonly<Record<string, string>>;
}

export type Outcome = 'new' | 'updated' | 'unchanged' | 'duplicate';

/** A feed item that repeats a content file's story. The dates (absent on older records) let it be pruned. */
interface FileTwin {
  readonly slug: string;
  readonly itemHash: string;
  readonly published?: string;
  readonly receivedAt?: string;
}

export interface WireOptions {
  /**
   * Days an ingested article is kept (INGEST_RETENTION_DAYS): prune() removes one once its
   * publication and its arrival are both older, and feed items dated before the window are not
   * filed. 0 or absent keeps everything (the library default; the bot's config defaults to 180).
   */
  readonly retentionDays?: number;
}

export interface PruneResult {
  /** Ingested articles taken out of memory or the store. */
  readonly removed: number;
  /** False when the store could not be read or written: the caller tries again later. */
  readonly complete: boolean;
}

const DAY_MS = 24 * 60 * 60_000;

/** Both the publication and the arrival (when known) are before the cutoff; an unreadable date never is. */
function olderThan(cutoff: number, published: string | undefined, receivedAt: string | undefined): boolean {
  const when = published === undefined ? NaN : Date.parse(published);
  if (!(when < cutoff)) return false;
  const received = receivedAt === undefined ? NaN : Date.parse(receivedAt);
  return Number.isNaN(received) || received < cutoff;
}

function revive(stored: StoredArticle): Article {
  const { receivedAt, ...article } = stored.article;
  return { ...article, published: new Date(article.published), ...(receivedAt && { receivedAt: new Date(receivedAt) }) };
}

/** Which feed an item came from (its configured URL) and the name its stories are filed under. */
export interface ItemOrigin {
  readonly feed?: string;
  readonly source?: string;
}

/** A GUID that is itself a web address names one item wherever it appears. */
const isGlobalGuid = (guid: string) => /^https?:\/\//i.test(guid) && canonicalUrl(guid) !== undefined;

/**
 * The GUID's key. Only a URL is unique across feeds: "1001" or "post-17" is unique within its feed
 * at best (two feeds both carrying <guid isPermaLink="false">1001</guid> took turns rewriting one
 * article), so any other GUID is keyed within its feed: "guid:<feed url>#<guid>". Without a feed
 * (a caller that does not know it) the key is the GUID alone, as before.
 */
function guidKey(guid: string, feed: string | undefined): string {
  return feed && !isGlobalGuid(guid) ? `guid:${feed}#${guid}` : `guid:${guid}`;
}

/**
 * The key a feed-scoped GUID was stored under before GUIDs were scoped ("guid:1001"). Such a key
 * is only a fallback, and only for a record that is plainly the same feed's item (same source name,
 * or same link), so old articles are updated in place, not filed again, while another feed's item
 * with the same GUID never matches them. The old key is replaced by the scoped one the first time
 * the article is saved again.
 */
function legacyKey(guid: string | undefined, feed: string | undefined): string | undefined {
  return guid && feed && !isGlobalGuid(guid) ? `guid:${guid}` : undefined;
}

/**
 * A feed's own key for a permalink GUID that names another feed's different story (a GUID copied
 * from the wire's URL over a rewritten story): "guid:<feed url>#<guid>". Saved only for such an
 * item, and looked up before the GUID's own key, so the item is its feed's story poll after poll
 * and never overwrites the story the GUID names.
 */
function claimKey(guid: string | undefined, feed: string | undefined): string | undefined {
  return guid && feed && isGlobalGuid(guid) ? `guid:${feed}#${guid}` : undefined;
}

function keysOf(story: { guid?: string; url?: string }, feed?: string): string[] {
  const url = story.url ? canonicalUrl(story.url) : undefined;
  return [...(story.guid ? [guidKey(story.guid, feed)] : []), ...(url ? [`url:${url}`] : [])];
}

/** The stored ingested articles, for openNewsroom to serve beside content/articles. */
export async function loadIngestedArticles(store: Store, logger: Logger): Promise<Article[]> {
  try {
    const entries = await store.entries<StoredArticle>(NAMESPACE);
    return entries.map(([, stored]) => revive(stored)).filter((a) => !Number.isNaN(a.published.getTime()));
  } catch (error) {
    logger.error({ err: error }, 'ingested articles could not be loaded; serving content files only');
    return [];
  }
}

export class Wire {
  private readonly byKey = new Map<string, string>();
  private readonly records = new Map<string, StoredArticle>();
  private readonly fileTwins = new Map<string, FileTwin>();
  /** Slugs whose store entries a prune is deleting: not handed to a new article meanwhile. */
  private readonly pruning = new Set<string>();
  private readonly retentionMs: number;
  private readonly fingerprints = new Map<string, { article: Article; shingles: Set<number> }>();
  private loaded: Promise<void> | null = null;

  constructor(
    private readonly store: Store,
    private readonly articles: ArticleRepository,
    private readonly logger: Logger,
    private readonly clock: Clock = systemClock,
    options: WireOptions = {},
  ) {
    this.retentionMs = Math.max(0, options.retentionDays ?? 0) * DAY_MS;
  }

  /** The start of the retention window; undefined when ingested articles are kept forever. */
  cutoff(now: Date = this.clock.now()): Date | undefined {
    return this.retentionMs > 0 ? new Date(now.getTime() - this.retentionMs) : undefined;
  }

  /**
   * A feed item dated before the retention window: not filed. It would be pruned at once, and a
   * story pruned while its feed still carries it must not come back as new (flooding digests).
   */
  tooOld(published: Date | undefined, now: Date = this.clock.now()): boolean {
    const cutoff = this.cutoff(now);
    return cutoff !== undefined && published !== undefined && published.getTime() < cutoff.getTime();
  }

  /**
   * Resolves once the stored articles are known, so a story can be matched against them; rejects
   * while the store cannot be read. A failed read is tried again at the next call (a store down
   * at start-up must not stop filing until a restart).
   */
  ready(): Promise<void> {
    return this.load();
  }

  private load(): Promise<void> {
    this.loaded ??= (async () => {
      const stored = await this.store.entries<StoredArticle>(NAMESPACE);
      const twins = await this.store.entries<FileTwin>(FILE_TWINS);
      for (const [slug, record] of stored) {
        this.remember(slug, record);
        // Served again if openNewsroom could not read them; a content file with the slug still wins.
        if (!this.articles.get(slug)) {
          const article = revive(record);
          if (!Number.isNaN(article.published.getTime())) this.articles.upsert(article);
        }
      }
      for (const [key, twin] of twins) this.fileTwins.set(key, twin);
    })().catch((error: unknown) => {
      this.loaded = null;
      throw error;
    });
    return this.loaded;
  }

  private remember(slug: string, stored: StoredArticle): void {
    this.records.set(slug, stored);
    for (const key of [...stored.keys, ...Object.keys(stored.aliases ?? {})]) this.byKey.set(key, slug);
  }

  /** The record stored under this item's pre-scoping GUID key, when it is this feed's own item. */
  private legacyRecord(item: { guid?: string; url?: string }, origin: ItemOrigin): { slug: string; record: StoredArticle; key: string } | undefined {
    const key = legacyKey(item.guid, origin.feed);
    const slug = key && this.byKey.get(key);
    const record = slug ? this.records.get(slug) : undefined;
    if (!key || !slug || !record || !record.keys.includes(key)) return undefined;
    const url = item.url ? canonicalUrl(item.url) : undefined;
    const sameFeed = (origin.source !== undefined && record.article.source === origin.source) || (url !== undefined && record.keys.includes(`url:${url}`));
    return sameFeed ? { slug, record, key } : undefined;
  }

  /** The slug already holding an item with this GUID or link, and whether the item is unchanged. */
  async seen(item: { guid?: string; url?: string } & ItemOrigin, itemHash: string): Promise<{ slug: string; unchanged: boolean } | null> {
    await this.load();
    const claim = claimKey(item.guid, item.feed);
    for (const key of [...(claim ? [claim] : []), ...keysOf(item, item.feed)]) {
      // File twins stay keyed as they were stored: an item there also has its link (url:) key.
      const twin = this.fileTwins.get(key);
      if (twin) return { slug: twin.slug, unchanged: twin.itemHash === itemHash };
      const slug = this.byKey.get(key);
      const record = slug ? this.records.get(slug) : undefined;
      if (slug && record) return { slug, unchanged: record.itemHash === itemHash || record.aliases?.[key] === itemHash };
    }
    const legacy = this.legacyRecord(item, item);
    return legacy ? { slug: legacy.slug, unchanged: legacy.record.itemHash === itemHash } : null;
  }

  private fingerprint(article: Article): Set<number> {
    const cached = this.fingerprints.get(article.slug);
    if (cached?.article === article) return cached.shingles;
    const computed = shingles(article.title, article.body);
    this.fingerprints.set(article.slug, { article, shingles: computed });
    return computed;
  }

  /** Any article already served (ingested or a content file) that tells the same story. */
  private sameStory(story: Story): Article | undefined {
    const url = story.url && canonicalUrl(story.url);
    const mine = shingles(story.title, story.body);
    return this.articles.all().find(
      (a) => (url !== undefined && a.url !== undefined && canonicalUrl(a.url) === url) || similarity(mine, this.fingerprint(a)) >= NEAR_DUPLICATE,
    );
  }

  private freeSlug(title: string): string {
    const base = slugify(title);
    let slug = base;
    for (let n = 2; this.articles.get(slug) || this.records.has(slug) || this.pruning.has(slug); n++) slug = `${base}-${n}`;
    return slug;
  }

  /**
   * Takes a story into the newsroom: a new article, an update of the article it was before (same
   * slug), or nothing when another feed or a content file already carries it.
   */
  async accept(story: Story, options: { backlog: boolean; itemHash?: string; feed?: string }): Promise<{ outcome: Outcome; article: Article }> {
    await this.load();
    const keys = keysOf(story, options.feed);
    const claim = claimKey(story.guid, options.feed);
    const { guid: _guid, ...fields } = story;
    const legacy = this.legacyRecord(story, { ...(options.feed && { feed: options.feed }), source: story.source });
    const slug = [...(claim ? [claim] : []), ...keys].map((k) => this.byKey.get(k)).find((s) => s !== undefined) ?? legacy?.slug;
    const stored = slug ? this.records.get(slug) : undefined;
    // A record found by the old GUID key takes the scoped key in its place.
    const known = stored && legacy && legacy.slug === slug ? { ...stored, keys: [...new Set(stored.keys.map((k) => (k === legacy.key ? keys[0]! : k)))] } : stored;
    // The same item again (same GUID; or, without one, same link from the same source): an update.
    const sameItem = known && (story.guid ? [guidKey(story.guid, options.feed), claim].some((k) => k && known.keys.includes(k)) : known.article.source === story.source && !known.keys.some((k) => k.startsWith('guid:')));
    // Another source's story under the same permalink GUID, with other text: a story of its own.
    const otherStory =
      slug && known && sameItem && claim && !known.keys.includes(claim) && known.article.source !== story.source && similarity(shingles(story.title, story.body), this.fingerprint(this.articles.get(slug) ?? revive(known))) < NEAR_DUPLICATE;
    if (otherStory) return this.fileNew(fields, [claim, ...keys.filter((k) => !this.byKey.has(k))], options);
    if (slug && known && sameItem) {
      const before = revive(known);
      const after: Article = { ...fields, slug, published: before.published, ...(before.backlog && { backlog: true }), ...(before.receivedAt && { receivedAt: before.receivedAt }) };
      const same = before.title === after.title && before.body === after.body && before.dek === after.dek;
      // Unchanged text keeps the served object, and with it the cached summaries.
      const kept = same ? (this.articles.get(slug) ?? before) : after;
      await this.save(kept, { ...known, itemHash: options.itemHash });
      return { outcome: same ? 'unchanged' : 'updated', article: kept };
    }
    const twin = known ? revive(known) : this.sameStory(story);
    if (twin) {
      // Remember this item as the twin's alias, so the next poll skips it without comparing text.
      const record = this.records.get(twin.slug);
      if (record && options.itemHash) {
        const aliases = { ...record.aliases, ...Object.fromEntries(keys.map((k) => [k, options.itemHash!])) };
        await this.save(this.articles.get(twin.slug) ?? twin, { ...record, aliases });
      } else if (options.itemHash) {
        const dated = !Number.isNaN(story.published.getTime());
        const entry: FileTwin = { slug: twin.slug, itemHash: options.itemHash, ...(dated && { published: story.published.toISOString() }), receivedAt: this.clock.now().toISOString() };
        for (const key of keys) {
          this.fileTwins.set(key, entry);
          // Kept in memory: this process skips the item; after a restart it is compared by text once more.
          await this.store.set(FILE_TWINS, key, entry).catch((error: unknown) => this.logger.warn({ err: error, key }, 'duplicate of a content file not recorded in the store'));
        }
      }
      return { outcome: 'duplicate', article: twin };
    }
    return this.fileNew(fields, keys, options);
  }

  /** Files a story as a new article, found again by these keys. */
  private async fileNew(fields: Omit<Story, 'guid'>, keys: readonly string[], options: { backlog: boolean; itemHash?: string }): Promise<{ outcome: Outcome; article: Article }> {
    const article: Article = { ...fields, slug: this.freeSlug(fields.title), ...(options.backlog ? { backlog: true } : { receivedAt: this.clock.now() }) };
    await this.save(article, { keys, ...(options.itemHash && { itemHash: options.itemHash }) });
    return { outcome: 'new', article };
  }

  /** Forgets an ingested article here and in the repository (a content file with its slug stays). */
  private forget(slug: string): boolean {
    const record = this.records.get(slug);
    if (record) {
      for (const key of [...record.keys, ...Object.keys(record.aliases ?? {})]) if (this.byKey.get(key) === slug) this.byKey.delete(key);
      this.records.delete(slug);
    }
    this.unsaved.delete(slug);
    this.fingerprints.delete(slug);
    const served = this.articles.get(slug);
    // Content files carry neither mark; only an ingested article is taken out.
    const removed = served !== undefined && (served.backlog === true || served.receivedAt !== undefined) && this.articles.remove(slug);
    return removed || record !== undefined;
  }

  /**
   * Removes the ingested articles whose publication and arrival are both older than the retention
   * window: from memory (this process's repository, GUID/URL keys and aliases, page fingerprints)
   * and from the store (the article's entry holds its keys and aliases), with the file-twin records
   * of old items. Content files are never touched. Safe beside other replicas: each prunes its own
   * memory, store deletes are idempotent, and an entry is re-read just before it is deleted so one
   * another replica has just filed under a freed slug is kept. Never throws: a store that cannot
   * be read or written is logged and the prune is reported incomplete, to be tried again later.
   */
  async prune(now: Date = this.clock.now()): Promise<PruneResult> {
    const cutoffDate = this.cutoff(now);
    if (!cutoffDate) return { removed: 0, complete: true };
    const cutoff = cutoffDate.getTime();
    const expired = (stored: StoredArticle | undefined) => stored !== undefined && olderThan(cutoff, stored.article?.published, stored.article?.receivedAt);
    const twinExpired = (twin: FileTwin | undefined) => twin !== undefined && olderThan(cutoff, twin.published, twin.receivedAt);
    const gone = new Set<string>();
    try {
      await this.load();
    } catch (error) {
      this.logger.error({ err: error }, 'ingested articles not pruned: the store is unavailable; trying again later');
      return { removed: 0, complete: false };
    }
    // Memory first, synchronously: no poll in between can match an item against a pruned article.
    for (const [slug, record] of [...this.records]) if (expired(record) && this.forget(slug)) gone.add(slug);
    for (const [key, twin] of [...this.fileTwins]) if (twinExpired(twin)) this.fileTwins.delete(key);
    try {
      const stored = await this.store.entries<StoredArticle>(NAMESPACE);
      for (const [slug, record] of stored) {
        if (!expired(record) || this.records.has(slug)) continue;
        this.pruning.add(slug);
        try {
          // Re-read: another replica may have filed a new story under this slug since the listing.
          if (!expired(await this.store.get<StoredArticle>(NAMESPACE, slug))) continue;
          await this.store.delete(NAMESPACE, slug);
          this.forget(slug);
          gone.add(slug);
        } finally {
          this.pruning.delete(slug);
        }
      }
      const twins = await this.store.entries<FileTwin>(FILE_TWINS);
      for (const [key, twin] of twins) {
        if (!twinExpired(twin) || this.fileTwins.has(key)) continue;
        await this.store.delete(FILE_TWINS, key);
      }
    } catch (error) {
      this.logger.error({ err: error, removed: gone.size }, 'ingested articles not pruned from the store: it is unavailable; trying again later');
      return { removed: gone.size, complete: false };
    }
    if (gone.size > 0) this.logger.info({ removed: gone.size, before: cutoffDate.toISOString() }, 'old ingested articles pruned');
    return { removed: gone.size, complete: true };
  }

  /** Articles whose save failed (store outage), written again on the next save that works. */
  private readonly unsaved = new Map<string, StoredArticle>();

  private async save(article: Article, record: Omit<StoredArticle, 'article'>): Promise<void> {
    const { receivedAt, ...rest } = article;
    const stored: StoredArticle = { ...record, article: { ...rest, published: article.published.toISOString(), ...(receivedAt && { receivedAt: receivedAt.toISOString() }) } };
    this.remember(article.slug, stored);
    if (this.articles.get(article.slug) !== article) this.articles.upsert(article);
    this.unsaved.set(article.slug, stored);
    await this.flushUnsaved();
  }

  /**
   * The feed's validators are kept even when a save fails (its next poll may be a 304), so what
   * could not be written waits here and goes out with the next save or poll once the store is back.
   */
  async flushUnsaved(): Promise<void> {
    for (const [slug, pending] of [...this.unsaved]) {
      try {
        await this.store.set(NAMESPACE, slug, pending);
        this.unsaved.delete(slug);
      } catch (error) {
        // Still served from memory; the feed poll itself goes on.
        this.logger.error({ err: error, slug, waiting: this.unsaved.size }, 'ingested article not saved to the store yet; will retry');
        break;
      }
    }
  }
}
