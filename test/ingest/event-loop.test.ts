// Nothing heavy on the event loop: feeds and pages are parsed in the ingest worker pool
// (src/ingest/workers.ts). While a feed of 20 teasers linking to 5 MB pages is polled, the event
// loop stays free (a generous bound for a loaded CI machine; the tight figure is in
// `npm run bench -- pages`); a page past its size or time budget is abandoned and the poll goes on;
// and what the workers answer equals what the same functions give in-process.
import { readdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPage } from '../../src/ingest/html';
import { parseFeed } from '../../src/ingest/parse';
import { FeedPoller } from '../../src/ingest/poller';
import { itemStory, type Story } from '../../src/ingest/story';
import { createIngestWorkers, type IngestWorkers } from '../../src/ingest/workers';
import { analyzeArticle } from '../../src/newsroom/analysis';
import { parseArticle } from '../../src/newsroom/article';
import { loadNotice, type NoticeDefinition } from '../../src/newsroom/notice';
import { MemoryStore } from '../../src/store/memory';
import { bigPage, keepingWire, slowPage, teaserFeed } from './big-pages';
import { FIXTURES, type FeedServer, startFeedServer } from './feed-server';
import { type LogRecord, recordingLogger, REPO, TestClock } from './support';

const PAGES = 20;
/** p99 event-loop delay allowed while the pages are read: generous, for a loaded CI machine. */
const P99_BOUND_MS = 250;

let server: FeedServer;
let notice: NoticeDefinition;
const opened: IngestWorkers[] = [];
const workers = (options: Parameters<typeof createIngestWorkers>[0]) => {
  const pool = createIngestWorkers({ notice, ...options });
  opened.push(pool);
  return pool;
};

/** A poller of one feed, parsing through `pool`. */
function pollerOf(path: string, pool: IngestWorkers, stories: Story[], logs: LogRecord[] = []): FeedPoller {
  const dir = mkdtempSync(join(tmpdir(), 'newsroom-event-loop-'));
  writeFileSync(join(dir, 'feeds.yaml'), `feeds:\n  - { url: "${server.url(path)}", name: Teasers }\n`);
  const clock = new TestClock(new Date('2024-06-01T00:00:00Z'));
  return new FeedPoller({
    store: new MemoryStore(clock),
    logger: recordingLogger(logs),
    clock,
    wire: keepingWire(stories),
    feedFile: join(dir, 'feeds.yaml'),
    allowPrivate: true,
    limits: { timeoutMs: 60_000, maxBytes: 6 * 1024 * 1024, maxRedirects: 3 },
    workers: pool,
    wake: () => () => undefined,
  });
}

beforeAll(async () => {
  notice = await loadNotice(join(REPO, 'content', 'notices', 'covid-19.md'));
  server = await startFeedServer();
  const links = Array.from({ length: PAGES }, (_, n) => `/big/${n + 1}.html`);
  for (const [n, link] of links.entries()) server.set(link, bigPage(n + 1));
  server.set('/big.xml', teaserFeed(links));
  server.set('/slow.html', slowPage());
  server.set('/too-big.html', `<html><body>${'<p>filler text for a page too large for the workers</p>'.repeat(40_000)}</body></html>`);
  server.set('/budget.xml', teaserFeed(['/slow.html', '/too-big.html', '/pages/kim-jong-un.html']));
});

afterAll(async () => {
  await Promise.all(opened.map((pool) => pool.close()));
  await server?.close();
});

