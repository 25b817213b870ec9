// The archive port: every article the bot serves, kept in an indexed database and queried, never
// loaded whole. Backends live in src/archive (SQLite with FTS5, PostgreSQL with tsvector); the
// domain's lookups (./articles.ts) and the ingest that files stories (src/ingest/wire.ts) use only
// this interface, so both backends answer the same questions the same way (test/archive/contract.ts).
import type { ArticleAnalysis } from './analysis';
import type { Article } from './article';

/** Where an article came from: an operator's content file, or a feed item. */
export type ArticleOrigin = 'file' | 'feed';

/** Everything the archive keeps for one article (the slug is its key). */
export interface ArchiveRecord {
  readonly article: Article;
  readonly origin: ArticleOrigin;
  /** Computed once when filed (summaries, quotes, notice), so no command computes it. */
  readonly analysis?: ArticleAnalysis;
  /** The item's GUID/URL keys (src/ingest/ingested.ts keysOf): a later item with one updates it. */
  readonly keys?: readonly string[];
  /** Hash of the feed item as last seen, so an unchanged item costs no page fetch. */
  readonly itemHash?: string;
  /** MinHash LSH band hashes of title and body (src/ingest/identity.ts): near-duplicates share one. */
  readonly bands?: readonly number[];
  /** A content file: its path and the hash of its text, so it is indexed again only when it changes. */
  readonly file?: { readonly path: string; readonly hash: string };
  /** The feed that brought it (kept beside any earlier feed's, see Archive.putProvenance). */
  readonly provenance?: Provenance;
}

/**
 * One feed an article came through: when it was first seen there, and whether it was backlog there
 * (already in the feed when it was added). A story carried by several feeds has one per feed.
 */
export interface Provenance {
  readonly feed: string;
  readonly seenAt: Date;
  readonly backlog: boolean;
}

/**
 * Who reads: the feed URLs whose stories a server or workspace may be served (the operator's feeds
 * and its own). Content files, and feed articles filed before provenance was kept, are everyone's.
 * Queries without a reader answer over the whole archive (the CLI, eval, the ingest).
 */
export interface Reader {
  readonly feeds: readonly string[];
  /**
   * Per feed URL, when this reader started following it (ms): its digests count a story of that
   * feed only when the feed brought it since, so following a feed others follow floods nothing.
   */
  readonly followedSince?: Readonly<Record<string, number>>;
}

/** A story as it arrived through one feed (Archive.arrivals). */
export interface Arrival {
  readonly article: Article;
  readonly seenAt: Date;
}

/**
 * One key an item is found again by. `own`: the article's own GUID/URL; `alias`: another feed's
 * item telling the same story (it never updates the article); `twin`: a feed item repeating a
 * content file's story. Aliases and twins keep the item's hash and when it was last seen.
 */
export interface ArchiveKey {
  readonly key: string;
  readonly slug: string;
  readonly kind: 'own' | 'alias' | 'twin';
  readonly itemHash?: string;
  /** When the item was seen (twins), for retention. */
  readonly seenAt?: Date;
}

/** A key found by findKey, with the hash the article itself was last filed with. */
export interface FoundKey extends ArchiveKey {
  readonly articleHash?: string;
  readonly origin: ArticleOrigin;
}

export interface ArchiveHit {
  readonly article: Article;
  /** Higher is better (the engine's full-text rank: BM25 on SQLite, ts_rank_cd on PostgreSQL). */
  readonly score: number;
  /** The analysis stored with the article, read in the same query (search only; absent while none is stored). */
  readonly analysis?: ArticleAnalysis;
}

/** A query's words as the archive matches them: whole words, or prefixes (`prefix: true`). */
export interface TitleWord {
  readonly word: string;
  readonly prefix: boolean;
}

export interface Archive {
  /** A name for logs and the replica check: "sqlite:/abs/path" or "postgres://host/db". */
  readonly location: string;
  /** True when processes on other machines can share it (PostgreSQL). */
  readonly shared: boolean;

  count(): Promise<number>;
  /** The article, when the reader may see it. */
  get(slug: string, reader?: Reader): Promise<Article | undefined>;
  /** Several at once, in the order asked (missing ones left out). */
  getMany(slugs: readonly string[]): Promise<Article[]>;
  /** The stored analyses of these articles, by slug (an article without one is left out). */
  analyses(slugs: readonly string[]): Promise<Map<string, ArticleAnalysis>>;
  saveAnalysis(slug: string, analysis: ArticleAnalysis): Promise<void>;

