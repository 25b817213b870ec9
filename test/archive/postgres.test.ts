// The archive contract on a real PostgreSQL (skipped with a message where none answers; required
// in CI), with pg_trgm and with the archive's own trigram table; two archives on one database and
// namespace seeing each other's writes (what lets two replicas serve a story only one ingested);
// and outages surfacing as StoreUnavailableError.
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { PostgresArchive } from '../../src/archive/postgres';
import { SqliteArchive } from '../../src/archive/sqlite';
import { StoreUnavailableError } from '../../src/core/errors';
import { canonicalUrl } from '../../src/ingest/identity';
import type { Article } from '../../src/newsroom/article';
import type { Archive } from '../../src/newsroom/archive';
import { loadArticles } from '../../src/newsroom/articles';
import { words } from '../../src/newsroom/text/words';
import { POSTGRES_URL, postgresUp } from '../support/services';
import { archiveContract, article, concurrentFiling } from './contract';

const slugs = (articles: readonly Article[]) => articles.map((a) => a.slug);

// Other engineers' tests share the database: every run works under namespaces of its own.
const RUN = `archive_${randomUUID().slice(0, 8)}`;
const namespaces = new Set<string>();
let opened = 0;

function namespace(): string {
  const ns = `${RUN}_${++opened}`;
  namespaces.add(ns);
  return ns;
}

async function dropAll(): Promise<void> {
  for (const ns of namespaces) await PostgresArchive.drop(POSTGRES_URL, ns);
  namespaces.clear();
}

afterAll(async () => {
  if (postgresUp) await dropAll();
});

async function closeAndDrop(archive: Archive): Promise<void> {
  await archive.close();
  const ns = /namespace=([\w-]+)/.exec(archive.location)?.[1];
  if (ns) {
    await PostgresArchive.drop(POSTGRES_URL, ns);
    namespaces.delete(ns);
  }
}

if (postgresUp) {
  archiveContract('PostgreSQL', () => PostgresArchive.open(POSTGRES_URL, namespace(), canonicalUrl), closeAndDrop);
  archiveContract('PostgreSQL, own trigram table', () => PostgresArchive.open(POSTGRES_URL, namespace(), canonicalUrl, { trigrams: 'table' }), closeAndDrop);
}

