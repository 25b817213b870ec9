// Stories from feeds into the archive (src/newsroom/archive.ts): each item matched against what
// is already there by index lookups (its GUID and canonical URL keys, then near-duplicate bands),
// so a story is never served twice and accepting one costs the same at 100 or 100,000 articles.
// Keys are in ./ingested.ts; items keyed by an older scheme are matched by ./migrations.ts; with a
// retention window (INGEST_RETENTION_DAYS, ./retention.ts) prune() removes the old ones and items
// dated before it are not filed.
import { type Clock, type Logger, systemClock } from '../core/context';
import type { ArticleAnalysis } from '../newsroom/analysis';
import type { Article } from '../newsroom/article';
import { slugify } from '../newsroom/article';
import type { Archive, FoundKey, Provenance } from '../newsroom/archive';
import { canonicalUrl, NEAR_DUPLICATE, nearDuplicateBands, shingles, similarity } from './identity';
import { claimKey, guidKey, type ItemOrigin, keysOf, legacyKey, lookupKeys } from './ingested';
import { type PruneResult, pruneArchive, RetentionWindow } from './retention';
import type { Story } from './story';

export type Outcome = 'new' | 'updated' | 'unchanged' | 'duplicate';

/** Computes an article's summaries, quotes and notice verdict (a worker pool in the running bot). */
export type Analyze = (article: Article) => Promise<ArticleAnalysis>;

export interface WireOptions {
  /**
   * Days an ingested article is kept (INGEST_RETENTION_DAYS): prune() removes one once its
   * publication and its arrival are both older, and feed items dated before the window are not
   * filed. 0 or absent keeps everything (the library default; the bot's config defaults to 180).
   */
  readonly retentionDays?: number;
  /** Analysis at filing time, stored with the article; without it, the first command computes it. */
  readonly analyze?: Analyze;
}

/** An analysis begun before the story's filing turn, and the text it was begun on. */
interface EarlyAnalysis {
  readonly of: Omit<Story, 'guid'>;
  readonly result: Promise<ArticleAnalysis>;
}

/**
 * Near-duplicate candidates compared by text per new story, those sharing the most bands first: a
 * copy at the NEAR_DUPLICATE similarity shares about 6 of the 16 bands, an article that only
 * shares a paragraph one or two, so the copy is among the first few.
 */
const NEAR_CANDIDATES = 5;

/** Title and body shingles with their band hashes: what a story is compared and indexed by. */
export function fingerprint(article: { title: string; body: string }): { shingles: Set<number>; bands: number[] } {
  const set = shingles(article.title, article.body);
  return { shingles: set, bands: nearDuplicateBands(set) };
}

/** The title's slug, or the first of slug-2, slug-3, ... the archive does not hold yet. */
export async function freeSlug(archive: Archive, title: string): Promise<string> {
  const base = slugify(title);
  for (let from = 1; ; from += 10) {
    const tries = Array.from({ length: 10 }, (_, i) => (from + i === 1 ? base : `${base}-${from + i}`));
    const taken = await archive.taken(tries);
    const free = tries.find((s) => !taken.has(s));
    if (free) return free;
  }
}

export class Wire {
  private readonly retention: RetentionWindow;
  private readonly analyze: Analyze | undefined;
  private filing: Promise<unknown> = Promise.resolve();

