// The archive in PostgreSQL, for deployments whose store is PostgreSQL and for several replicas:
// every process on the database sees every write at once. Tables are named after the store's
// namespace ("<ns>_articles", ...) so two bots sharing a database stay apart.
//
// Full text: tsvector columns, each with a GIN index. `tsv` holds title (weight A) over dek and
// body (weight D) for /search, `title_stem` the title alone (so /search finds title hits without
// reading the large vectors); `title_tsv` holds title (A) and slug words (C, found by but never
// ranked) for title lookups and autocomplete, so those never touch the large body vectors. It uses
// the 'simple' configuration (no stemming, no stop words): a typed prefix is a prefix of the word
// as written, as on SQLite's unstemmed title index ("rus" must not find "Rural"). Both are
// computed in put()'s INSERT (no trigger: put is the only writer) from text the archive tokenizes
// itself (see ftsText): letters and digits, diacritics folded, the tokens SQLite's `unicode61
// remove_diacritics 2` makes, so PostgreSQL's parser never sees URLs, e-mails or hyphenated
// compounds it would keep whole. Query words are tokenized the same way and sent as quoted
// lexemes, never parsed as tsquery syntax.
//
// Text-search configuration for /search: "<ns>_fts", a copy of 'english' whose word dictionary is
// Snowball's original Porter stemmer ("Language = porter") *without* a stop-word list: the very
// stemmer of SQLite's `porter` tokenizer, so both backends match the same articles for the same
// terms ("elections" finds "election"; "news" finds "new" on both). 'simple' does not stem;
// 'english' stems with Porter2 (a different answer for "news", "ones", "generation",
// "quarterly", ...) and drops stop words, so a search for "don" would find nothing where SQLite
// (which keeps every word) finds it. test/archive/postgres.test.ts compares both on a corpus.
//
// Ranking: ts_rank with weights {D 0.1, C 0, B 0, A 0.3} (title three times dek and body, as the
// SQLite backend's bm25 weights) and normalization 1 (rank / (1 + log of the document length),
// standing in for BM25's length normalization). For any-term queries ts_rank saturates repeated
// hits of a term (its 1/n^2 series), like BM25's k1, so one title hit (>= 0.3/1.64) outranks any
// number of body hits of a word (<= 0.1) in documents of equal length. On the fixture corpus this
// picks SQLite's top hit for 73% of one- and two-word queries; title weight 1.0 gave 68%,
// ts_rank_cd (linear in hits, no saturation) 60-67%, no normalization 47%. What is left is mostly
// BM25's IDF, which PostgreSQL's ranking functions do not have.
//
// "Did you mean": distinct title words in "<ns>_title_words" with a pg_trgm GIN index (`%` with a
// similarity threshold of 0.2, then ordered by similarity). Where pg_trgm cannot be installed (no
// permission, not shipped) the archive keeps a trigram table of its own ("<ns>_title_grams":
// gram -> word, the same unpadded trigrams as the SQLite backend) and ranks words by trigrams shared.
import pg from 'pg';
import { StoreUnavailableError } from '../core/errors';
import type { ArticleAnalysis } from '../newsroom/analysis';
import type { Article } from '../newsroom/article';
import type { Archive, ArchiveHit, ArchiveKey, ArchiveRecord, Arrival, FoundKey, Provenance, Reader, TitleWord } from '../newsroom/archive';
import { ARTICLE_COLUMNS, ARTICLE_COLUMNS_OF_A, type ArticleRow, firstFound, keyJoin, type KeyRow, heldBy, neighbours, newsFeeds, type ProvenanceRow, READER_WINDOW, readerFeeds, SUGGESTION_CANDIDATES, TITLE_CANDIDATES, titlePairs, toArticle, toProvenance, toRow, trigrams, UNATTRIBUTED } from './rows';

/** How long one archive call may take before the archive counts as unavailable (as the store's). */
export const ARCHIVE_CALL_TIMEOUT_MS = 3000;
/** Candidates a title match or autocomplete looks at, newest filed first, before ordering them. */
/** Articles read per turn when earlier titles are paired. */
const PAGE = 500;
/** Band rows sharingBands reads at most (a band on very many articles says little). */
const BAND_ROWS = 2000;
/** Articles /search ranks per kind of hit (title, anywhere), newest first, before ordering them. */
const SEARCH_CANDIDATES = 500;
/** {D, C, B, A}: body and dek 0.1, slug words 0 (they find, never rank), title 0.3. */
const WEIGHTS = "'{0.1, 0, 0, 0.3}'::float4[]";
/** pg_trgm's threshold for "did you mean" (its default 0.3 misses "elecshun" for "election"). */
const SIMILARITY = 0.2;
/** Key of the advisory lock that serializes schema creation across processes. */
const SCHEMA_LOCK = 0x6e657773; // "news"
/** Key (with the table's name) of the advisory lock new articles are filed under. */
const FILING_LOCK = 0x66696c65; // "file"
/** Longest query token looked up (longer ones cannot be words; to_tsquery refuses > 2047 bytes). */
const MAX_TOKEN = 200;

export interface PostgresArchiveOptions {
  /** Per-call limit (statement_timeout and the client's query timeout); default 3 s. */
  readonly timeoutMs?: number;
  /** 'auto' (default): pg_trgm when it is or can be installed; 'table': the archive's own trigram table. */
  readonly trigrams?: 'auto' | 'table';
  /** Connections in the pool (default 10). */
  readonly maxConnections?: number;
}

/** SQLSTATE classes of an outage: connection exception, resources, operator intervention (incl. statement timeout), system. */
const OUTAGE_CLASSES = new Set(['08', '53', '57', '58']);
const OUTAGE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);
const OUTAGE_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Query read timeout|not queryable|Connection ended unexpectedly|terminating connection/i;

/** True when the error means PostgreSQL cannot be reached or did not answer in time. */
export function isOutage(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && ((code.length === 5 && OUTAGE_CLASSES.has(code.slice(0, 2))) || OUTAGE_CODES.has(code))) return true;
  if (error instanceof AggregateError && error.errors.some(isOutage)) return true;
  return OUTAGE_MESSAGES.test(error.message);
}

