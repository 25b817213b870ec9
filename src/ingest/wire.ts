// Articles that came in from feeds: kept in the store (namespace "ingested", one entry per slug)
// so they survive restarts, served from the same repository as content/articles, and matched
// against what is already there so a story is never served twice. What the store holds is in
// ./ingested.ts; records under keys of an older scheme are found and moved by ./migrations.ts; with
// a retention window (INGEST_RETENTION_DAYS, ./retention.ts) prune() removes the old ones and items
// dated before it are not filed.
import { type Clock, type Logger, systemClock } from '../core/context';
import type { Article } from '../newsroom/article';
import { slugify } from '../newsroom/article';
import type { ArticleRepository } from '../newsroom/articles';
import type { Store } from '../store/store';
import { canonicalUrl, NEAR_DUPLICATE, shingles, similarity } from './identity';
import { claimKey, FILE_TWINS, type FileTwin, guidKey, INGESTED, type ItemOrigin, keysOf, lookupKeys, revive, type StoredArticle } from './ingested';
import { legacyRecord, rekeyed } from './migrations';
import { type PruneResult, pruneIngested, RetentionWindow } from './retention';
import type { Story } from './story';

export type Outcome = 'new' | 'updated' | 'unchanged' | 'duplicate';

export interface WireOptions {
  /**
   * Days an ingested article is kept (INGEST_RETENTION_DAYS): prune() removes one once its
   * publication and its arrival are both older, and feed items dated before the window are not
   * filed. 0 or absent keeps everything (the library default; the bot's config defaults to 180).
   */
  readonly retentionDays?: number;
}

/** The stored ingested articles, for openNewsroom to serve beside content/articles. */
export async function loadIngestedArticles(store: Store, logger: Logger): Promise<Article[]> {
  try {
    const entries = await store.entries<StoredArticle>(INGESTED);
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
  private readonly retention: RetentionWindow;
  private readonly fingerprints = new Map<string, { article: Article; shingles: Set<number> }>();
  private loaded: Promise<void> | null = null;

  constructor(
    private readonly store: Store,
    private readonly articles: ArticleRepository,
    private readonly logger: Logger,
    private readonly clock: Clock = systemClock,
    options: WireOptions = {},
  ) {
    this.retention = new RetentionWindow(options.retentionDays);
  }

  /** The start of the retention window; undefined when ingested articles are kept forever. */
  cutoff(now: Date = this.clock.now()): Date | undefined {
    return this.retention.cutoff(now);
  }

  /**
   * A feed item dated before the retention window: not filed. It would be pruned at once, and a
   * story pruned while its feed still carries it must not come back as new (flooding digests).
   */
  tooOld(published: Date | undefined, now: Date = this.clock.now()): boolean {
    return this.retention.tooOld(published, now);
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
      const stored = await this.store.entries<StoredArticle>(INGESTED);
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

  /** The slug already holding an item with this GUID or link, and whether the item is unchanged. */
  async seen(item: { guid?: string; url?: string } & ItemOrigin, itemHash: string): Promise<{ slug: string; unchanged: boolean } | null> {
    await this.load();
    for (const key of lookupKeys(item, item.feed)) {
      // File twins stay keyed as they were stored: an item there also has its link (url:) key.
      const twin = this.fileTwins.get(key);
      if (twin) return { slug: twin.slug, unchanged: twin.itemHash === itemHash };
      const slug = this.byKey.get(key);
      const record = slug ? this.records.get(slug) : undefined;
      if (slug && record) return { slug, unchanged: record.itemHash === itemHash || record.aliases?.[key] === itemHash };
    }
    const legacy = legacyRecord(item, item, this.byKey, this.records);
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
    const legacy = legacyRecord(story, { ...(options.feed && { feed: options.feed }), source: story.source }, this.byKey, this.records);
    const slug = lookupKeys(story, options.feed).map((k) => this.byKey.get(k)).find((s) => s !== undefined) ?? legacy?.slug;
    const stored = slug ? this.records.get(slug) : undefined;
    // A record found by the old GUID key takes the scoped key in its place.
    const known = stored && legacy && legacy.slug === slug ? rekeyed(stored, legacy.key, keys[0]!) : stored;
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
   * Removes the ingested articles older than the retention window, from memory and the store
   * (./retention.ts pruneIngested). Never throws: an incomplete prune is reported, to be tried again.
   */
  prune(now: Date = this.clock.now()): Promise<PruneResult> {
    const memory = { load: () => this.load(), records: this.records, fileTwins: this.fileTwins, pruning: this.pruning, forget: (slug: string) => this.forget(slug) };
    return pruneIngested(memory, this.store, this.logger, this.cutoff(now));
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
        await this.store.set(INGESTED, slug, pending);
        this.unsaved.delete(slug);
      } catch (error) {
        // Still served from memory; the feed poll itself goes on.
        this.logger.error({ err: error, slug, waiting: this.unsaved.size }, 'ingested article not saved to the store yet; will retry');
        break;
      }
    }
  }
}