describe('the ingest worker pool', () => {
  it(`keeps the event loop free (p99 delay < ${P99_BOUND_MS} ms) while ${PAGES} teaser pages of 5 MB are fetched and parsed`, async () => {
    const stories: Story[] = [];
    const poller = pollerOf('/big.xml', workers({ size: 2, timeoutMs: 120_000, maxBytes: 6 * 1024 * 1024 }), stories);
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const [result] = await poller.tick();
    delay.disable();
    await poller.stop();
    expect(result).toMatchObject({ ok: true, added: PAGES, skipped: 0, deferred: 0 });
    // Each story has its page's full text, not the teaser.
    expect(stories.map((s) => s.title)).toEqual(Array.from({ length: PAGES }, (_, n) => `Teaser ${n + 1}: Kim Jong Un arrives in Russia`));
    for (const story of stories) expect(story.body).toMatch(/has arrived in Russia for an expected meeting with President Vladimir Putin/);
    expect(stories.every((s) => s.published instanceof Date && s.body.length > 2_000)).toBe(true);
    const p99 = delay.percentile(99) / 1e6;
    expect(p99, `event-loop delay p99 ${p99.toFixed(1)} ms, max ${(delay.max / 1e6).toFixed(1)} ms`).toBeLessThan(P99_BOUND_MS);
  }, 300_000);

  it('abandons a page past its time budget (its worker ended) or its size budget, keeps the teaser, and the poll goes on', async () => {
    const stories: Story[] = [];
    const logs: LogRecord[] = [];
    // The slow page takes Readability over a minute; 3 s is its budget. The big one is 2.2 MB.
    const pool = workers({ size: 1, timeoutMs: 3_000, maxBytes: 1_500_000 });
    const poller = pollerOf('/budget.xml', pool, stories, logs);
    const [result] = await poller.tick();
    await poller.stop();
    expect(result).toMatchObject({ ok: true, added: 3, skipped: 0 });
    const reasons = logs.filter((r) => r.msg === 'full text not fetched; keeping the teaser').map((r) => [r.fields.link, r.fields.reason]);
    expect(reasons).toEqual([
      [server.url('/slow.html'), 'page abandoned: not read within 3000 ms'],
      [server.url('/too-big.html'), expect.stringMatching(/^page not read: (at least )?\d+ bytes, more than the 1500000 a worker takes$/)],
    ]);
    // The first two keep their teaser; the third, read by the worker that replaced the ended one, its page.
    expect(stories.map((s) => s.body)).toEqual([
      'Kim Jong Un has arrived in Russia.',
      'Kim Jong Un has arrived in Russia.',
      expect.stringMatching(/has arrived in Russia for an expected meeting with President Vladimir Putin/),
    ]);
  }, 120_000);

  it('answers as the in-process functions do: feeds (dates revived), pages, and the analysis', async () => {
    const pool = workers({ size: 1 });
    for (const name of ['city.rss.xml', 'valley-wire.atom.xml']) {
      const xml = readFileSync(join(FIXTURES, name), 'utf8');
      const viaPool = await pool.parseFeed(xml, 'https://example.com/feed');
      expect(viaPool).toEqual(await parseFeed(xml, 'https://example.com/feed'));
      expect(viaPool.items.some((item) => item.published instanceof Date)).toBe(true);
      const source = { name: 'Fixture Wire', tags: ['local'] };
      for (const item of viaPool.items) expect(await pool.itemStory(item, source)).toEqual(itemStory(item, source));
    }
    const html = readFileSync(join(FIXTURES, 'pages', 'kim-jong-un.html'), 'utf8');
    expect(await pool.readPage(html, 'http://127.0.0.1/pages/kim-jong-un.html')).toEqual(readPage(html, 'http://127.0.0.1/pages/kim-jong-un.html'));
    const broken = await pool.parseFeed(readFileSync(join(FIXTURES, 'broken.rss.xml'), 'utf8')).catch((error: unknown) => error);
    expect(broken).toMatchObject({ name: 'FeedFormatError', message: expect.stringMatching(/^not a readable RSS or Atom feed/) });
    const dir = join(REPO, 'content', 'articles');
    const files = readdirSync(dir).filter((f) => f.endsWith('.md'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const article = parseArticle(readFileSync(join(dir, file), 'utf8'), join(dir, file));
      expect(await pool.analyze(article), file).toEqual(analyzeArticle(article, notice));
    }
  }, 120_000);
});