  constructor(
    readonly archive: Archive,
    private readonly logger: Logger,
    private readonly clock: Clock = systemClock,
    options: WireOptions = {},
  ) {
    this.retention = new RetentionWindow(options.retentionDays);
    this.analyze = options.analyze;
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

  /** Resolves once the archive answers; rejects while it cannot be reached. */
  async ready(): Promise<void> {
    await this.archive.latest(1); // one row by the date index (a count would read every row)
  }

  /** The key an item is filed under (its feed's claim first, then its own keys, then an older scheme's). */
  private async find(item: { guid?: string; url?: string } & ItemOrigin): Promise<FoundKey | undefined> {
    const found = await this.archive.findKey(lookupKeys(item, item.feed));
    if (found) return found;
    // A GUID keyed before GUIDs were scoped by feed: only this feed's own item (same source or link).
    const legacy = legacyKey(item.guid, item.feed);
    const old = legacy ? await this.archive.findKey([legacy]) : undefined;
    if (!old || old.kind !== 'own') return undefined;
    const article = await this.archive.get(old.slug);
    const url = item.url ? canonicalUrl(item.url) : undefined;
    const sameFeed = (item.source !== undefined && article?.source === item.source) || (url !== undefined && article?.url !== undefined && canonicalUrl(article.url) === url);
    return sameFeed ? old : undefined;
  }

  /** The slug already holding an item with this GUID or link, and whether the item is unchanged. */
  async seen(item: { guid?: string; url?: string } & ItemOrigin, itemHash: string): Promise<{ slug: string; unchanged: boolean } | null> {
    const found = await this.find(item);
    if (!found) return null;
    const unchanged = found.kind === 'twin' ? found.itemHash === itemHash : found.articleHash === itemHash || found.itemHash === itemHash;
    return { slug: found.slug, unchanged };
  }

  /** Any article already served (ingested or a content file) that tells the same story. */
  private async sameStory(story: Story, mine: Set<number>, bands: readonly number[]): Promise<Article | undefined> {
    const url = story.url && canonicalUrl(story.url);
    const byUrl = url ? await this.archive.byCanonicalUrl(url) : undefined;
    if (byUrl) return byUrl;
    const candidates = await this.archive.sharingBands(bands, NEAR_CANDIDATES);
    return candidates.find((a) => similarity(mine, shingles(a.title, a.body)) >= NEAR_DUPLICATE);
  }

  /**
   * Takes a story into the newsroom: a new article, an update of the article it was before (same
   * slug), or nothing when another feed or a content file already carries it.
   */
  accept(story: Story, options: { backlog: boolean; itemHash?: string; feed?: string }): Promise<{ outcome: Outcome; article: Article }> {
    // The analysis (the costly part, in a worker) starts before this story's turn, so stories from
    // several feeds are analysed side by side while filing stays one at a time.
    const early = this.analyze && this.startAnalysis(story);
    // One story at a time: two feeds carrying the same story must not both find it new.
    const turn = this.filing.then(() => this.file(story, options, early));
    this.filing = turn.catch(() => undefined);
    return turn;
  }

  private async file(story: Story, options: { backlog: boolean; itemHash?: string; feed?: string }, early?: EarlyAnalysis): Promise<{ outcome: Outcome; article: Article }> {
    // Which feed brought it, kept with the article whatever the outcome: who may read it, and
    // what is new in that feed for live alerts.
    const provenance: Provenance | undefined = options.feed === undefined ? undefined : { feed: options.feed, seenAt: this.clock.now(), backlog: options.backlog };
    const filed = await this.fileStory(story, options, provenance, early);
    if (provenance && filed.outcome === 'duplicate') await this.archive.putProvenance(filed.article.slug, provenance);
    return filed;
  }

  private async fileStory(story: Story, options: { backlog: boolean; itemHash?: string; feed?: string }, provenance: Provenance | undefined, early?: EarlyAnalysis): Promise<{ outcome: Outcome; article: Article }> {
    const keys = keysOf(story, options.feed);
    const claim = claimKey(story.guid, options.feed);
    const { guid: _guid, ...fields } = story;
    const found = await this.find({ ...story, ...(options.feed && { feed: options.feed }), ...(story.source && { source: story.source }) });
    const known = found && found.kind !== 'twin' ? await this.archive.get(found.slug) : undefined;
    const ownKeys = known ? (await this.archive.keysOf(known.slug)).filter((k) => k.kind === 'own').map((k) => k.key) : [];
    // The same item again (same GUID; or, without one, same link from the same source): an update.
    const sameItem =
      known !== undefined &&
      found?.origin === 'feed' &&
      (story.guid ? [guidKey(story.guid, options.feed), claim, legacyKey(story.guid, options.feed)].some((k) => k !== undefined && ownKeys.includes(k)) : known.source === story.source && !ownKeys.some((k) => k.startsWith('guid:')));
    const print = fingerprint(story);
    // Another source's story under the same permalink GUID, with other text: a story of its own.
    if (known && sameItem && claim && !ownKeys.includes(claim) && known.source !== story.source && similarity(print.shingles, shingles(known.title, known.body)) < NEAR_DUPLICATE) {
      const free = [];
      for (const key of keys) if (!(await this.archive.findKey([key]))) free.push(key);
      return this.fileNew(fields, [claim, ...free], print.bands, options, provenance, early);
    }
    if (known && sameItem) {
      const after: Article = { ...fields, slug: known.slug, published: known.published, ...(known.backlog && { backlog: true }), ...(known.receivedAt && { receivedAt: known.receivedAt }) };
      const same = known.title === after.title && known.body === after.body && known.dek === after.dek;
      // Keys of an older scheme give way to the current ones when the article is saved again.
      const legacy = legacyKey(story.guid, options.feed);
      const savedKeys = legacy && ownKeys.includes(legacy) ? [...new Set(ownKeys.map((k) => (k === legacy ? keys[0]! : k)))] : ownKeys;
      if (same) {
        // Unchanged text keeps its analysis and bands; only the item hash moves on.
        await this.archive.put({ article: known, origin: 'feed', keys: savedKeys, ...(options.itemHash && { itemHash: options.itemHash }), ...(provenance && { provenance }) });
        return { outcome: 'unchanged', article: known };
      }
      await this.archive.put({ article: after, origin: 'feed', keys: savedKeys, bands: print.bands, ...(options.itemHash && { itemHash: options.itemHash }), ...(provenance && { provenance }), ...(await this.analysis(after, early)) });
      return { outcome: 'updated', article: after };
    }
    const twin = found ? (known ?? (await this.archive.get(found.slug))) : await this.sameStory(story, print.shingles, print.bands);
    if (twin) {
      // Remember this item as the twin's alias, so the next poll skips it without comparing text.
      if (options.itemHash) {
        const origin = found?.origin ?? ((twin.backlog || twin.receivedAt) ? 'feed' : 'file');
        const seenAt = this.clock.now();
        for (const key of keys) {
          const kind = origin === 'file' ? 'twin' : 'alias';
          if (kind === 'alias' && (await this.archive.findKey([key]))?.kind === 'own') continue;
          await this.archive.putKey({ key, slug: twin.slug, kind, itemHash: options.itemHash, seenAt });
        }
      }
      return { outcome: 'duplicate', article: twin };
    }
    return this.fileNew(fields, keys, print.bands, options, provenance, early);
  }

  private startAnalysis(story: Story): EarlyAnalysis {
    const { guid: _guid, ...fields } = story;
    const result = this.analyze!({ ...fields, slug: '' });
    result.catch(() => undefined); // a duplicate never awaits it
    return { of: fields, result };
  }

  /** The analysis filed with an article: the one started early when it read the same text and date. */
  private async analysis(article: Article, early?: EarlyAnalysis): Promise<{ analysis?: ArticleAnalysis }> {
    if (!this.analyze) return {};
    const same = early && early.of.title === article.title && early.of.body === article.body && early.of.dek === article.dek && early.of.published.getTime() === article.published.getTime();
    try {
      return { analysis: await (same ? early.result : this.analyze(article)) };
    } catch (error) {
      // Filed without it: the first command that needs it computes it.
      this.logger.warn({ err: error, slug: article.slug }, 'article filed without its analysis');
      return {};
    }
  }

  /** Files a story as a new article, found again by these keys. */
  private async fileNew(fields: Omit<Story, 'guid'>, keys: readonly string[], bands: readonly number[], options: { backlog: boolean; itemHash?: string }, provenance: Provenance | undefined, early?: EarlyAnalysis): Promise<{ outcome: Outcome; article: Article }> {
    const dated: Omit<Article, 'slug'> = { ...fields, ...(options.backlog ? { backlog: true } : { receivedAt: this.clock.now() }) };
    const analysis = await this.analysis({ ...dated, slug: '' }, early);
    // Filing is one at a time within this process; another replica may file the same item between
    // this story's lookups and its filing: putNew then files nothing and names who holds the key.
    for (let attempt = 1; ; attempt++) {
      const article: Article = { ...dated, slug: await freeSlug(this.archive, fields.title) };
      const filed = await this.archive.putNew({ article, origin: 'feed', keys, bands, ...(options.itemHash && { itemHash: options.itemHash }), ...(provenance && { provenance }), ...analysis });
      if (filed.filed) return { outcome: 'new', article };
      const holder = filed.heldBy === undefined ? undefined : await this.archive.get(filed.heldBy);
      if (holder) return { outcome: 'duplicate', article: holder };
      // The slug was taken meanwhile: a free one again.
      if (attempt >= 3) throw new Error(`no free slug for "${fields.title}" after ${attempt} tries`);
    }
  }

  /**
   * Removes the ingested articles older than the retention window (./retention.ts pruneArchive).
   * Never throws: an incomplete prune is reported, to be tried again.
   */
  prune(now: Date = this.clock.now()): Promise<PruneResult> {
    return pruneArchive(this.archive, this.logger, this.cutoff(now));
  }
}