describe.skipIf(!postgresUp)('PostgreSQL archive', () => {
  concurrentFiling(
    'two archives on one namespace',
    async () => {
      const ns = namespace();
      return [await PostgresArchive.open(POSTGRES_URL, ns, canonicalUrl), await PostgresArchive.open(POSTGRES_URL, ns, canonicalUrl)] as const;
    },
    async (one, two) => {
      await two.close();
      await closeAndDrop(one);
    },
  );

  it('two archives on one database and namespace see each other\'s writes at once', async () => {
    const ns = namespace();
    const [one, two] = await Promise.all([PostgresArchive.open(POSTGRES_URL, ns, canonicalUrl), PostgresArchive.open(POSTGRES_URL, ns, canonicalUrl)]);
    try {
      expect(one.shared).toBe(true);
      const story = article({ slug: 'only-one-ingested', title: 'Harbour strike spreads', url: 'https://example.com/harbour?utm_source=x', body: 'Dockers walked out at dawn.' });
      await one.put({ article: story, origin: 'feed', keys: ['guid:harbour'], bands: [11, 12], itemHash: 'h1' });
      // The other replica serves it at once: by slug, by title words, by search, by autocomplete.
      expect(await two.get('only-one-ingested')).toEqual(story);
      expect((await two.bestTitleMatch([{ word: 'harbour', prefix: false }, { word: 'stri', prefix: true }]))?.slug).toBe('only-one-ingested');
      expect((await two.search(['dockers'], 5)).map((h) => h.article.slug)).toEqual(['only-one-ingested']);
      expect((await two.titlesStartingWith(['harb'], 5)).map((a) => a.slug)).toEqual(['only-one-ingested']);
      expect(await two.wordsLike('harbor', 5)).toContain('harbour');
      // And its de-duplication sees it: the same item polled by the other replica is known.
      expect(await two.findKey(['guid:harbour'])).toMatchObject({ slug: 'only-one-ingested', kind: 'own', articleHash: 'h1', origin: 'feed' });
      expect((await two.byCanonicalUrl(canonicalUrl(story.url!)!))?.slug).toBe('only-one-ingested');
      expect((await two.sharingBands([12], 5)).map((a) => a.slug)).toEqual(['only-one-ingested']);
      // A removal on the second is gone from the first.
      expect(await two.remove('only-one-ingested')).toBe(true);
      expect(await one.get('only-one-ingested')).toBeUndefined();
      expect(await one.count()).toBe(0);
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('keeps namespaces apart in one database', async () => {
    const [a, b] = [await PostgresArchive.open(POSTGRES_URL, namespace(), canonicalUrl), await PostgresArchive.open(POSTGRES_URL, namespace(), canonicalUrl)];
    try {
      await a.put({ article: article({ slug: 'mine', title: 'Mine' }), origin: 'file' });
      expect(await b.get('mine')).toBeUndefined();
      expect(await b.count()).toBe(0);
      expect(a.location).toMatch(/^postgres:\/\/127\.0\.0\.1:5432\/test\?namespace=/);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('creates its schema once when several processes start together, and opens again on it', async () => {
    const ns = namespace();
    const archives = await Promise.all(Array.from({ length: 4 }, () => PostgresArchive.open(POSTGRES_URL, ns, canonicalUrl)));
    await archives[0]!.put({ article: article({ slug: 'first', title: 'First' }), origin: 'file' });
    await Promise.all(archives.map((a) => a.close()));
    const again = await PostgresArchive.open(POSTGRES_URL, ns, canonicalUrl);
    expect((await again.get('first'))?.title).toBe('First');
    await again.close();
  });

  it('gives feed articles filed before provenance was kept to every reader, once, at the first open after', async () => {
    const ns = namespace();
    const before = await PostgresArchive.open(POSTGRES_URL, ns, canonicalUrl);
    await before.put({ article: article({ slug: 'earlier', title: 'Earlier feed story' }), origin: 'feed' });
    await before.close();
    // The namespace as an earlier version left it: no provenance table.
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`DROP TABLE "${ns}_article_feeds"`);
    await client.end();
    const after = await PostgresArchive.open(POSTGRES_URL, ns, canonicalUrl);
    expect(slugs(await after.latest(5, { feeds: ['https://a.example/rss'] }))).toEqual(['earlier']);
    expect((await after.provenanceOf('earlier')).map((p) => p.feed)).toEqual(['']);
    await closeAndDrop(after);
  });

  it('pairs the titles of articles filed before title pairs were kept, at the first open after, a page at a time', async () => {
    const ns = namespace();
    const before = await PostgresArchive.open(POSTGRES_URL, ns, canonicalUrl);
    for (let i = 0; i < 1204; i++) await before.put({ article: article({ slug: `s-${1000 + i}`, title: `Harbor ${1000 + i} bridge vote` }), origin: 'feed' });
    await before.put({ article: article({ slug: 'short', title: 'Bridge vote' }), origin: 'feed' });
    await before.close();
    // The namespace as an earlier version left it: no pairs table.
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`DROP TABLE "${ns}_title_pairs"`);
    const after = await PostgresArchive.open(POSTGRES_URL, ns, canonicalUrl);
    const w = (word: string) => ({ word, prefix: false });
    expect((await after.bestTitleMatch([w('1800'), w('bridge')]))?.slug).toBe('s-1800');
    expect((await after.bestTitleMatch([w('bridge'), w('vote')]))?.slug).toBe('short');
    // Three pairs per "Harbor n bridge vote" title, one for "Bridge vote".
    expect((await client.query(`SELECT count(*)::int AS n FROM "${ns}_title_pairs"`)).rows[0].n).toBe(1204 * 3 + 1);
    // The chore is done and forgotten: the next start reads nothing.
    expect((await client.query(`SELECT count(*)::int AS n FROM "${ns}_chores"`)).rows[0].n).toBe(0);
    await client.end();
    await closeAndDrop(after);
  });

  it('refuses a namespace that is not [A-Za-z0-9_-] or too long for PostgreSQL names', async () => {
    await expect(PostgresArchive.open(POSTGRES_URL, 'bad"name', canonicalUrl)).rejects.toThrow(/namespace/);
    await expect(PostgresArchive.open(POSTGRES_URL, 'x'.repeat(60), canonicalUrl)).rejects.toThrow(/namespace/);
  });

  it('surfaces an unreachable server as StoreUnavailableError', async () => {
    await expect(PostgresArchive.open('postgres://postgres@127.0.0.1:1/test', namespace(), canonicalUrl, { timeoutMs: 500 })).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('bounds every call: a query stuck behind a lock becomes StoreUnavailableError, and the archive serves again after', async () => {
    const ns = namespace();
    const archive = await PostgresArchive.open(POSTGRES_URL, ns, canonicalUrl, { timeoutMs: 300 });
    const locker = new pg.Client({ connectionString: POSTGRES_URL });
    await locker.connect();
    try {
      await archive.put({ article: article({ slug: 'locked', title: 'Locked' }), origin: 'file' });
      await locker.query('BEGIN');
      await locker.query(`LOCK TABLE "${ns}_articles" IN ACCESS EXCLUSIVE MODE`);
      await expect(archive.get('locked')).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(archive.put({ article: article({ slug: 'other', title: 'Other' }), origin: 'file' })).rejects.toBeInstanceOf(StoreUnavailableError);
      await locker.query('ROLLBACK');
      expect((await archive.get('locked'))?.title).toBe('Locked');
      expect(await archive.count()).toBe(1);
    } finally {
      await locker.end();
      await archive.close();
    }
  });
});

describe.skipIf(!postgresUp)('PostgreSQL answers as SQLite does', () => {
  it('on a corpus built from the fixtures: the same title matches, autocompletion and search hits', async () => {
    const { articles } = await loadArticles('test/fixtures/content/articles');
    const texts = [
      ...articles.map((a) => ({ title: a.title, body: a.body })),
      ...readdirSync('test/fixtures/eval')
        .filter((f) => f.endsWith('.json'))
        .map((f) => JSON.parse(readFileSync(join('test/fixtures/eval', f), 'utf8')) as { title: string; text: string })
        .map((e) => ({ title: e.title, body: e.text })),
    ];
    const sentences = texts.flatMap((t) => t.body.split(/(?<=[.!?])\s+/)).filter((s) => s.length > 20);
    const corpus: Article[] = [];
    texts.forEach((t, i) => corpus.push(article({ slug: `fixture-${i}`, title: t.title, body: t.body, published: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000) })));
    for (let i = 0; i < 120; i++) {
      const s = sentences[(i * 7) % sentences.length]!;
      const title = s.split(/\s+/).slice(0, 3 + (i % 8)).join(' ').replace(/[.,;:]$/, '');
      const body = Array.from({ length: 4 }, (_, j) => sentences[(i * 13 + j * 5) % sentences.length]).join(' ');
      corpus.push(article({ slug: `mixed-${i}`, title, body, published: new Date(Date.UTC(2026, 1, 1) + i * 3_600_000) }));
    }
    const sqlite = await SqliteArchive.open(':memory:', canonicalUrl);
    const postgres = await PostgresArchive.open(POSTGRES_URL, namespace(), canonicalUrl);
    try {
      for (const a of corpus) {
        await sqlite.put({ article: a, origin: 'file' });
        await postgres.put({ article: a, origin: 'file' });
      }
      const titleWords = [...new Set(corpus.flatMap((a) => words(a.title)))];
      const differences: string[] = [];
      const same = (what: string, x: unknown, y: unknown) => {
        if (JSON.stringify(x) !== JSON.stringify(y)) differences.push(`${what}: sqlite ${JSON.stringify(x)} postgres ${JSON.stringify(y)}`);
      };
      for (const [i, w] of titleWords.entries()) {
        const other = titleWords[(i * 31 + 7) % titleWords.length]!;
        for (const prefix of [w.slice(0, 1), w.slice(0, 2), w.slice(0, 3), w.slice(0, 5), w]) {
          same(`titlesStartingWith ${prefix}`, slugs(await sqlite.titlesStartingWith([prefix], 100)), slugs(await postgres.titlesStartingWith([prefix], 100)));
        }
        same(`titlesStartingWith ${w.slice(0, 3)} ${other.slice(0, 2)}`, slugs(await sqlite.titlesStartingWith([w.slice(0, 3), other.slice(0, 2)], 100)), slugs(await postgres.titlesStartingWith([w.slice(0, 3), other.slice(0, 2)], 100)));
        for (const query of [[{ word: w, prefix: false }], [{ word: w.slice(0, 4), prefix: w.length >= 4 }], [{ word: w, prefix: true }, { word: other, prefix: false }]]) {
          same(`bestTitleMatch ${JSON.stringify(query)}`, (await sqlite.bestTitleMatch(query))?.slug, (await postgres.bestTitleMatch(query))?.slug);
        }
        same(`titlesWithAny ${w} ${other}`, slugs(await sqlite.titlesWithAny([w, other], 500)).sort(), slugs(await postgres.titlesWithAny([w, other], 500)).sort());
        const hits = async (archive: Archive, terms: string[]) => (await archive.search(terms, 500)).map((h) => h.article.slug).sort();
        same(`search ${w}`, await hits(sqlite, [w]), await hits(postgres, [w]));
        same(`search ${w} ${other}`, await hits(sqlite, [w, other]), await hits(postgres, [w, other]));
      }
      expect(differences).toEqual([]);
    } finally {
      await sqlite.close();
      await closeAndDrop(postgres);
    }
  }, 120_000);
});
