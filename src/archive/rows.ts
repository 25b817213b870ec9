// What both SQL backends store per article and how a row becomes an Article again. The text
// columns feed the full-text index; the rest of the article rides along as JSON.
import type { Article } from '../newsroom/article';
import type { ArchiveKey, ArchiveRecord, FoundKey, Provenance, Reader } from '../newsroom/archive';
import { contentWords, words } from '../newsroom/text/words';

/** An article as a row: the columns both backends share. */
export interface ArticleRow {
  readonly slug: string;
  readonly origin: string;
  readonly title: string;
  readonly slug_words: string;
  readonly dek: string;
  readonly body: string;
  readonly published: number;
  readonly news_at: number;
  readonly received: number | null;
  readonly backlog: number;
  readonly canonical_url: string | null;
  readonly title_terms: number;
  readonly item_hash: string | null;
  readonly file: string | null;
  readonly file_hash: string | null;
  readonly fields: string;
  readonly analysis: string | null;
}

/** The columns a SELECT needs to rebuild an Article. */
export const ARTICLE_COLUMNS = 'slug, title, dek, body, published, backlog, fields';
/** The same columns of an `articles` table aliased `a`, for queries that join it. */
export const ARTICLE_COLUMNS_OF_A = ARTICLE_COLUMNS.split(', ').map((c) => `a.${c}`).join(', ');

interface Fields {
  readonly url?: string;
  readonly byline?: string;
  readonly source?: string;
  readonly tags?: readonly string[];
  readonly receivedAt?: number;
}

/** Distinct words of title and slug: the "fewest title words" that makes a match likely meant. */
export function titleWordsOf(article: Pick<Article, 'title' | 'slug'>): Set<string> {
  return new Set([...words(article.title), ...article.slug.split('-')]);
}

/**
 * Neighbouring content words of a title ("westfield hospital"): a title lookup whose words stand
 * together in a title finds it through these, reading only the titles that hold the pair (a word in
 * one title of twenty is in 5,000 of 100,000; a pair of them is in a few hundred).
 */
export function titlePairs(title: string): string[] {
  return neighbours(contentWords(title).slice(0, TITLE_WORDS_PAIRED));
}

/** Past this many words a title is not prose (and a lookup falls back to its words). */
const TITLE_WORDS_PAIRED = 40;

/**
 * Whether this title holds every pair. A pair row may outlive its title where a process of an
 * earlier version edited the article, so a match by pairs is checked against the title itself.
 */
export function heldBy(title: string, pairs: readonly string[]): boolean {
  const held = new Set(titlePairs(title));
  return pairs.every((pair) => held.has(pair));
}

/** "a b" for each word and the next. */
export function neighbours(words: readonly string[]): string[] {
  return [...new Set(words.slice(1).map((word, i) => `${words[i]} ${word}`))];
}

export function toRow(record: ArchiveRecord, canonicalUrl: string | undefined): ArticleRow {
  const { article } = record;
  const received = article.receivedAt?.getTime() ?? null;
  const fields: Fields = {
    ...(article.url && { url: article.url }),
    ...(article.byline && { byline: article.byline }),
    ...(article.source && { source: article.source }),
    ...(article.tags.length > 0 && { tags: article.tags }),
    ...(received !== null && { receivedAt: received }),
  };
  const published = article.published.getTime();
  return {
    slug: article.slug,
    origin: record.origin,
    title: article.title,
    slug_words: article.slug.replace(/-/g, ' '),
    dek: article.dek ?? '',
    body: article.body,
    published,
    news_at: Math.max(published, received ?? 0),
    received,
    backlog: article.backlog ? 1 : 0,
    canonical_url: canonicalUrl ?? null,
    title_terms: titleWordsOf(article).size,
    item_hash: record.itemHash ?? null,
    file: record.file?.path ?? null,
    file_hash: record.file?.hash ?? null,
    fields: JSON.stringify(fields),
    analysis: record.analysis ? JSON.stringify(record.analysis) : null,
  };
}