  /** Newest published first (ties by title). */
  latest(limit: number, reader?: Reader): Promise<Article[]>;
  /**
   * Digest articles: not backlog, news time (the later of publication and arrival) in
   * (since, until], newest news first. Through a feed the reader followed later
   * (Reader.followedSince), only what that feed brought after, as news (not backlog) there.
   */
  news(since: Date, until: Date, limit: number, reader?: Reader): Promise<Article[]>;

  /**
   * Articles whose title or slug has every word (a prefix where asked), fewest title words
   * first, then newest: the article a user most likely means by these words.
   */
  bestTitleMatch(words: readonly TitleWord[], reader?: Reader): Promise<Article | undefined>;
  /** Titles with every word as a prefix, newest first: autocomplete. */
  titlesStartingWith(prefixes: readonly string[], limit: number, reader?: Reader): Promise<Article[]>;
  /**
   * Title words spelled like this one (shared trigrams), for "did you mean": at most `limit`. A word
   * some title has is its own answer (no trigram ranking: the costly part for a common word).
   */
  wordsLike(word: string, limit: number): Promise<string[]>;
  /** Articles whose title has any of these whole words, best full-text rank first. */
  titlesWithAny(words: readonly string[], limit: number, reader?: Reader): Promise<Article[]>;
  /** Full-text search over title (weighted up), dek and body: any of the terms, best rank first. */
  search(terms: readonly string[], limit: number, reader?: Reader): Promise<ArchiveHit[]>;

  // The ingest's side.

  /** Adds the article or replaces the one with its slug (keys, bands and text index with it). */
  put(record: ArchiveRecord): Promise<void>;
  /**
   * Files a new article unless another process got there first: when one of its keys or its slug
   * is already taken (checked and written in one transaction, so two replicas filing the same item
   * at once file it once), nothing is written and `heldBy` names the article holding the key.
   */
  putNew(record: ArchiveRecord): Promise<{ readonly filed: true } | { readonly filed: false; readonly heldBy?: string }>;
  /** Takes the article out with its keys; true when there was one. */
  remove(slug: string): Promise<boolean>;
  /** The first of these keys the archive knows, in the order given. */
  findKey(keys: readonly string[]): Promise<FoundKey | undefined>;
  /** The article's keys (own and aliases). */
  keysOf(slug: string): Promise<ArchiveKey[]>;
  /** Records an alias or twin key (replacing one with the same key). */
  putKey(key: ArchiveKey): Promise<void>;
  /**
   * Records that the article came through this feed too; a feed already recorded keeps its first
   * sighting (and backlog flag). Nothing for an unknown slug.
   */
  putProvenance(slug: string, provenance: Provenance): Promise<void>;
  /** The feeds the article came through, first seen first. */
  provenanceOf(slug: string): Promise<Provenance[]>;
  /**
   * Stories that arrived through this feed after `after`, not backlog there, first seen first (ties
   * by slug), at most `limit`: what a live alert posts next.
   */
  arrivals(feed: string, after: Date, limit: number): Promise<Arrival[]>;
  /** The article whose canonical URL this is (src/ingest/identity.ts canonicalUrl). */
  byCanonicalUrl(url: string): Promise<Article | undefined>;
  /** Articles sharing at least one band with these, those sharing the most first: near-duplicate candidates. */
  sharingBands(bands: readonly number[], limit: number): Promise<Article[]>;
  /** Which of these slugs are taken. */
  taken(slugs: readonly string[]): Promise<Set<string>>;
  /** The content files indexed so far: path -> { slug, hash }. Small: the operator's own files. */
  files(): Promise<Map<string, { slug: string; hash: string }>>;
  /**
   * Removes up to `limit` feed articles published before the cutoff whose arrival (when known) is
   * too, with their keys and provenance, in one statement (an article filed meanwhile under a freed slug is new,
   * so it stays): retention's next batch. Returns how many went.
   */
  pruneBefore(cutoff: Date, limit: number): Promise<number>;
  /** Deletes twin keys seen before the cutoff; how many. */
  pruneTwins(cutoff: Date): Promise<number>;
  close(): Promise<void>;
}
