// The archive contract on SQLite: in memory (what tests and memory:// use) and in a real file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import sqlite3 from 'sqlite3';
import { READER_WINDOW } from '../../src/archive/rows';
import { SqliteArchive } from '../../src/archive/sqlite';
import { canonicalUrl } from '../../src/ingest/identity';
import { archiveContract, article, concurrentFiling } from './contract';

const dir = mkdtempSync(join(tmpdir(), 'archive-sqlite-'));
let files = 0;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs SQL on the file directly, as an earlier version (or a test's check) would, and gives the last row asked for. */
async function onFile<T>(path: string, sql: string, ask?: string): Promise<T | undefined> {
  const raw = new sqlite3.Database(path);
  try {
    await new Promise<void>((resolve, reject) => raw.exec(sql, (error) => (error ? reject(error) : resolve())));
    return ask === undefined ? undefined : await new Promise<T>((resolve, reject) => raw.get(ask, (error, row: T) => (error ? reject(error) : resolve(row))));
  } finally {
    await new Promise<void>((resolve) => raw.close(() => resolve()));
  }
}

archiveContract('SQLite in memory', () => SqliteArchive.open(':memory:', canonicalUrl), (archive) => archive.close());
archiveContract('SQLite file', () => SqliteArchive.open(join(dir, `contract-${++files}.sqlite`), canonicalUrl), (archive) => archive.close());

describe('SQLite archive file', () => {
  concurrentFiling(
    'two handles on one file',
    async () => {
      const path = join(dir, `race-${++files}.sqlite`);
      return [await SqliteArchive.open(path, canonicalUrl), await SqliteArchive.open(path, canonicalUrl)] as const;
    },
    async (one, two) => {
      await one.close();
      await two.close();
    },
  );

  it('keeps what was filed across a reopen, and two handles on one file see each other', async () => {
    const path = join(dir, 'reopen.sqlite');
    const first = await SqliteArchive.open(path, canonicalUrl);
    const second = await SqliteArchive.open(path, canonicalUrl);
    await first.put({ article: article({ slug: 'kept', title: 'Kept budget story' }), origin: 'feed', keys: ['guid:kept'] });
    expect((await second.get('kept'))?.title).toBe('Kept budget story');
    expect((await second.search(['budget'], 5)).map((h) => h.article.slug)).toEqual(['kept']);
    await first.close();
    await second.close();
    const again = await SqliteArchive.open(path, canonicalUrl);
    expect((await again.findKey(['guid:kept']))?.slug).toBe('kept');
    expect(again.location).toBe(`sqlite:${path}`);
    expect(again.shared).toBe(false);
    await again.close();
  });

  it('gives feed articles filed before provenance was kept to every reader, once, at the first open after', async () => {
    const path = join(dir, 'before-provenance.sqlite');
    const before = await SqliteArchive.open(path, canonicalUrl);
    await before.put({ article: article({ slug: 'earlier', title: 'Earlier feed story' }), origin: 'feed' });
    await before.close();
    // The file as an earlier version left it: no provenance table.
    await onFile(path, 'DROP TABLE article_feeds');
    const after = await SqliteArchive.open(path, canonicalUrl);
    expect((await after.latest(5, { feeds: ['https://a.example/rss'] })).map((a) => a.slug)).toEqual(['earlier']);
    expect((await after.provenanceOf('earlier')).map((p) => p.feed)).toEqual(['']);
    await after.close();
  });

  it('takes a title by its pairs only while its title holds them (a pair left behind by an earlier version is passed over)', async () => {
    const path = join(dir, 'stale-pairs.sqlite');
    const archive = await SqliteArchive.open(path, canonicalUrl);
    await archive.put({ article: article({ slug: 'renamed', title: 'Bridge repairs finished' }), origin: 'feed' });
    await archive.put({ article: article({ slug: 'scattered', title: 'Vote on the budget' }), origin: 'feed' });
    await archive.close();
    // As an earlier version's edit would leave it: "renamed" keeps a pair its title no longer has.
    await onFile(path, "INSERT INTO title_pairs (pair, article) SELECT 'budget vote', id FROM articles WHERE slug = 'renamed'");
    const again = await SqliteArchive.open(path, canonicalUrl);
    expect((await again.bestTitleMatch([{ word: 'budget', prefix: false }, { word: 'vote', prefix: false }]))?.slug).toBe('scattered');
    await again.close();
  });

  it('pairs the titles of articles filed before title pairs were kept, at the first open after, a page at a time', async () => {
    const path = join(dir, 'before-pairs.sqlite');
    const before = await SqliteArchive.open(path, canonicalUrl);
    // More than a page (500) of articles, each "Harbor <n> bridge vote"; one "Bridge vote".
    for (let from = 0; from < 1204; from += 301) {
      await before.putMany(Array.from({ length: 301 }, (_, i) => ({ article: article({ slug: `s-${1000 + from + i}`, title: `Harbor ${1000 + from + i} bridge vote` }), origin: 'feed' as const })));
    }
    await before.put({ article: article({ slug: 'short', title: 'Bridge vote' }), origin: 'feed' });
    await before.close();
    // The file as an earlier version left it: no pairs, user_version 0.
    await onFile(path, 'DROP TABLE title_pairs; PRAGMA user_version = 0;');
    const after = await SqliteArchive.open(path, canonicalUrl);
    const w = (word: string) => ({ word, prefix: false });
    // "1800 bridge" stands together only in one title; every word is in many.
    expect((await after.bestTitleMatch([w('1800'), w('bridge')]))?.slug).toBe('s-1800');
    expect((await after.bestTitleMatch([w('harbor'), w('2203')]))?.slug).toBe('s-2203');
    expect((await after.bestTitleMatch([w('bridge'), w('vote')]))?.slug).toBe('short');
    await after.close();
    const counted = await onFile<{ pairs: number; version: number }>(path, '', 'SELECT (SELECT count(*) FROM title_pairs) AS pairs, (SELECT user_version FROM pragma_user_version) AS version');
    // Three pairs per "Harbor n bridge vote" title, one for "Bridge vote".
    expect(counted).toEqual({ pairs: 1204 * 3 + 1, version: 1 });
  });
});

describe('a reader of few stories among many', () => {
  it('seeks its text matches among the archive’s newest READER_WINDOW matches only, and its latest by index', async () => {
    const archive = await SqliteArchive.open(':memory:', canonicalUrl);
    const mine = 'https://mine.example/rss';
    const story = (i: number, feed: string) => ({ article: article({ slug: `harbor-${i}`, title: `Harbor story ${i}`, published: new Date(Date.UTC(2026, 0, 1) + i * 1000) }), origin: 'feed' as const, provenance: { feed, seenAt: new Date(0), backlog: false } });
    // Mine is filed first (the oldest), then READER_WINDOW stories of other feeds with the same word.
    await archive.putMany([story(0, mine), ...Array.from({ length: READER_WINDOW }, (_, i) => story(i + 1, `https://other${i % 50}.example/rss`))]);
    const reader = { feeds: [mine] };
    expect(await archive.search(['harbor'], 5, reader)).toEqual([]);
    expect(await archive.titlesStartingWith(['harb'], 5, reader)).toEqual([]);
    expect((await archive.get('harbor-0', reader))?.slug).toBe('harbor-0');
    expect((await archive.latest(5, reader)).map((a) => a.slug)).toEqual(['harbor-0']);
    expect((await archive.bestTitleMatch([{ word: '0', prefix: false }], reader))?.slug).toBe('harbor-0');
    // Within the window, it is found.
    await archive.put(story(READER_WINDOW + 1, mine));
    expect((await archive.search(['harbor'], 5, reader)).map((h) => h.article.slug)).toEqual([`harbor-${READER_WINDOW + 1}`]);
    await archive.close();
  }, 120_000);
});