/** The row's Article (the columns of ARTICLE_COLUMNS; numbers may arrive as strings from PostgreSQL). */
export function toArticle(row: { slug: string; title: string; dek: string; body: string; published: number | string; backlog: number | boolean; fields: string | Fields }): Article {
  const fields: Fields = typeof row.fields === 'string' ? (JSON.parse(row.fields) as Fields) : row.fields;
  return {
    slug: row.slug,
    title: row.title,
    ...(row.dek && { dek: row.dek }),
    ...(fields.url && { url: fields.url }),
    published: new Date(Number(row.published)),
    ...(fields.byline && { byline: fields.byline }),
    ...(fields.source && { source: fields.source }),
    tags: fields.tags ?? [],
    body: row.body,
    ...(row.backlog && Number(row.backlog) !== 0 && { backlog: true }),
    ...(fields.receivedAt !== undefined && { receivedAt: new Date(fields.receivedAt) }),
  };
}

/**
 * The feed recorded for a feed article filed without one (before provenance was kept, or filed by
 * a tool rather than a feed): the operator's content, so every reader's list includes it.
 */
export const UNATTRIBUTED = '';

/**
 * A reader's text matches are sought among the archive's newest this many matches: a word in every
 * title costs the same whoever asks, however few of those stories the reader may see (past it, an
 * older story is found by a rarer word or its slug).
 */
export const READER_WINDOW = 10_000;

/** Candidates a title match looks at, newest filed first, before ordering them (both engines). */
export const TITLE_CANDIDATES = 1000;
/** Candidates autocomplete looks at, newest filed first: ten times the suggestions a platform shows. */
export const SUGGESTION_CANDIDATES = 250;

/** The feed URLs a reader's query matches provenance against: its own and UNATTRIBUTED. */
export function readerFeeds(reader: Reader): string[] {
  return [...new Set([UNATTRIBUTED, ...reader.feeds])];
}

/**
 * The feeds a reader's digest matches provenance against: those it reads whatever their first
 * sighting, and those it reads only from when it followed them ([url, ms]).
 */
export function newsFeeds(reader: Reader): { always: string[]; since: Array<[string, number]> } {
  const since = Object.entries(reader.followedSince ?? {}).filter(([url]) => reader.feeds.includes(url));
  const later = new Set(since.map(([url]) => url));
  return { always: readerFeeds(reader).filter((url) => !later.has(url)), since };
}

/** A provenance row as both engines read it (PostgreSQL gives bigint as text). */
export interface ProvenanceRow {
  readonly feed_url: string;
  readonly first_seen: number | string;
  readonly backlog: number | boolean;
}

export function toProvenance(row: ProvenanceRow): Provenance {
  return { feed: row.feed_url, seenAt: new Date(Number(row.first_seen)), backlog: Number(row.backlog) !== 0 };
}

/** A word as a quoted FTS term (FTS5 and to_tsquery both take it literally this way). */
export function quoted(word: string): string {
  // A NUL would end the FTS5 string early ("unterminated string"): it is never part of a word.
  return `"${word.replace(/\0/g, '').replace(/"/g, '""')}"`;
}

/** The trigrams of a word, for "did you mean". */
export function trigrams(word: string): string[] {
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= word.length; i++) grams.add(word.slice(i, i + 3));
  return [...grams];
}

/** A key joined with its article, as both engines read it (PostgreSQL gives bigint as text). */
export interface KeyRow {
  readonly key: string;
  readonly slug: string;
  readonly kind: ArchiveKey['kind'];
  readonly item_hash: string | null;
  readonly seen_at: number | string | null;
  readonly article_hash: string | null;
  readonly origin: string;
}

/** The columns and join findKey reads, over the engine's own table names. */
export const keyJoin = (keys: string, articles: string) =>
  `SELECT k.key, k.slug, k.kind, k.item_hash, k.seen_at, a.item_hash AS article_hash, a.origin FROM ${keys} k JOIN ${articles} a ON a.slug = k.slug`;

/** The first of `keys`, in their order, that a row holds. */
export function firstFound(keys: readonly string[], rows: readonly KeyRow[]): FoundKey | undefined {
  const found = keys.map((key) => rows.find((r) => r.key === key)).find((r) => r !== undefined);
  if (!found) return undefined;
  return {
    key: found.key,
    slug: found.slug,
    kind: found.kind,
    ...(found.item_hash !== null && { itemHash: found.item_hash }),
    ...(found.seen_at !== null && { seenAt: new Date(Number(found.seen_at)) }),
    ...(found.article_hash !== null && { articleHash: found.article_hash }),
    origin: found.origin === 'file' ? 'file' : 'feed',
  };
}