function surfaced(error: unknown): unknown {
  return isOutage(error) ? new StoreUnavailableError(error) : error;
}

/** Diacritics off Latin, Greek and Cyrillic letters ("café" -> "cafe"), as unicode61's remove_diacritics. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]+/g, '').normalize('NFC').toLowerCase();
}

const TOKEN = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;

/**
 * A token for the stemmed index. SQLite's porter tokenizer leaves tokens shorter than three bytes
 * alone ("as", "us", "is"), where Snowball's Porter makes "a", "u", "i" of them (so "as" would
 * find every "a"). Such a token goes to PostgreSQL behind a marker, "x0-as": PostgreSQL's parser
 * reads that as a hyphenated word of a numeric part ("x0", not indexed) and a letter part ("as",
 * indexed as written by the configuration, unstemmed). No other token reaches the parser as a
 * hyphenated word (tokens are letters and digits only), so the marker only ever does this.
 */
function stemmable(token: string): string {
  return /^[a-z]{1,2}$/.test(token) ? `x0-${token}` : token;
}

function tokens(text: string, stemmed: boolean): string[] {
  const found = fold(text).match(TOKEN) ?? [];
  return stemmed ? found.map(stemmable) : found;
}

/** Text as the full-text index takes it: its tokens (letters, digits), folded, one space apart. */
export function ftsText(text: string, stemmed: boolean): string {
  return tokens(text, stemmed).join(' ');
}

/** A token as a quoted tsquery lexeme: never parsed as operators, whatever it holds. */
function lexeme(token: string): string {
  return `'${token.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/**
 * One typed word as tsquery text: its tokens as a phrase ("o'brien" -> 'o' <-> 'brien'), the last
 * one a prefix when asked. Undefined when the word has no token (punctuation only).
 */
function wordQuery(word: string, prefix: boolean, stemmed = false): string | undefined {
  const found = tokens(word, stemmed).filter((t) => t.length <= MAX_TOKEN);
  if (found.length === 0) return undefined;
  const parts = found.map(lexeme);
  if (prefix) parts[parts.length - 1] += ':*';
  return parts.length === 1 ? parts[0] : `(${parts.join(' <-> ')})`;
}

function joined(parts: readonly (string | undefined)[], operator: '&' | '|'): string | undefined {
  const present = parts.filter((p): p is string => p !== undefined);
  return present.length > 0 ? present.join(` ${operator} `) : undefined;
}

/** A table, index or configuration name under the namespace, quoted. */
function identifier(name: string): string {
  if (Buffer.byteLength(name) > 63) throw new Error(`archive namespace too long: "${name}" exceeds PostgreSQL's 63-byte names`);
  return `"${name.replace(/"/g, '""')}"`;
}

/** Title words (lower-cased, three letters or more) as the SQLite backend keeps them for "did you mean". */
function titleWords(row: Pick<ArticleRow, 'title' | 'slug_words'>): string[] {
  return [...new Set(`${row.title} ${row.slug_words}`.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? [])].sort();
}

interface Names {
  readonly articles: string;
  readonly keys: string;
  readonly bands: string;
  readonly pairs: string;
  /** Work the schema left to do (pairing earlier titles): name -> progress. */
  readonly chores: string;
  readonly feeds: string;
  readonly words: string;
  readonly grams: string;
  /** The regconfig as an SQL literal ('"ns_fts"'::regconfig). */
  readonly config: string;
}

function namesFor(namespace: string): Names & { raw: (suffix: string) => string } {
  const raw = (suffix: string) => identifier(`${namespace}_${suffix}`);
  return {
    raw,
    articles: raw('articles'),
    keys: raw('keys'),
    bands: raw('bands'),
    pairs: raw('title_pairs'),
    chores: raw('chores'),
    feeds: raw('article_feeds'),
    words: raw('title_words'),
    grams: raw('title_grams'),
    config: `'${raw('fts')}'::regconfig`,
  };
}

type ArticleColumns = Pick<ArticleRow, 'slug' | 'title' | 'dek' | 'body' | 'fields'> & { published: string; backlog: boolean };

