// The archive in a SQLite file: articles in a table, their text in an FTS5 index (BM25 ranking,
// porter stemming), titles again unstemmed with prefix indexes (title lookups and autocomplete:
// a prefix is matched as typed), title words in an FTS5 trigram index for
// "did you mean", keys and near-duplicate bands in indexed tables. sqlite3 (node-sqlite3, already
// under the keyv store) runs every statement on libuv's thread pool, so a query never blocks the
// event loop. Several processes on one machine may share the file (WAL, busy timeout); processes on
// different machines need PostgreSQL.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import sqlite3 from 'sqlite3';
import type { ArticleAnalysis } from '../newsroom/analysis';
import type { Article } from '../newsroom/article';
import type { Archive, ArchiveHit, ArchiveKey, ArchiveRecord, Arrival, FoundKey, Provenance, Reader, TitleWord } from '../newsroom/archive';
import { ARTICLE_COLUMNS, ARTICLE_COLUMNS_OF_A, type ArticleRow, firstFound, keyJoin, type KeyRow, heldBy, neighbours, newsFeeds, type ProvenanceRow, quoted, READER_WINDOW, readerFeeds, SUGGESTION_CANDIDATES, TITLE_CANDIDATES, titlePairs, toArticle, toProvenance, toRow, trigrams, UNATTRIBUTED } from './rows';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS articles (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  origin TEXT NOT NULL,
  title TEXT NOT NULL,
  slug_words TEXT NOT NULL,
  dek TEXT NOT NULL,
  body TEXT NOT NULL,
  published INTEGER NOT NULL,
  news_at INTEGER NOT NULL,
  received INTEGER,
  backlog INTEGER NOT NULL,
  canonical_url TEXT,
  title_terms INTEGER NOT NULL,
  item_hash TEXT,
  file TEXT,
  file_hash TEXT,
  fields TEXT NOT NULL,
  analysis TEXT
);
CREATE INDEX IF NOT EXISTS articles_published ON articles (published DESC, title);
CREATE INDEX IF NOT EXISTS articles_news ON articles (news_at DESC) WHERE backlog = 0;
CREATE INDEX IF NOT EXISTS articles_canonical ON articles (canonical_url) WHERE canonical_url IS NOT NULL;
CREATE INDEX IF NOT EXISTS articles_file ON articles (file) WHERE file IS NOT NULL;
CREATE INDEX IF NOT EXISTS articles_feed_age ON articles (published) WHERE origin = 'feed';
-- What orders title candidates, by id: those columns sit after the body in a row, so reading them
-- from the table walks the body's overflow pages (see bestOf, titlesStartingWith).
CREATE INDEX IF NOT EXISTS articles_order ON articles (id, title_terms, published);
CREATE TABLE IF NOT EXISTS article_keys (
  key TEXT PRIMARY KEY,
  slug TEXT NOT NULL,
  kind TEXT NOT NULL,
  item_hash TEXT,
  seen_at INTEGER
);
CREATE INDEX IF NOT EXISTS article_keys_slug ON article_keys (slug);
CREATE INDEX IF NOT EXISTS article_keys_twins ON article_keys (seen_at) WHERE kind = 'twin';
CREATE TABLE IF NOT EXISTS article_bands (band INTEGER NOT NULL, article INTEGER NOT NULL, PRIMARY KEY (band, article)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS article_bands_article ON article_bands (article);
CREATE VIRTUAL TABLE IF NOT EXISTS article_text USING fts5(
  title, slug_words, dek, body,
  content='articles', content_rowid='id',
  tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS articles_ai AFTER INSERT ON articles BEGIN
  INSERT INTO article_text (rowid, title, slug_words, dek, body) VALUES (new.id, new.title, new.slug_words, new.dek, new.body);
END;
CREATE TRIGGER IF NOT EXISTS articles_ad AFTER DELETE ON articles BEGIN
  INSERT INTO article_text (article_text, rowid, title, slug_words, dek, body) VALUES ('delete', old.id, old.title, old.slug_words, old.dek, old.body);
  DELETE FROM article_bands WHERE article = old.id;
END;
CREATE TRIGGER IF NOT EXISTS articles_au AFTER UPDATE OF title, slug_words, dek, body ON articles BEGIN
  INSERT INTO article_text (article_text, rowid, title, slug_words, dek, body) VALUES ('delete', old.id, old.title, old.slug_words, old.dek, old.body);
  INSERT INTO article_text (rowid, title, slug_words, dek, body) VALUES (new.id, new.title, new.slug_words, new.dek, new.body);
END;
-- Titles and slug words again, unstemmed: a typed prefix is a prefix of the word as written
-- ("rus" must not become porter's "ru" and find "Rural"), and title words match as they were typed.
CREATE VIRTUAL TABLE IF NOT EXISTS title_text USING fts5(
  title, slug_words,
  content='articles', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2', prefix='2 3'
);
CREATE TRIGGER IF NOT EXISTS articles_title_ai AFTER INSERT ON articles BEGIN
  INSERT INTO title_text (rowid, title, slug_words) VALUES (new.id, new.title, new.slug_words);
END;
CREATE TRIGGER IF NOT EXISTS articles_title_ad AFTER DELETE ON articles BEGIN
  INSERT INTO title_text (title_text, rowid, title, slug_words) VALUES ('delete', old.id, old.title, old.slug_words);
END;
CREATE TRIGGER IF NOT EXISTS articles_title_au AFTER UPDATE OF title, slug_words ON articles BEGIN
  INSERT INTO title_text (title_text, rowid, title, slug_words) VALUES ('delete', old.id, old.title, old.slug_words);
  INSERT INTO title_text (rowid, title, slug_words) VALUES (new.id, new.title, new.slug_words);
END;
-- Provenance: the feeds each feed article came through. Readers (a server's or workspace's feeds)
-- are matched against it by primary key, and take a feed's latest by (feed_url, published, the
-- article's, kept in step); live alerts read a feed's arrivals by the partial index.
CREATE TABLE IF NOT EXISTS article_feeds (
  article INTEGER NOT NULL,
  feed_url TEXT NOT NULL,
  first_seen INTEGER NOT NULL,
  backlog INTEGER NOT NULL,
  published INTEGER NOT NULL,
  PRIMARY KEY (article, feed_url)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS article_feeds_arrivals ON article_feeds (feed_url, first_seen) WHERE backlog = 0;
CREATE INDEX IF NOT EXISTS article_feeds_latest ON article_feeds (feed_url, published DESC);
CREATE INDEX IF NOT EXISTS articles_file_published ON articles (published DESC, title) WHERE origin = 'file';
CREATE TRIGGER IF NOT EXISTS articles_feeds_ad AFTER DELETE ON articles BEGIN
  DELETE FROM article_feeds WHERE article = old.id;
END;
-- Neighbouring title words (rows.ts titlePairs): a lookup of words typed together reads the few
-- titles holding each pair instead of every title holding each word.
CREATE TABLE IF NOT EXISTS title_pairs (pair TEXT NOT NULL, article INTEGER NOT NULL, PRIMARY KEY (pair, article)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS title_pairs_article ON title_pairs (article);
CREATE TRIGGER IF NOT EXISTS articles_pairs_ad AFTER DELETE ON articles BEGIN
  DELETE FROM title_pairs WHERE article = old.id;
END;
CREATE TABLE IF NOT EXISTS title_words (id INTEGER PRIMARY KEY, word TEXT NOT NULL UNIQUE);
CREATE VIRTUAL TABLE IF NOT EXISTS title_grams USING fts5(word, content='title_words', content_rowid='id', tokenize='trigram');
CREATE TRIGGER IF NOT EXISTS title_words_ai AFTER INSERT ON title_words BEGIN
  INSERT INTO title_grams (rowid, word) VALUES (new.id, new.word);
END;
`;

/** Gives every feed article without provenance (filed before it was kept) the UNATTRIBUTED feed. */
const UNATTRIBUTE_EARLIER = `INSERT OR IGNORE INTO article_feeds (article, feed_url, first_seen, backlog, published)
  SELECT id, '${UNATTRIBUTED}', coalesce(received, published), 1, published FROM articles WHERE origin = 'feed';`;

/**
 * Feeds a reader's latest() takes a branch each for (the newest of each feed by its index); SQLite
 * allows 500 terms in a compound SELECT, so a longer list walks the date index instead.
 */
const LATEST_BRANCHES = 400;

/**
 * SQL true when the reader may see the article with this id (an id expression of the outer query):
 * a content file, or one of its feeds (UNATTRIBUTED included) carried it. Two primary-key probes.
 */
function visibleTo(id: string, reader: Reader, news = false): { sql: string; params: unknown[] } {
  // For a digest, a feed followed later counts from when it was followed (Reader.followedSince).
  const { always, since } = news ? newsFeeds(reader) : { always: readerFeeds(reader), since: [] };
  const feeds = [`f.feed_url IN (${always.map(() => '?').join(', ')})`, ...since.map(() => '(f.feed_url = ? AND f.first_seen > ? AND f.backlog = 0)')].join(' OR ');
  return {
    sql: `(EXISTS (SELECT 1 FROM articles v WHERE v.id = ${id} AND v.origin = 'file') OR EXISTS (SELECT 1 FROM article_feeds f WHERE f.article = ${id} AND (${feeds})))`,
    params: [...always, ...since.flat()],
  };
}

/** `AND <visibleTo>` for a query with a reader, nothing without one. */
function andVisible(id: string, reader: Reader | undefined, news = false): { sql: string; params: unknown[] } {
  if (!reader) return { sql: '', params: [] };
  const { sql, params } = visibleTo(id, reader, news);
  return { sql: ` AND ${sql}`, params };
}

/**
 * For a full-text index's `MATCH ?` with a reader: the matches among the index's newest
 * READER_WINDOW that the reader may see (the `MATCH` text is its first parameter again).
 */
function andVisibleMatch(index: 'article_text' | 'title_text', match: string, reader: Reader | undefined): { sql: string; params: unknown[] } {
  if (!reader) return { sql: '', params: [] };
  const { sql, params } = visibleTo(`${index}.rowid`, reader);
  const oldest = `(SELECT rowid FROM ${index} WHERE ${index} MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ${READER_WINDOW - 1})`;
  return { sql: ` AND ${index}.rowid >= coalesce(${oldest}, -9223372036854775808) AND ${sql}`, params: [match, ...params] };
}

interface Query {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/**
 * The newest `limit` matches the reader may see, among the newest READER_WINDOW matches (as
 * andVisibleMatch, in one pass: the window's matches stream through the reader's filter until
 * `limit` pass). `matches` selects every match's `id`, newest first. ranked() keeps the two-pass
 * form: bm25() can only be computed in the query that runs the MATCH.
 */
function newestVisible(matches: Query, reader: Reader | undefined, limit: number): Query {
  if (!reader) return { sql: `${matches.sql} LIMIT ${limit}`, params: matches.params };
  const { sql, params } = visibleTo('m.id', reader);
  return { sql: `SELECT m.id FROM (${matches.sql} LIMIT ${READER_WINDOW}) m WHERE ${sql} LIMIT ${limit}`, params: [...matches.params, ...params] };
}

/** Articles whose titles have every word (a prefix where asked), newest first. */
function titleMatches(words: readonly TitleWord[]): Query {
  const match = words.map((w) => `${quoted(w.word)}${w.prefix ? ' *' : ''}`).join(' AND ');
  return { sql: 'SELECT rowid AS id FROM title_text WHERE title_text MATCH ? ORDER BY rowid DESC', params: [match] };
}

/** Articles whose titles hold every pair of neighbouring words (rows.ts titlePairs), newest first. */
function holdingPairs(pairs: readonly string[]): Query {
  // A pair no title has ends it before the first pair's titles are read (SQLite tests a condition
  // that does not depend on the row once, before the loop).
  const some = pairs.slice(1).map(() => ' AND EXISTS (SELECT 1 FROM title_pairs WHERE pair = ?)');
  const others = pairs.slice(1).map((_, i) => ` AND EXISTS (SELECT 1 FROM title_pairs q${i} WHERE q${i}.pair = ? AND q${i}.article = p.article)`);
  return { sql: `SELECT p.article AS id FROM title_pairs p WHERE p.pair = ?${some.join('')}${others.join('')} ORDER BY p.article DESC`, params: [pairs[0], ...pairs.slice(1), ...pairs.slice(1)] };
}

/** Title over dek and body, as the in-memory ranking did; slug words only find, never rank. */
const RANK = "bm25(article_text, 3.0, 0.0, 1.0, 1.0)";
/** Title words ranked by title hits only (slug words find, never rank). */
const TITLE_RANK = 'bm25(title_text, 3.0, 0.0)';
/** Matches a search ranks, newest filed first: what keeps a query of common words bounded. */
const RANKED_MATCHES = 2000;

/** PRAGMA user_version once every article's title pairs are filed (files from before have 0). */
const PAIRED_TITLES = 1;
/** Articles read per turn when earlier titles are paired. */
const PAGE = 500;

/** Band rows a near-duplicate lookup reads at most (a band on very many articles says little). */
const BAND_ROWS = 2000;

/** Prepared statements kept per SQL text: preparing costs more than running most of these. */
const STATEMENTS_KEPT = 200;

/** node-sqlite3's callbacks as promises, with its prepared statements reused. */
class Connection {
  private readonly statements = new Map<string, sqlite3.Statement>();

  constructor(private readonly db: sqlite3.Database) {}

  static open(file: string): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const db = new sqlite3.Database(file, (error) => (error ? reject(error) : resolve(new Connection(db))));
    });
  }

  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => this.db.exec(sql, (error) => (error ? reject(error) : resolve())));
  }

  private statement(sql: string): sqlite3.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size >= STATEMENTS_KEPT) {
        const [oldest, kept] = this.statements.entries().next().value as [string, sqlite3.Statement];
        this.statements.delete(oldest);
        kept.finalize();
      }
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return new Promise((resolve, reject) =>
      this.statement(sql).run(params, function (this: sqlite3.RunResult, error: Error | null) {
        if (error) reject(error);
        else resolve(this.changes);
      }),
    );
  }

  all<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return new Promise((resolve, reject) => this.statement(sql).all(params, (error, rows) => (error ? reject(error) : resolve(rows as T[]))));
  }

  async get<T>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async close(): Promise<void> {
    for (const statement of this.statements.values()) await new Promise<void>((resolve) => statement.finalize(() => resolve()));
    this.statements.clear();
    await new Promise<void>((resolve, reject) => this.db.close((error) => (error ? reject(error) : resolve())));
  }
}

type ArticleColumns = Pick<ArticleRow, 'slug' | 'title' | 'dek' | 'body' | 'published' | 'backlog' | 'fields'>;

export class SqliteArchive implements Archive {
  readonly shared = false;
  /** One connection, so writes take turns here: a transaction must not interleave with another. */
  private writing: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly db: Connection,
    readonly location: string,
    private readonly canonical: (url: string) => string | undefined,
  ) {}

  /** Opens (creating) the archive at `file`, or in memory for ':memory:'. */
  static async open(file: string, canonicalUrl: (url: string) => string | undefined): Promise<SqliteArchive> {
    const path = file === ':memory:' ? file : resolve(file);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const db = await Connection.open(path);
    // A 32 MB page cache (SQLite's default is 2 MB): the indexes every command walks stay in it
    // between commands of different kinds, at 100k articles too.
    await db.exec('PRAGMA busy_timeout = 10000; PRAGMA cache_size = -32768; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF;');
    // A file made before title_text existed gets it filled from the articles once.
    const rebuild = `INSERT INTO title_text (title_text) SELECT 'rebuild' WHERE (SELECT count(*) FROM title_text) = 0 AND EXISTS (SELECT 1 FROM articles);`;
    try {
      await db.exec('BEGIN IMMEDIATE');
      // Feed articles filed before provenance was kept are the operator's: everyone reads them.
      const attribute = (await db.get("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'article_feeds'")) ? '' : UNATTRIBUTE_EARLIER;
      await db.exec(`${SCHEMA} ${rebuild} ${attribute} COMMIT;`);
    } catch (error) {
      await db.exec('ROLLBACK').catch(() => undefined);
      await db.close().catch(() => undefined);
      throw error;
    }
    const archive = new SqliteArchive(db, `sqlite:${path}`, canonicalUrl);
    try {
      await archive.pairEarlierTitles();
    } catch (error) {
      await db.close().catch(() => undefined);
      throw error;
    }
    return archive;
  }

  /**
   * A file whose articles were filed before title pairs were kept gets them, a page of articles at
   * a time, once (PRAGMA user_version records it). Another process doing the same meanwhile is harmless.
   */
  private async pairEarlierTitles(): Promise<void> {
    if ((await this.db.get<{ user_version: number }>('PRAGMA user_version'))!.user_version >= PAIRED_TITLES) return;
    for (let after: number | undefined = 0; after !== undefined; ) {
      const from: number = after;
      // The page is read inside its write transaction, so no other process edits it meanwhile.
      after = await this.transaction(async () => {
        const page = await this.db.all<{ id: number; title: string }>('SELECT id, title FROM articles WHERE id > ? ORDER BY id LIMIT ?', [from, PAGE]);
        const pairs = page.flatMap(({ id, title }) => titlePairs(title).map((pair) => [pair, id] as const));
        // A statement holds at most SQLite's 32,766 parameters.
        for (let at = 0; at < pairs.length; at += 5000) {
          const some = pairs.slice(at, at + 5000);
          await this.db.run(`INSERT OR IGNORE INTO title_pairs (pair, article) VALUES ${some.map(() => '(?, ?)').join(', ')}`, some.flat());
        }
        return page.at(-1)?.id;
      });
    }
    await this.db.exec(`PRAGMA user_version = ${PAIRED_TITLES}`);
  }

  private async pairTitle(id: number, title: string): Promise<void> {
    await this.db.run('DELETE FROM title_pairs WHERE article = ?', [id]);
    const pairs = titlePairs(title);
    if (pairs.length > 0) await this.db.run(`INSERT OR IGNORE INTO title_pairs (pair, article) VALUES ${pairs.map(() => '(?, ?)').join(', ')}`, pairs.flatMap((pair) => [pair, id]));
  }

  private write<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.writing.then(work, work);
    this.writing = turn.catch(() => undefined);
    return turn;
  }

  private transaction<T>(work: () => Promise<T>): Promise<T> {
    return this.write(async () => {
      await this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work();
        await this.db.exec('COMMIT');
        return result;
      } catch (error) {
        await this.db.exec('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  private async articles(sql: string, params: readonly unknown[]): Promise<Article[]> {
    return (await this.db.all<ArticleColumns>(sql, params)).map(toArticle);
  }

  async count(): Promise<number> {
    return (await this.db.get<{ n: number }>('SELECT count(*) AS n FROM articles'))!.n;
  }

  async get(slug: string, reader?: Reader): Promise<Article | undefined> {
    const visible = andVisible('a.id', reader);
    return (await this.articles(`SELECT ${ARTICLE_COLUMNS} FROM articles a WHERE slug = ?${visible.sql}`, [slug, ...visible.params]))[0];
  }

  async getMany(slugs: readonly string[]): Promise<Article[]> {
    if (slugs.length === 0) return [];
    const found = await this.articles(`SELECT ${ARTICLE_COLUMNS} FROM articles WHERE slug IN (${slugs.map(() => '?').join(', ')})`, slugs);
    const bySlug = new Map(found.map((a) => [a.slug, a]));
    return slugs.flatMap((s) => bySlug.get(s) ?? []);
  }

  async analyses(slugs: readonly string[]): Promise<Map<string, ArticleAnalysis>> {
    if (slugs.length === 0) return new Map();
    const rows = await this.db.all<{ slug: string; analysis: string }>(`SELECT slug, analysis FROM articles WHERE slug IN (${slugs.map(() => '?').join(', ')}) AND analysis IS NOT NULL`, slugs);
    return new Map(rows.map((r) => [r.slug, JSON.parse(r.analysis) as ArticleAnalysis]));
  }

  async saveAnalysis(slug: string, analysis: ArticleAnalysis): Promise<void> {
    await this.write(() => this.db.run('UPDATE articles SET analysis = ? WHERE slug = ?', [JSON.stringify(analysis), slug]));
  }

  latest(limit: number, reader?: Reader): Promise<Article[]> {
    if (reader && readerFeeds(reader).length <= LATEST_BRANCHES) {
      // The newest `limit` content files and the newest `limit` of each feed the reader reads,
      // each by its index, then the newest of those: a reader of few stories among many costs
      // what any other does.
      const feeds = readerFeeds(reader);
      return this.articles(
        `SELECT ${ARTICLE_COLUMNS} FROM articles WHERE id IN (
           SELECT id FROM (SELECT id FROM articles WHERE origin = 'file' ORDER BY published DESC, title LIMIT ?)
           ${feeds.map(() => 'UNION SELECT article FROM (SELECT article FROM article_feeds WHERE feed_url = ? ORDER BY published DESC LIMIT ?)').join(' ')}
         ) ORDER BY published DESC, title LIMIT ?`,
        [limit, ...feeds.flatMap((feed) => [feed, limit]), limit],
      );
    }
    const visible = andVisible('a.id', reader);
    return this.articles(`SELECT ${ARTICLE_COLUMNS} FROM articles a WHERE true${visible.sql} ORDER BY published DESC, title LIMIT ?`, [...visible.params, limit]);
  }

  news(since: Date, until: Date, limit: number, reader?: Reader): Promise<Article[]> {
    const visible = andVisible('a.id', reader, true);
    return this.articles(`SELECT ${ARTICLE_COLUMNS} FROM articles a WHERE backlog = 0 AND news_at > ? AND news_at <= ?${visible.sql} ORDER BY news_at DESC LIMIT ?`, [
      since.getTime(),
      until.getTime(),
      ...visible.params,
      limit,
    ]);
  }

  async bestTitleMatch(words: readonly TitleWord[], reader?: Reader): Promise<Article | undefined> {
    if (words.length === 0) return undefined;
    // Words typed as they stand in a title are looked up by their pairs first: a title holding the
    // typed phrase is the better match, and the pairs' lists are short where each word's is long.
    const pairs = words.some((w) => w.prefix) ? [] : neighbours(words.map((w) => w.word.toLowerCase()));
    if (pairs.length > 0) {
      const found = await this.bestOf(newestVisible(holdingPairs(pairs), reader, TITLE_CANDIDATES));
      // Pairs only find: the title as it is now must hold them (see heldBy).
      if (found && heldBy(found.title, pairs)) return found;
    }
    return this.bestOf(newestVisible(titleMatches(words), reader, TITLE_CANDIDATES));
  }

  /** Among the candidates, the title with fewest words, then the newest. */
  private async bestOf(candidates: Query): Promise<Article | undefined> {
    // Candidates by id and the two columns that order them; only the winner's row is read whole.
    const rows = await this.articles(
      `SELECT ${ARTICLE_COLUMNS} FROM articles WHERE id = (
         SELECT a.id FROM (${candidates.sql}) t JOIN articles a INDEXED BY articles_order ON a.id = t.id ORDER BY a.title_terms, a.published DESC LIMIT 1)`,
      candidates.params,
    );
    return rows[0];
  }

  titlesStartingWith(prefixes: readonly string[], limit: number, reader?: Reader): Promise<Article[]> {
    if (prefixes.length === 0) return this.latest(limit, reader);
    const candidates = newestVisible(titleMatches(prefixes.map((word) => ({ word, prefix: true }))), reader, SUGGESTION_CANDIDATES);
    return this.articles(
      `SELECT ${ARTICLE_COLUMNS} FROM articles WHERE id IN (
         SELECT a.id FROM (${candidates.sql}) t JOIN articles a INDEXED BY articles_order ON a.id = t.id ORDER BY a.published DESC LIMIT ?)
       ORDER BY published DESC`,
      [...candidates.params, limit],
    );
  }

  async wordsLike(word: string, limit: number): Promise<string[]> {
    const grams = trigrams(word);
    if (grams.length === 0) return [];
    const lower = word.toLowerCase();
    if (await this.db.get('SELECT 1 FROM title_words WHERE word = ?', [lower])) return [lower];
    const rows = await this.db.all<{ word: string }>('SELECT word FROM title_grams WHERE title_grams MATCH ? ORDER BY rank LIMIT ?', [
      grams.map(quoted).join(' OR '),
      limit,
    ]);
    return rows.map((r) => r.word);
  }

  titlesWithAny(words: readonly string[], limit: number, reader?: Reader): Promise<Article[]> {
    if (words.length === 0) return Promise.resolve([]);
    // The unstemmed title index, as every title lookup: these are words as written in titles.
    return this.ranked('title_text', TITLE_RANK, words.map(quoted).join(' OR '), limit, reader, false).then((hits) => hits.map((h) => h.article));
  }

  search(terms: readonly string[], limit: number, reader?: Reader): Promise<ArchiveHit[]> {
    if (terms.length === 0) return Promise.resolve([]);
    // With each hit's stored analysis: the reply is made from it, and one query is one trip to the file.
    return this.ranked('article_text', RANK, `{title dek body} : (${terms.map(quoted).join(' OR ')})`, limit, reader, true);
  }

  /**
   * The best `limit` by BM25 among the newest RANKED_MATCHES matches. FTS5 streams matches in
   * rowid order and scores only those it yields, so a query of common words costs the same at 10k
   * or 1M articles (ranking every match grows with the archive); IDF stays global.
   */
  private async ranked(index: 'article_text' | 'title_text', rank: string, match: string, limit: number, reader: Reader | undefined, withAnalysis: boolean): Promise<ArchiveHit[]> {
    // A reader's matches are the newest it may see: the filter runs as FTS5 streams them.
    const visible = andVisibleMatch(index, match, reader);
    const rows = await this.db.all<ArticleColumns & { score: number; analysis?: string | null }>(
      `SELECT ${ARTICLE_COLUMNS_OF_A}, m.score${withAnalysis ? ', a.analysis' : ''} FROM
         (SELECT rowid, ${rank} AS score FROM ${index} WHERE ${index} MATCH ?${visible.sql} ORDER BY rowid DESC LIMIT ?) m
       JOIN articles a ON a.id = m.rowid ORDER BY m.score, a.published DESC LIMIT ?`,
      [match, ...visible.params, RANKED_MATCHES, limit],
    );
    return rows.map((row) => ({ article: toArticle(row), score: -row.score, ...(row.analysis && { analysis: JSON.parse(row.analysis) as ArticleAnalysis }) }));
  }

  put(record: ArchiveRecord): Promise<void> {
    return this.transaction(() => this.insert(record));
  }

  putNew(record: ArchiveRecord): Promise<{ filed: true } | { filed: false; heldBy?: string }> {
    // BEGIN IMMEDIATE holds the file's write lock: no other process files between check and write.
    return this.transaction(async () => {
      const keys = [...new Set(record.keys ?? [])];
      if (keys.length > 0) {
        const held = await this.db.get<{ slug: string }>(`SELECT slug FROM article_keys WHERE key IN (${keys.map(() => '?').join(', ')}) LIMIT 1`, keys);
        if (held) return { filed: false, heldBy: held.slug };
      }
      if (await this.db.get('SELECT 1 FROM articles WHERE slug = ?', [record.article.slug])) return { filed: false };
      await this.insert(record);
      return { filed: true };
    });
  }

  /** Many records in one transaction: for building a large archive at once (benchmarks, imports). */
  putMany(records: readonly ArchiveRecord[]): Promise<void> {
    return this.transaction(async () => {
      for (const record of records) await this.insert(record);
    });
  }

  private insert(record: ArchiveRecord): Promise<void> {
    const row = toRow(record, record.article.url ? this.canonical(record.article.url) : undefined);
    return (async () => {
      const columns = Object.keys(row) as Array<keyof ArticleRow>;
      const updates = columns.filter((c) => c !== 'slug').map((c) => `${c} = excluded.${c}`);
      // analysis is kept when the new record has none and the text did not change.
      const keepAnalysis = row.analysis === null ? `analysis = CASE WHEN articles.title = excluded.title AND articles.body = excluded.body AND articles.dek = excluded.dek THEN articles.analysis END` : 'analysis = excluded.analysis';
      const [{ id }] = (await this.db.all<{ id: number }>(
        `INSERT INTO articles (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})
         ON CONFLICT (slug) DO UPDATE SET ${updates.filter((u) => !u.startsWith('analysis ')).join(', ')}, ${keepAnalysis} RETURNING id`,
        columns.map((c) => row[c]),
      )) as [{ id: number }];
      if (record.keys) {
        await this.db.run("DELETE FROM article_keys WHERE slug = ? AND kind = 'own'", [row.slug]);
        const keys = [...new Set(record.keys)];
        if (keys.length > 0) {
          await this.db.run(
            `INSERT INTO article_keys (key, slug, kind) VALUES ${keys.map(() => "(?, ?, 'own')").join(', ')}
             ON CONFLICT (key) DO UPDATE SET slug = excluded.slug, kind = 'own', item_hash = NULL, seen_at = NULL`,
            keys.flatMap((key) => [key, row.slug]),
          );
        }
      }
      if (record.bands) {
        await this.db.run('DELETE FROM article_bands WHERE article = ?', [id]);
        const bands = [...new Set(record.bands)];
        if (bands.length > 0) await this.db.run(`INSERT OR IGNORE INTO article_bands (band, article) VALUES ${bands.map(() => '(?, ?)').join(', ')}`, bands.flatMap((band) => [band, id]));
      }
      const { provenance } = record;
      await this.db.run('UPDATE article_feeds SET published = ? WHERE article = ? AND published <> ?', [row.published, id, row.published]);
      if (provenance) {
        await this.db.run('INSERT INTO article_feeds (article, feed_url, first_seen, backlog, published) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING', [
          id,
          provenance.feed,
          provenance.seenAt.getTime(),
          provenance.backlog ? 1 : 0,
          row.published,
        ]);
      } else if (record.origin === 'feed') {
        // A feed article filed without its feed is the operator's, unless a feed is recorded already.
        await this.db.run(`INSERT INTO article_feeds (article, feed_url, first_seen, backlog, published) SELECT ?, '${UNATTRIBUTED}', ?, 1, ? WHERE NOT EXISTS (SELECT 1 FROM article_feeds WHERE article = ?)`, [
          id,
          row.news_at,
          row.published,
          id,
        ]);
      }
      await this.pairTitle(id, row.title);
      const words = [...new Set(`${row.title} ${row.slug_words}`.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? [])];
      if (words.length > 0) await this.db.run(`INSERT OR IGNORE INTO title_words (word) VALUES ${words.map(() => '(?)').join(', ')}`, words);
    })();
  }

  remove(slug: string): Promise<boolean> {
    return this.transaction(async () => {
      await this.db.run('DELETE FROM article_keys WHERE slug = ?', [slug]);
      return (await this.db.run('DELETE FROM articles WHERE slug = ?', [slug])) > 0;
    });
  }

  async findKey(keys: readonly string[]): Promise<FoundKey | undefined> {
    if (keys.length === 0) return undefined;
    const rows = await this.db.all<KeyRow>(`${keyJoin('article_keys', 'articles')} WHERE k.key IN (${keys.map(() => '?').join(', ')})`, keys);
    return firstFound(keys, rows);
  }

  async keysOf(slug: string): Promise<ArchiveKey[]> {
    const rows = await this.db.all<{ key: string; kind: ArchiveKey['kind']; item_hash: string | null; seen_at: number | null }>('SELECT key, kind, item_hash, seen_at FROM article_keys WHERE slug = ? ORDER BY key', [slug]);
    return rows.map((r) => ({ key: r.key, slug, kind: r.kind, ...(r.item_hash !== null && { itemHash: r.item_hash }), ...(r.seen_at !== null && { seenAt: new Date(r.seen_at) }) }));
  }

  async putKey(key: ArchiveKey): Promise<void> {
    await this.write(() =>
      this.db.run(
        'INSERT INTO article_keys (key, slug, kind, item_hash, seen_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET slug = excluded.slug, kind = excluded.kind, item_hash = excluded.item_hash, seen_at = excluded.seen_at',
        [key.key, key.slug, key.kind, key.itemHash ?? null, key.seenAt?.getTime() ?? null],
      ),
    );
  }

  async putProvenance(slug: string, provenance: Provenance): Promise<void> {
    await this.write(() =>
      this.db.run('INSERT INTO article_feeds (article, feed_url, first_seen, backlog, published) SELECT id, ?, ?, ?, published FROM articles WHERE slug = ? ON CONFLICT DO NOTHING', [
        provenance.feed,
        provenance.seenAt.getTime(),
        provenance.backlog ? 1 : 0,
        slug,
      ]),
    );
  }

  async provenanceOf(slug: string): Promise<Provenance[]> {
    const rows = await this.db.all<ProvenanceRow>('SELECT f.feed_url, f.first_seen, f.backlog FROM article_feeds f JOIN articles a ON a.id = f.article WHERE a.slug = ? ORDER BY f.first_seen, f.feed_url', [slug]);
    return rows.map(toProvenance);
  }

  async arrivals(feed: string, after: Date, limit: number): Promise<Arrival[]> {
    const rows = await this.db.all<ArticleColumns & { first_seen: number }>(
      `SELECT ${ARTICLE_COLUMNS_OF_A}, f.first_seen FROM article_feeds f JOIN articles a ON a.id = f.article
       WHERE f.feed_url = ? AND f.backlog = 0 AND f.first_seen > ? ORDER BY f.first_seen, a.slug LIMIT ?`,
      [feed, after.getTime(), limit],
    );
    return rows.map((row) => ({ article: toArticle(row), seenAt: new Date(row.first_seen) }));
  }

  async byCanonicalUrl(url: string): Promise<Article | undefined> {
    return (await this.articles(`SELECT ${ARTICLE_COLUMNS} FROM articles WHERE canonical_url = ? ORDER BY id LIMIT 1`, [url]))[0];
  }

  sharingBands(bands: readonly number[], limit: number): Promise<Article[]> {
    if (bands.length === 0) return Promise.resolve([]);
    return this.articles(
      `SELECT ${ARTICLE_COLUMNS_OF_A} FROM (
         SELECT article, count(*) AS shared FROM (${bands.map(() => 'SELECT article FROM (SELECT article FROM article_bands WHERE band = ? ORDER BY article DESC LIMIT ?)').join(' UNION ALL ')})
         GROUP BY article ORDER BY shared DESC, article DESC LIMIT ?
       ) d JOIN articles a ON a.id = d.article ORDER BY d.shared DESC, d.article DESC`,
      // The newest articles of each band: a band on very many articles (boilerplate) reads only its share.
      [...bands.flatMap((band) => [band, Math.ceil(BAND_ROWS / bands.length)]), limit],
    );
  }

  async taken(slugs: readonly string[]): Promise<Set<string>> {
    if (slugs.length === 0) return new Set();
    const rows = await this.db.all<{ slug: string }>(`SELECT slug FROM articles WHERE slug IN (${slugs.map(() => '?').join(', ')})`, slugs);
    return new Set(rows.map((r) => r.slug));
  }

  async files(): Promise<Map<string, { slug: string; hash: string }>> {
    const rows = await this.db.all<{ file: string; slug: string; file_hash: string }>("SELECT file, slug, file_hash FROM articles WHERE origin = 'file' AND file IS NOT NULL");
    return new Map(rows.map((r) => [r.file, { slug: r.slug, hash: r.file_hash }]));
  }

  pruneBefore(cutoff: Date, limit: number): Promise<number> {
    const at = cutoff.getTime();
    return this.transaction(async () => {
      const gone = await this.db.all<{ slug: string }>(
        "DELETE FROM articles WHERE id IN (SELECT id FROM articles WHERE origin = 'feed' AND published < ? AND (received IS NULL OR received < ?) LIMIT ?) RETURNING slug",
        [at, at, limit],
      );
      if (gone.length > 0) await this.db.run(`DELETE FROM article_keys WHERE slug IN (${gone.map(() => '?').join(', ')})`, gone.map((g) => g.slug));
      return gone.length;
    });
  }

  pruneTwins(cutoff: Date): Promise<number> {
    return this.write(() => this.db.run("DELETE FROM article_keys WHERE kind = 'twin' AND seen_at < ?", [cutoff.getTime()]));
  }

  async close(): Promise<void> {
    await this.writing;
    await this.db.close();
  }
}
