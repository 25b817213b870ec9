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
    const raw = new sqlite3.Database(path);
    await new Promise<void>((resolve, reject) => raw.exec('DROP TABLE article_feeds', (error) => (error ? reject(error) : resolve())));
    await new Promise<void>((resolve) => raw.close(() => resolve()));
    const after = await SqliteArchive.open(path, canonicalUrl);
    expect((await after.latest(5, { feeds: ['https://a.example/rss'] })).map((a) => a.slug)).toEqual(['earlier']);
    expect((await after.provenanceOf('earlier')).map((p) => p.feed)).toEqual(['']);
    await after.close();
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