/** Every statement that creates the namespace's tables (idempotent; run under the advisory lock). */
function schema(n: ReturnType<typeof namesFor>, namespace: string, trgm: boolean): string[] {
  const fts = n.raw('fts');
  const stem = n.raw('stem');
  return [
    `CREATE TABLE IF NOT EXISTS ${n.articles} (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      slug text NOT NULL,
      origin text NOT NULL,
      title text NOT NULL,
      slug_words text NOT NULL,
      dek text NOT NULL,
      body text NOT NULL,
      published bigint NOT NULL,
      news_at bigint NOT NULL,
      received bigint,
      backlog boolean NOT NULL,
      canonical_url text,
      title_terms integer NOT NULL,
      item_hash text,
      file text,
      file_hash text,
      fields text NOT NULL,
      analysis text,
      title_tsv tsvector NOT NULL,
      title_stem tsvector NOT NULL,
      tsv tsvector NOT NULL
    )`,
    `CREATE UNIQUE INDEX IF NOT EXISTS ${n.raw('articles_slug')} ON ${n.articles} (slug)`,
    `CREATE INDEX IF NOT EXISTS ${n.raw('articles_published')} ON ${n.articles} (published DESC, title COLLATE "C")`,
    `CREATE INDEX IF NOT EXISTS ${n.raw('articles_news')} ON ${n.articles} (news_at DESC) WHERE NOT backlog`,
    `CREATE INDEX IF NOT EXISTS ${n.raw('articles_canonical')} ON ${n.articles} (canonical_url, id) WHERE canonical_url IS NOT NULL`,
    `CREATE INDEX IF NOT EXISTS ${n.raw('articles_file')} ON ${n.articles} (file) WHERE file IS NOT NULL`,
    `CREATE INDEX IF NOT EXISTS ${n.raw('articles_feed_age')} ON ${n.articles} (published) WHERE origin = 'feed'`,
    `CREATE INDEX IF NOT EXISTS ${n.raw('articles_title_tsv')} ON ${n.articles} USING gin (title_tsv)`,
    `CREATE INDEX IF NOT EXISTS ${n.raw('articles_tsv')} ON ${n.articles} USING gin (tsv)`,
    `CREATE INDEX IF NOT EXISTS ${n.raw('articles_title_stem')} ON ${n.articles} USING gin (title_stem)`,
    `CREATE TABLE IF NOT EXISTS ${n.keys} (key text PRIMARY KEY, slug text NOT NULL, kind text NOT NULL, item_hash text, seen_at bigint)`,
    `CREATE INDEX IF NOT EXISTS ${n.raw('keys_slug')} ON ${n.keys} (slug)`,
    `CREATE INDEX IF NOT EXISTS ${n.raw('keys_twins')} ON ${n.keys} (seen_at) WHERE kind = 'twin'`,
    `CREATE TABLE IF NOT EXISTS ${n.bands} (band bigint NOT NULL, article bigint NOT NULL REFERENCES ${n.articles} (id) ON DELETE CASCADE, PRIMARY KEY (band, article))`,
    `CREATE INDEX IF NOT EXISTS ${n.raw('bands_article')} ON ${n.bands} (article)`,
    // Neighbouring title words (rows.ts titlePairs), as on SQLite.
    `CREATE TABLE IF NOT EXISTS ${n.pairs} (pair text NOT NULL, article bigint NOT NULL REFERENCES ${n.articles} (id) ON DELETE CASCADE, PRIMARY KEY (pair, article))`,
    `CREATE INDEX IF NOT EXISTS ${n.raw('title_pairs_article')} ON ${n.pairs} (article)`,
    `CREATE TABLE IF NOT EXISTS ${n.chores} (name text PRIMARY KEY, done bigint NOT NULL, until bigint NOT NULL)`,
    // Provenance: the feeds each feed article came through. Readers match it by primary key and take
    // a feed's latest by (feed_url, published, the article's, kept in step); live alerts read a
    // feed's arrivals by the partial index. Rows go with their article.
    `CREATE TABLE IF NOT EXISTS ${n.feeds} (
      article bigint NOT NULL REFERENCES ${n.articles} (id) ON DELETE CASCADE,
      feed_url text NOT NULL,
      first_seen bigint NOT NULL,
      backlog boolean NOT NULL,
      published bigint NOT NULL,
      PRIMARY KEY (article, feed_url)
    )`,
    `CREATE INDEX IF NOT EXISTS ${n.raw('article_feeds_arrivals')} ON ${n.feeds} (feed_url, first_seen) WHERE NOT backlog`,
    `CREATE INDEX IF NOT EXISTS ${n.raw('article_feeds_latest')} ON ${n.feeds} (feed_url, published DESC)`,
    `CREATE INDEX IF NOT EXISTS ${n.raw('articles_file_published')} ON ${n.articles} (published DESC, title COLLATE "C") WHERE origin = 'file'`,
    `CREATE TABLE IF NOT EXISTS ${n.words} (word text PRIMARY KEY)`,
    ...(trgm
      ? [`CREATE INDEX IF NOT EXISTS ${n.raw('title_words_trgm')} ON ${n.words} USING gin (word gin_trgm_ops)`]
      : [`CREATE TABLE IF NOT EXISTS ${n.grams} (gram text NOT NULL, word text NOT NULL, PRIMARY KEY (gram, word))`]),
    // The configuration has no IF NOT EXISTS: created once, checked by name (we hold the lock).
    `DO $$ BEGIN
       IF NOT EXISTS (SELECT 1 FROM pg_ts_dict WHERE dictname = ${literal(`${namespace}_stem`)} AND dictnamespace = current_schema()::regnamespace) THEN
         CREATE TEXT SEARCH DICTIONARY ${stem} (TEMPLATE = snowball, Language = porter);
       END IF;
       IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = ${literal(`${namespace}_fts`)} AND cfgnamespace = current_schema()::regnamespace) THEN
         CREATE TEXT SEARCH CONFIGURATION ${fts} (COPY = english);
         ALTER TEXT SEARCH CONFIGURATION ${fts} ALTER MAPPING FOR asciiword, word, numword WITH ${stem};
         -- Only stemmable()'s marked short tokens are hyphenated: their letter part as written, nothing else.
         ALTER TEXT SEARCH CONFIGURATION ${fts} ALTER MAPPING FOR hword_asciipart WITH simple;
         ALTER TEXT SEARCH CONFIGURATION ${fts} DROP MAPPING FOR asciihword, hword, numhword, hword_part, hword_numpart;
       END IF;
     END $$`,
  ];
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

export class PostgresArchive implements Archive {
  readonly shared = true;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly n: ReturnType<typeof namesFor>,
    readonly location: string,
    private readonly canonical: (url: string) => string | undefined,
    /** True: pg_trgm's index; false: the archive's own trigram table. */
    readonly trgm: boolean,
  ) {}

  /**
   * Opens the archive in the database at `url` under `namespace`, creating its tables when they are
   * missing (under an advisory lock, so processes starting together do not race). Rejects with
   * StoreUnavailableError when PostgreSQL cannot be reached.
   */
  static async open(url: string, namespace: string, canonicalUrl: (u: string) => string | undefined, options: PostgresArchiveOptions = {}): Promise<PostgresArchive> {
    if (!/^[A-Za-z0-9_-]+$/.test(namespace)) throw new Error(`archive namespace must be letters, digits, '-' and '_' only (got "${namespace}")`);
    const n = namesFor(namespace);
    n.raw('title_pairs_article'); // the longest name: refuse a namespace too long for it now
    const timeout = options.timeoutMs ?? ARCHIVE_CALL_TIMEOUT_MS;
    const pool = new pg.Pool({
      connectionString: url,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: timeout,
      statement_timeout: timeout,
      // The client's own limit, for a server that stops answering without closing the connection.
      query_timeout: timeout + 1000,
      idle_in_transaction_session_timeout: timeout * 4,
      application_name: 'newsroom-bot archive',
    });
    // An idle client's error (server restart) must not become an uncaught exception; the next
    // query reconnects.
    pool.on('error', () => undefined);
    pool.on('connect', (client) => {
      client.query(`SET pg_trgm.similarity_threshold = ${SIMILARITY}`).catch(() => undefined);
    });
    try {
      const trgm = await PostgresArchive.createSchema(pool, n, namespace, options.trigrams ?? 'auto', timeout);
      const archive = new PostgresArchive(pool, n, `${PostgresArchive.describe(url)}?namespace=${namespace}`, canonicalUrl, trgm);
      await archive.pairEarlierTitles();
      return archive;
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw surfaced(error);
    }
  }

  /** postgres://host:port/db, without credentials. */
  private static describe(url: string): string {
    try {
      const u = new URL(url);
      return `postgres://${u.host}${u.pathname}`;
    } catch {
      return 'postgres://';
    }
  }

  private static async createSchema(pool: pg.Pool, n: ReturnType<typeof namesFor>, namespace: string, trigramMode: 'auto' | 'table', timeout: number): Promise<boolean> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      // Waiting for another process's schema creation (or building indexes over existing rows) may
      // take longer than one ordinary call.
      await client.query(`SET LOCAL statement_timeout = ${Math.max(timeout, 60_000)}`);
      await client.query({ text: 'SELECT pg_advisory_xact_lock($1)', values: [SCHEMA_LOCK], query_timeout: Math.max(timeout, 60_000) + 1000 } as pg.QueryConfig);
      let trgm = false;
      if (trigramMode === 'auto') {
        await client.query('SAVEPOINT trgm');
        try {
          await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
          await client.query('RELEASE SAVEPOINT trgm');
        } catch (error) {
          if (isOutage(error)) throw error;
          // No permission to install it, or not shipped: our own trigram table instead.
          await client.query('ROLLBACK TO SAVEPOINT trgm');
        }
        trgm = (await client.query("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).rowCount === 1;
      }
      const attributed = (await client.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [n.feeds])).rows[0]?.t != null;
      const paired = (await client.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [n.pairs])).rows[0]?.t != null;
      for (const statement of schema(n, namespace, trgm)) {
        await client.query({ text: statement, query_timeout: Math.max(timeout, 60_000) + 1000 } as pg.QueryConfig);
      }
      if (!attributed) {
        // Feed articles filed before provenance was kept are the operator's: everyone reads them.
        await client.query(
          `INSERT INTO ${n.feeds} (article, feed_url, first_seen, backlog, published)
           SELECT id, $1, coalesce(received, published), true, published FROM ${n.articles} WHERE origin = 'feed' ON CONFLICT DO NOTHING`,
          [UNATTRIBUTED],
        );
      }
      if (!trgm) {
        // Words filed while pg_trgm served this namespace have no trigrams yet: add them once.
        await client.query(
          `INSERT INTO ${n.grams} (gram, word)
           SELECT substr(w.word, i, 3), w.word FROM ${n.words} w, generate_series(1, length(w.word) - 2) i
           WHERE NOT EXISTS (SELECT 1 FROM ${n.grams} LIMIT 1)
           ON CONFLICT DO NOTHING`,
        );
      }
      if (!paired) {
        // Articles filed before title pairs were kept get them after this transaction, a page per
        // transaction (see pairEarlierTitles): a long one would hold up other replicas' filing.
        await client.query(`INSERT INTO ${n.chores} (name, done, until) SELECT 'pair titles', 0, max(id) FROM ${n.articles} HAVING max(id) IS NOT NULL ON CONFLICT DO NOTHING`);
      }
      await client.query('COMMIT');
      return trgm;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /**
   * Pairs the titles of articles filed before title pairs were kept (the chore createSchema left),
   * a page per transaction; replicas starting together share the pages harmlessly. Until it is
   * done, a title lookup falls back to every word for an unpaired title.
   */
  private async pairEarlierTitles(): Promise<void> {
    const n = this.n;
    for (;;) {
      const more = await this.transaction(async (client) => {
        const chore = (await client.query<{ done: string; until: string }>(`SELECT done, until FROM ${n.chores} WHERE name = 'pair titles' FOR UPDATE`)).rows[0];
        if (!chore) return false;
        const page = (await client.query<{ id: string; title: string }>(`SELECT id, title FROM ${n.articles} WHERE id > $1 AND id <= $2 ORDER BY id LIMIT ${PAGE} FOR SHARE`, [chore.done, chore.until])).rows;
        if (page.length === 0) {
          await client.query(`DELETE FROM ${n.chores} WHERE name = 'pair titles'`);
          return false;
        }
        const pairs = page.flatMap(({ id, title }) => titlePairs(title).map((pair) => [pair, id] as const));
        await client.query(`INSERT INTO ${n.pairs} (pair, article) SELECT * FROM unnest($1::text[], $2::bigint[]) ON CONFLICT DO NOTHING`, [pairs.map(([pair]) => pair), pairs.map(([, id]) => id)]);
        await client.query(`UPDATE ${n.chores} SET done = $1 WHERE name = 'pair titles'`, [page.at(-1)!.id]);
        return true;
      });
      if (!more) return;
    }
  }

  private async query<T extends pg.QueryResultRow>(text: string, values: readonly unknown[] = []): Promise<T[]> {
    try {
      return (await this.pool.query<T>(text, values as unknown[])).rows;
    } catch (error) {
      throw surfaced(error);
    }
  }

  private async articles(sql: string, values: readonly unknown[]): Promise<Article[]> {
    return (await this.query<ArticleColumns>(sql, values)).map(toArticle);
  }

  /** Work on one connection inside a transaction (rolled back on any error). */
  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw surfaced(error);
    }
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      broken = isOutage(error);
      await client.query('ROLLBACK').catch(() => undefined);
      throw surfaced(error);
    } finally {
      // A connection that failed mid-transaction is not given to the next caller.
      client.release(broken);
    }
  }

  async count(): Promise<number> {
    const rows = await this.query<{ n: string }>(`SELECT count(*) AS n FROM ${this.n.articles}`);
    return Number(rows[0]!.n);
  }

  /**
   * `AND <the reader may see row o>` (a content file, or one of its feeds carried it: one probe of
   * the provenance key), its feeds the next parameter; nothing without a reader.
   */
  private andVisible(reader: Reader | undefined, values: unknown[], alias = 'o', news = false): string {
    if (!reader) return '';
    // For a digest, a feed followed later counts from when it was followed (Reader.followedSince).
    const { always, since } = news ? newsFeeds(reader) : { always: readerFeeds(reader), since: [] };
    values.push(always);
    let feeds = `f.feed_url = ANY($${values.length}::text[])`;
    if (since.length > 0) {
      values.push(since.map(([url]) => url), since.map(([, at]) => at));
      feeds += ` OR EXISTS (SELECT 1 FROM unnest($${values.length - 1}::text[], $${values.length}::bigint[]) r(url, since) WHERE r.url = f.feed_url AND f.first_seen > r.since AND NOT f.backlog)`;
    }
    return ` AND (${alias}.origin = 'file' OR EXISTS (SELECT 1 FROM ${this.n.feeds} f WHERE f.article = ${alias}.id AND (${feeds})))`;
  }

  /**
   * andVisible for a text match (`matches`, over row o's columns): among the archive's newest
   * READER_WINDOW matches only, as on SQLite, so a common word costs the same whoever asks.
   */
  private andVisibleMatch(reader: Reader | undefined, values: unknown[], matches: string): string {
    if (!reader) return '';
    const oldest = `(SELECT w.id FROM ${this.n.articles} w WHERE ${matches.replaceAll('o.', 'w.')} ORDER BY w.id DESC OFFSET ${READER_WINDOW - 1} LIMIT 1)`;
    return ` AND o.id >= coalesce(${oldest}, 0)${this.andVisible(reader, values)}`;
  }

  async get(slug: string, reader?: Reader): Promise<Article | undefined> {
    const values: unknown[] = [slug];
    return (await this.articles(`SELECT ${ARTICLE_COLUMNS} FROM ${this.n.articles} o WHERE slug = $1${this.andVisible(reader, values)}`, values))[0];
  }

  async getMany(slugs: readonly string[]): Promise<Article[]> {
    if (slugs.length === 0) return [];
    const found = await this.articles(`SELECT ${ARTICLE_COLUMNS} FROM ${this.n.articles} WHERE slug = ANY($1::text[])`, [[...slugs]]);
    const bySlug = new Map(found.map((a) => [a.slug, a]));
    return slugs.flatMap((s) => bySlug.get(s) ?? []);
  }

  async analyses(slugs: readonly string[]): Promise<Map<string, ArticleAnalysis>> {
    if (slugs.length === 0) return new Map();
    const rows = await this.query<{ slug: string; analysis: string }>(`SELECT slug, analysis FROM ${this.n.articles} WHERE slug = ANY($1::text[]) AND analysis IS NOT NULL`, [[...slugs]]);
    return new Map(rows.map((r) => [r.slug, JSON.parse(r.analysis) as ArticleAnalysis]));
  }

  async saveAnalysis(slug: string, analysis: ArticleAnalysis): Promise<void> {
    await this.query(`UPDATE ${this.n.articles} SET analysis = $1 WHERE slug = $2`, [JSON.stringify(analysis), slug]);
  }

  latest(limit: number, reader?: Reader): Promise<Article[]> {
    if (!reader) return this.articles(`SELECT ${ARTICLE_COLUMNS} FROM ${this.n.articles} ORDER BY published DESC, title COLLATE "C" LIMIT $1`, [limit]);
    // The newest `limit` content files and the newest `limit` of each feed the reader reads, each
    // by its index, then the newest of those: a reader of few stories among many costs what any
    // other does.
    return this.articles(
      `SELECT ${ARTICLE_COLUMNS} FROM ${this.n.articles} WHERE id IN (
         (SELECT id FROM ${this.n.articles} WHERE origin = 'file' ORDER BY published DESC, title COLLATE "C" LIMIT $1)
         UNION
         SELECT m.article FROM unnest($2::text[]) u(feed)
           CROSS JOIN LATERAL (SELECT article FROM ${this.n.feeds} WHERE feed_url = u.feed ORDER BY published DESC LIMIT $1) m
       ) ORDER BY published DESC, title COLLATE "C" LIMIT $1`,
      [limit, readerFeeds(reader)],
    );
  }

  news(since: Date, until: Date, limit: number, reader?: Reader): Promise<Article[]> {
    const values: unknown[] = [since.getTime(), until.getTime(), limit];
    return this.articles(
      `SELECT ${ARTICLE_COLUMNS} FROM ${this.n.articles} o WHERE NOT backlog AND news_at > $1 AND news_at <= $2${this.andVisible(reader, values, 'o', true)} ORDER BY news_at DESC LIMIT $3`,
      values,
    );
  }

  async bestTitleMatch(words: readonly TitleWord[], reader?: Reader): Promise<Article | undefined> {
    // Words typed as they stand in a title by their pairs first, as on SQLite.
    const pairs = words.some((w) => w.prefix) ? [] : neighbours(words.map((w) => w.word.toLowerCase()));
    if (pairs.length > 0) {
      const values: unknown[] = [pairs, TITLE_CANDIDATES];
      const holding = `o.id IN (SELECT p.article FROM unnest($1::text[]) q(pair) JOIN ${this.n.pairs} p ON p.pair = q.pair GROUP BY p.article HAVING count(*) = cardinality($1::text[]))`;
      const found = await this.bestOf(holding, values, reader);
      // Pairs only find: the title as it is now must hold them (see heldBy).
      if (found && heldBy(found.title, pairs)) return found;
    }
    const query = joined(
      words.map((w) => wordQuery(w.word, w.prefix)),
      '&',
    );
    if (query === undefined) return undefined;
    return this.bestOf("o.title_tsv @@ to_tsquery('pg_catalog.simple', $1)", [query, TITLE_CANDIDATES], reader);
  }

  /**
   * Among the newest TITLE_CANDIDATES articles where `matches` (over row o; $1 its parameter, $2
   * the candidates) the title with fewest words, then the newest.
   */
  private async bestOf(matches: string, values: unknown[], reader: Reader | undefined): Promise<Article | undefined> {
    const rows = await this.articles(
      `SELECT ${ARTICLE_COLUMNS} FROM ${this.n.articles} WHERE id = (
         SELECT id FROM (
           SELECT id, title_terms, published FROM ${this.n.articles} o WHERE ${matches}${this.andVisibleMatch(reader, values, matches)} ORDER BY id DESC LIMIT $2
         ) c ORDER BY title_terms, published DESC LIMIT 1)`,
      values,
    );
    return rows[0];
  }

  titlesStartingWith(prefixes: readonly string[], limit: number, reader?: Reader): Promise<Article[]> {
    if (prefixes.length === 0) return this.latest(limit, reader);
    const query = joined(
      prefixes.map((p) => wordQuery(p, true)),
      '&',
    );
    if (query === undefined) return Promise.resolve([]);
    const values: unknown[] = [query, SUGGESTION_CANDIDATES, limit];
    return this.articles(
      `SELECT ${ARTICLE_COLUMNS} FROM ${this.n.articles} WHERE id IN (
         SELECT id FROM (
           SELECT id, published FROM ${this.n.articles} o WHERE o.title_tsv @@ to_tsquery('pg_catalog.simple', $1)${this.andVisibleMatch(reader, values, "o.title_tsv @@ to_tsquery('pg_catalog.simple', $1)")} ORDER BY id DESC LIMIT $2
         ) c ORDER BY published DESC LIMIT $3)
       ORDER BY published DESC`,
      values,
    );
  }

  async wordsLike(word: string, limit: number): Promise<string[]> {
    const lower = word.toLowerCase();
    const grams = trigrams(lower);
    if (grams.length === 0) return [];
    if ((await this.query(`SELECT 1 FROM ${this.n.words} WHERE word = $1`, [lower])).length > 0) return [lower];
    if (this.trgm) {
      const rows = await this.query<{ word: string }>(
        `SELECT word FROM ${this.n.words} WHERE word % $1 ORDER BY similarity(word, $1) DESC, word LIMIT $2`,
        [lower, limit],
      );
      return rows.map((r) => r.word);
    }
    const rows = await this.query<{ word: string }>(
      `SELECT word FROM ${this.n.grams} WHERE gram = ANY($1::text[]) GROUP BY word ORDER BY count(*) DESC, length(word), word LIMIT $2`,
      [grams, limit],
    );
    return rows.map((r) => r.word);
  }

  titlesWithAny(words: readonly string[], limit: number, reader?: Reader): Promise<Article[]> {
    const query = joined(
      words.map((w) => wordQuery(w, false)),
      '|',
    );
    if (query === undefined) return Promise.resolve([]);
    // Ranked among the newest SEARCH_CANDIDATES matches, as /search: a common word stays bounded.
    const values: unknown[] = [query, limit, SEARCH_CANDIDATES];
    return this.articles(
      `SELECT ${ARTICLE_COLUMNS_OF_A} FROM (
         SELECT id, ts_rank(${WEIGHTS}, title_tsv, q, 1) AS score, published FROM (
           SELECT id, title_tsv, published FROM ${this.n.articles} o WHERE o.title_tsv @@ to_tsquery('pg_catalog.simple', $1)${this.andVisibleMatch(reader, values, "o.title_tsv @@ to_tsquery('pg_catalog.simple', $1)")} ORDER BY id DESC LIMIT $3
         ) m, to_tsquery('pg_catalog.simple', $1) q ORDER BY score DESC, published DESC LIMIT $2
       ) r JOIN ${this.n.articles} a ON a.id = r.id ORDER BY r.score DESC, r.published DESC`,
      values,
    );
  }

  async search(terms: readonly string[], limit: number, reader?: Reader): Promise<ArchiveHit[]> {
    const query = joined(
      terms.map((t) => wordQuery(t, false, true)),
      '|',
    );
    if (query === undefined) return [];
    // Ranked: the newest SEARCH_CANDIDATES articles with a term in the title and the newest
    // SEARCH_CANDIDATES with a term anywhere. Exact while a term is in fewer articles than that;
    // past it, the best of the newest (title hits always among them), so a word in half the archive
    // costs what a rare one does.
    const { articles: table, config } = this.n;
    const values: unknown[] = [query, limit, SEARCH_CANDIDATES];
    // One window over every match (tsv holds the title too), as SQLite's one index.
    const visible = this.andVisibleMatch(reader, values, `o.tsv @@ to_tsquery(${config}, $1)`);
    // With each hit's stored analysis: the reply is made from it.
    const rows = await this.query<ArticleColumns & { score: number; analysis: string | null }>(
      `SELECT ${ARTICLE_COLUMNS_OF_A}, a.analysis, ts_rank(${WEIGHTS}, a.tsv, to_tsquery(${config}, $1), 1) AS score FROM (
         (SELECT id FROM ${table} o WHERE o.title_stem @@ to_tsquery(${config}, $1)${visible} ORDER BY id DESC LIMIT $3)
         UNION
         (SELECT id FROM ${table} o WHERE o.tsv @@ to_tsquery(${config}, $1)${visible} ORDER BY id DESC LIMIT $3)
       ) c JOIN ${table} a ON a.id = c.id
       ORDER BY score DESC, a.published DESC LIMIT $2`,
      values,
    );
    return rows.map((row) => ({ article: toArticle(row), score: Number(row.score), ...(row.analysis && { analysis: JSON.parse(row.analysis) as ArticleAnalysis }) }));
  }

  put(record: ArchiveRecord): Promise<void> {
    return this.transaction((client) => this.insert(client, record));
  }

  putNew(record: ArchiveRecord): Promise<{ filed: true } | { filed: false; heldBy?: string }> {
    return this.transaction(async (client) => {
      // New articles are filed one at a time across processes (a lock held to the end of this
      // transaction), so the check below and the write cannot interleave with another replica's.
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [FILING_LOCK, this.n.articles]);
      const keys = [...new Set(record.keys ?? [])];
      if (keys.length > 0) {
        const held = await client.query<{ slug: string }>(`SELECT slug FROM ${this.n.keys} WHERE key = ANY($1::text[]) LIMIT 1`, [keys]);
        if (held.rows[0]) return { filed: false, heldBy: held.rows[0].slug };
      }
      if ((await client.query(`SELECT 1 FROM ${this.n.articles} WHERE slug = $1`, [record.article.slug])).rows.length > 0) return { filed: false };
      await this.insert(client, record);
      return { filed: true };
    });
  }

  private async insert(client: pg.PoolClient, record: ArchiveRecord): Promise<void> {
    const row = toRow(record, record.article.url ? this.canonical(record.article.url) : undefined);
    const n = this.n;
    const columns = (Object.keys(row) as Array<keyof ArticleRow>).filter((c) => c !== 'analysis');
    const values: unknown[] = columns.map((c) => (c === 'backlog' ? row.backlog !== 0 : row[c]));
    const at = (value: unknown) => `$${values.push(value)}`;
    const analysis = at(row.analysis);
    const title = at(ftsText(row.title, false));
    const slugWords = at(ftsText(row.slug_words, false));
    const stemmedTitle = at(ftsText(row.title, true));
    const text = at(`${ftsText(row.dek, true)} ${ftsText(row.body, true)}`);
    const updates = columns.filter((c) => c !== 'slug').map((c) => `${c} = excluded.${c}`);
    // The analysis is kept when the new record has none and the text did not change.
    const keepAnalysis =
      row.analysis === null
        ? `analysis = CASE WHEN t.title = excluded.title AND t.body = excluded.body AND t.dek = excluded.dek THEN t.analysis END`
        : 'analysis = excluded.analysis';
    const inserted = await client.query<{ id: string }>(
      `INSERT INTO ${n.articles} AS t (${columns.join(', ')}, analysis, title_tsv, title_stem, tsv)
       VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}, ${analysis},
         setweight(to_tsvector('pg_catalog.simple', ${title}), 'A') || setweight(to_tsvector('pg_catalog.simple', ${slugWords}), 'C'),
         to_tsvector(${n.config}, ${stemmedTitle}),
         setweight(to_tsvector(${n.config}, ${stemmedTitle}), 'A') || setweight(to_tsvector(${n.config}, ${text}), 'D'))
       ON CONFLICT (slug) DO UPDATE SET ${updates.join(', ')}, ${keepAnalysis}, title_tsv = excluded.title_tsv, title_stem = excluded.title_stem, tsv = excluded.tsv
       RETURNING id`,
      values,
    );
    const id = inserted.rows[0]!.id;
    if (record.keys) {
      await client.query(`DELETE FROM ${n.keys} WHERE slug = $1 AND kind = 'own'`, [row.slug]);
      const keys = [...new Set(record.keys)].sort();
      if (keys.length > 0) {
        await client.query(
          `INSERT INTO ${n.keys} (key, slug, kind) SELECT k, $2, 'own' FROM unnest($1::text[]) k
           ON CONFLICT (key) DO UPDATE SET slug = excluded.slug, kind = 'own', item_hash = NULL, seen_at = NULL`,
          [keys, row.slug],
        );
      }
    }
    await client.query(`DELETE FROM ${n.pairs} WHERE article = $1`, [id]);
    const pairs = titlePairs(row.title);
    if (pairs.length > 0) await client.query(`INSERT INTO ${n.pairs} (pair, article) SELECT p, $2 FROM unnest($1::text[]) p ON CONFLICT DO NOTHING`, [pairs, id]);
    if (record.bands) {
      await client.query(`DELETE FROM ${n.bands} WHERE article = $1`, [id]);
      const bands = [...new Set(record.bands)].sort((a, b) => a - b);
      if (bands.length > 0) {
        await client.query(`INSERT INTO ${n.bands} (band, article) SELECT b, $2 FROM unnest($1::bigint[]) b ON CONFLICT DO NOTHING`, [bands, id]);
      }
    }
    const { provenance } = record;
    await client.query(`UPDATE ${n.feeds} SET published = $1 WHERE article = $2 AND published <> $1`, [row.published, id]);
    if (provenance) {
      await client.query(`INSERT INTO ${n.feeds} (article, feed_url, first_seen, backlog, published) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, [
        id,
        provenance.feed,
        provenance.seenAt.getTime(),
        provenance.backlog,
        row.published,
      ]);
    } else if (record.origin === 'feed') {
      // A feed article filed without its feed is the operator's, unless a feed is recorded already.
      await client.query(
        `INSERT INTO ${n.feeds} (article, feed_url, first_seen, backlog, published) SELECT $1, $2, $3, true, $4 WHERE NOT EXISTS (SELECT 1 FROM ${n.feeds} WHERE article = $1)`,
        [id, UNATTRIBUTED, row.news_at, row.published],
      );
    }
    const words = titleWords(row);
    if (words.length > 0) {
      const added = await client.query<{ word: string }>(
        `INSERT INTO ${n.words} (word) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING RETURNING word`,
        [words],
      );
      if (!this.trgm && added.rows.length > 0) {
        const grams: string[] = [];
        const of: string[] = [];
        for (const { word } of added.rows) for (const gram of trigrams(word)) grams.push(gram), of.push(word);
        await client.query(`INSERT INTO ${n.grams} (gram, word) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING`, [grams, of]);
      }
    }
  }

  remove(slug: string): Promise<boolean> {
    return this.transaction(async (client) => {
      await client.query(`DELETE FROM ${this.n.keys} WHERE slug = $1`, [slug]);
      // Bands go with the article (ON DELETE CASCADE).
      return ((await client.query(`DELETE FROM ${this.n.articles} WHERE slug = $1`, [slug])).rowCount ?? 0) > 0;
    });
  }

  async findKey(keys: readonly string[]): Promise<FoundKey | undefined> {
    if (keys.length === 0) return undefined;
    const rows = await this.query<KeyRow>(`${keyJoin(this.n.keys, this.n.articles)} WHERE k.key = ANY($1::text[])`, [[...keys]]);
    return firstFound(keys, rows);
  }

  async keysOf(slug: string): Promise<ArchiveKey[]> {
    const rows = await this.query<{ key: string; kind: ArchiveKey['kind']; item_hash: string | null; seen_at: string | null }>(
      `SELECT key, kind, item_hash, seen_at FROM ${this.n.keys} WHERE slug = $1 ORDER BY key COLLATE "C"`,
      [slug],
    );
    return rows.map((r) => ({
      key: r.key,
      slug,
      kind: r.kind,
      ...(r.item_hash !== null && { itemHash: r.item_hash }),
      ...(r.seen_at !== null && { seenAt: new Date(Number(r.seen_at)) }),
    }));
  }

  async putKey(key: ArchiveKey): Promise<void> {
    await this.query(
      `INSERT INTO ${this.n.keys} (key, slug, kind, item_hash, seen_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (key) DO UPDATE SET slug = excluded.slug, kind = excluded.kind, item_hash = excluded.item_hash, seen_at = excluded.seen_at`,
      [key.key, key.slug, key.kind, key.itemHash ?? null, key.seenAt?.getTime() ?? null],
    );
  }

  async putProvenance(slug: string, provenance: Provenance): Promise<void> {
    await this.query(
      `INSERT INTO ${this.n.feeds} (article, feed_url, first_seen, backlog, published) SELECT id, $1, $2, $3, published FROM ${this.n.articles} WHERE slug = $4 ON CONFLICT DO NOTHING`,
      [provenance.feed, provenance.seenAt.getTime(), provenance.backlog, slug],
    );
  }

  async provenanceOf(slug: string): Promise<Provenance[]> {
    const rows = await this.query<ProvenanceRow>(
      `SELECT f.feed_url, f.first_seen, f.backlog FROM ${this.n.feeds} f JOIN ${this.n.articles} a ON a.id = f.article WHERE a.slug = $1 ORDER BY f.first_seen, f.feed_url COLLATE "C"`,
      [slug],
    );
    return rows.map(toProvenance);
  }

  async arrivals(feed: string, after: Date, limit: number): Promise<Arrival[]> {
    const rows = await this.query<ArticleColumns & { first_seen: string }>(
      `SELECT ${ARTICLE_COLUMNS_OF_A}, f.first_seen FROM ${this.n.feeds} f JOIN ${this.n.articles} a ON a.id = f.article
       WHERE f.feed_url = $1 AND NOT f.backlog AND f.first_seen > $2 ORDER BY f.first_seen, a.slug COLLATE "C" LIMIT $3`,
      [feed, after.getTime(), limit],
    );
    return rows.map((row) => ({ article: toArticle(row), seenAt: new Date(Number(row.first_seen)) }));
  }

  async byCanonicalUrl(url: string): Promise<Article | undefined> {
    return (await this.articles(`SELECT ${ARTICLE_COLUMNS} FROM ${this.n.articles} WHERE canonical_url = $1 ORDER BY id LIMIT 1`, [url]))[0];
  }

  sharingBands(bands: readonly number[], limit: number): Promise<Article[]> {
    if (bands.length === 0) return Promise.resolve([]);
    // The newest articles of each band by the (band, article) key, so a band shared by very many
    // articles (boilerplate) reads only its share of BAND_ROWS; those sharing the most bands first.
    return this.articles(
      `SELECT ${ARTICLE_COLUMNS_OF_A} FROM (
         SELECT article, count(*) AS shared FROM unnest($1::bigint[]) b(band)
           CROSS JOIN LATERAL (SELECT article FROM ${this.n.bands} WHERE band = b.band ORDER BY article DESC LIMIT $3) m
         GROUP BY article ORDER BY shared DESC, article DESC LIMIT $2
       ) d JOIN ${this.n.articles} a ON a.id = d.article ORDER BY d.shared DESC, d.article DESC`,
      [[...bands], limit, Math.ceil(BAND_ROWS / bands.length)],
    );
  }

  async taken(slugs: readonly string[]): Promise<Set<string>> {
    if (slugs.length === 0) return new Set();
    const rows = await this.query<{ slug: string }>(`SELECT slug FROM ${this.n.articles} WHERE slug = ANY($1::text[])`, [[...slugs]]);
    return new Set(rows.map((r) => r.slug));
  }

  async files(): Promise<Map<string, { slug: string; hash: string }>> {
    const rows = await this.query<{ file: string; slug: string; file_hash: string }>(
      `SELECT file, slug, file_hash FROM ${this.n.articles} WHERE origin = 'file' AND file IS NOT NULL`,
    );
    return new Map(rows.map((r) => [r.file, { slug: r.slug, hash: r.file_hash }]));
  }

  pruneBefore(cutoff: Date, limit: number): Promise<number> {
    return this.transaction(async (client) => {
      const gone = await client.query<{ slug: string }>(
        `DELETE FROM ${this.n.articles} WHERE id IN (
           SELECT id FROM ${this.n.articles} WHERE origin = 'feed' AND published < $1 AND (received IS NULL OR received < $1) LIMIT $2
         ) RETURNING slug`,
        [cutoff.getTime(), limit],
      );
      const slugs = gone.rows.map((r) => r.slug);
      if (slugs.length > 0) await client.query(`DELETE FROM ${this.n.keys} WHERE slug = ANY($1::text[])`, [slugs]);
      return slugs.length;
    });
  }

  async pruneTwins(cutoff: Date): Promise<number> {
    try {
      return (await this.pool.query(`DELETE FROM ${this.n.keys} WHERE kind = 'twin' AND seen_at < $1`, [cutoff.getTime()])).rowCount ?? 0;
    } catch (error) {
      throw surfaced(error);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /** Drops every table and the text-search configuration of a namespace (tests; irreversible). */
  static async drop(url: string, namespace: string): Promise<void> {
    const n = namesFor(namespace);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`DROP TABLE IF EXISTS ${n.bands}, ${n.pairs}, ${n.chores}, ${n.feeds}, ${n.keys}, ${n.grams}, ${n.words}, ${n.articles}`);
      await client.query(`DROP TEXT SEARCH CONFIGURATION IF EXISTS ${n.raw('fts')}`);
      await client.query(`DROP TEXT SEARCH DICTIONARY IF EXISTS ${n.raw('stem')}`);
    } finally {
      await client.end();
    }
  }
}
