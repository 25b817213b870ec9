// INGEST_RETENTION_DAYS: ingested articles whose publication and arrival are both past the window
// are pruned from the archive (with their GUID/URL keys, aliases and file twins); content files and
// recent articles stay. Old items still in a feed are not filed again and retention 0 keeps
// everything. The articles are seeded as the previous version stored them, so the move from the
// store into the archive is tested here too.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands';
import { Dispatcher } from '../../src/core/dispatcher';
import { FeedPoller } from '../../src/ingest/poller';
import { moveStoredArticles } from '../../src/ingest/migrations';
import { Wire } from '../../src/ingest/wire';
import type { Article } from '../../src/newsroom/article';
import { openNewsroom } from '../../src/open-newsroom';
import { MemoryStore } from '../../src/store/memory';
import { type FeedServer, startFeedServer } from './feed-server';
import { contentDir, reader, recordingLogger, TestClock } from './support';
import { allArticles, archiveWith } from '../support/archive';

const DAY = 24 * 60 * 60_000;
const NOW = new Date('2024-12-01T00:00:00Z');
const daysAgo = (n: number, from = NOW) => new Date(from.getTime() - n * DAY).toISOString();
const words = (prefix: string) => `${Array.from({ length: 100 }, (_, i) => `${prefix}${i}`).join(' ')}.`;

/** A stored ingested article as the wire writes it. */
const record = (slug: string, published: string, receivedAt: string | undefined, extra: { aliases?: Record<string, string>; backlog?: boolean } = {}) => ({
  article: { slug, title: `Story ${slug}`, url: `https://news.example/${slug}`, published, source: 'Example', tags: [], body: words(slug.replace(/-/g, '')), ...(receivedAt && { receivedAt }), ...(extra.backlog && { backlog: true }) },
  keys: [`guid:https://news.example/rss#${slug}`, `url:https://news.example/${slug}`],
  itemHash: `hash-${slug}`,
  ...(extra.aliases && { aliases: extra.aliases }),
});


const contentFile: Article = { slug: 'old-but-hand-written', title: 'A hand-written story', published: new Date('2020-01-01T00:00:00Z'), tags: [], body: words('hand') };
/** A content file whose slug an old ingested record also has: the file stays. */
const sameSlugFile: Article = { slug: 'old-ingested', title: 'The content file of that slug', published: new Date('2020-02-01T00:00:00Z'), tags: [], body: words('file') };

async function seeded(retentionDays: number | undefined) {
  const clock = new TestClock(NOW);
  const store = new MemoryStore(clock);
  // What the previous version kept in the store: moved into the archive at the first start.
  await store.set('ingested', 'old-story', record('old-story', daysAgo(400), daysAgo(390), { aliases: { 'url:https://other.example/copy': 'h1' } }));
  await store.set('ingested', 'old-backlog', record('old-backlog', daysAgo(300), undefined, { backlog: true }));
  await store.set('ingested', 'old-ingested', record('old-ingested', daysAgo(250), daysAgo(250)));
  await store.set('ingested', 'late-arrival', record('late-arrival', daysAgo(400), daysAgo(10))); // old date, fetched recently
  await store.set('ingested', 'recent-story', record('recent-story', daysAgo(20), daysAgo(19)));
  await store.set('ingested-twins', 'url:https://old.example/twin', { slug: contentFile.slug, itemHash: 'tw1', published: daysAgo(500), receivedAt: daysAgo(500) });
  await store.set('ingested-twins', 'url:https://new.example/twin', { slug: contentFile.slug, itemHash: 'tw2', published: daysAgo(5), receivedAt: daysAgo(5) });
  await store.set('ingested-twins', 'url:https://legacy.example/twin', { slug: contentFile.slug, itemHash: 'tw3' }); // undated: seen now
  const archive = await archiveWith([contentFile, sameSlugFile]);
  const logger = recordingLogger();
  expect(await moveStoredArticles(store, archive, logger, NOW)).toEqual({ moved: 5, twins: 3 });
  const wire = new Wire(archive, logger, clock, retentionDays === undefined ? {} : { retentionDays });
  return { clock, store, archive, logger, wire };
}

const origin = { feed: 'https://news.example/rss', source: 'Example' };

describe('moving the previous version\'s stored articles into the archive', () => {
  it('moves every article with its keys, hash and aliases, and the file twins; a slug a content file took gets a free one', async () => {
    const { store, archive, wire } = await seeded(0);
    expect(await store.entries('ingested')).toEqual([]);
    expect(await store.entries('ingested-twins')).toEqual([]);
    expect((await allArticles(archive)).map((a) => a.slug).sort()).toEqual(['late-arrival', 'old-backlog', 'old-but-hand-written', 'old-ingested', 'old-story', 'recent-story', 'story-old-ingested']);
    expect((await archive.get('old-ingested'))?.title).toBe(sameSlugFile.title);
    expect((await archive.get('old-backlog'))?.backlog).toBe(true);
    expect((await archive.get('recent-story'))?.receivedAt).toEqual(new Date(daysAgo(19)));
    expect(await wire.seen({ guid: 'https://news.example/rss#recent-story', ...origin }, 'hash-recent-story')).toEqual({ slug: 'recent-story', unchanged: true });
    expect(await wire.seen({ url: 'https://other.example/copy', feed: 'https://other.example/rss' }, 'h1')).toEqual({ slug: 'old-story', unchanged: true });
    expect(await wire.seen({ url: 'https://new.example/twin' }, 'tw2')).toEqual({ slug: contentFile.slug, unchanged: true });
    // A second start finds nothing left to move.
    expect(await moveStoredArticles(store, archive, recordingLogger(), NOW)).toEqual({ moved: 0, twins: 0 });
  });
});

describe('moving a large store', () => {
  it('reads it a page at a time (never the whole namespace in one call) and moves everything, an unreadable date included', async () => {
    const clock = new TestClock(NOW);
    const store = new MemoryStore(clock);
    for (let i = 0; i < 1203; i++) await store.set('ingested', `story-${i}`, record(`story-${i}`, daysAgo(i % 90), daysAgo(i % 90)));
    await store.set('ingested', 'no-date', record('no-date', 'not a date', undefined));
    const largest: number[] = [];
    const counting = Object.assign(Object.create(store) as MemoryStore, {
      entries: async (namespace: string, limit?: number) => {
        const page = await store.entries(namespace, limit);
        largest.push(page.length);
        return page;
      },
    });
    const archive = await archiveWith([]);
    const logger = recordingLogger();
    expect(await moveStoredArticles(counting, archive, logger, NOW)).toEqual({ moved: 1204, twins: 0 });
    expect(Math.max(...largest)).toBeLessThanOrEqual(500);
    expect(await archive.count()).toBe(1204);
    expect((await archive.get('no-date'))?.published).toEqual(NOW);
    expect(await store.entries('ingested')).toEqual([]);
  });
});

describe('Wire.prune', () => {
  it('removes ingested articles past the window from the archive, with their dedup keys', async () => {
    const { archive, wire, logger } = await seeded(180);
    const served = async () => (await allArticles(archive)).map((a) => a.slug).sort();
    expect(await wire.seen({ guid: 'https://news.example/rss#x', url: 'https://news.example/old-story', ...origin }, 'other')).toMatchObject({ slug: 'old-story' });

    expect(await wire.prune()).toEqual({ removed: 3, complete: true });
    // Gone from what /news lists; recent ones (and one fetched recently) and the content files stay.
    expect(await served()).toEqual(['late-arrival', 'old-but-hand-written', 'old-ingested', 'recent-story']);
    expect((await archive.get('old-ingested'))?.title).toBe(sameSlugFile.title);
    // Their GUID, URL and alias keys no longer match anything; the kept ones' still do.
    expect(await wire.seen({ guid: 'https://news.example/rss#old-story', url: 'https://news.example/old-story', ...origin }, 'hash-old-story')).toBeNull();
    expect(await wire.seen({ url: 'https://other.example/copy', feed: 'https://other.example/rss' }, 'h1')).toBeNull();
    expect(await wire.seen({ guid: 'https://news.example/rss#old-backlog', ...origin }, 'hash-old-backlog')).toBeNull();
    expect(await wire.seen({ guid: 'https://news.example/rss#recent-story', ...origin }, 'hash-recent-story')).toEqual({ slug: 'recent-story', unchanged: true });
    // Twins of old items go; recent ones (and the undated one, seen when it was moved) stay.
    expect(await wire.seen({ url: 'https://old.example/twin' }, 'tw1')).toBeNull();
    expect(await wire.seen({ url: 'https://new.example/twin' }, 'tw2')).toEqual({ slug: contentFile.slug, unchanged: true });
    expect(await wire.seen({ url: 'https://legacy.example/twin' }, 'tw3')).toEqual({ slug: contentFile.slug, unchanged: true });
    expect(logger.records.find((r) => r.msg === 'old ingested articles pruned')?.fields).toMatchObject({ removed: 3 });
    // Idempotent: a second prune (or another replica's) finds nothing more.
    expect(await wire.prune()).toEqual({ removed: 0, complete: true });
  });

  it('removes what another replica filed into the shared archive', async () => {
    const { archive, wire } = await seeded(180);
    const elsewhere: Article = { slug: 'elsewhere', title: 'Filed elsewhere', published: new Date(daysAgo(365)), receivedAt: new Date(daysAgo(365)), tags: [], body: words('elsewhere') };
    await archive.put({ article: elsewhere, origin: 'feed', keys: ['url:https://news.example/elsewhere'] });
    expect(await wire.prune()).toMatchObject({ removed: 4, complete: true });
    expect(await archive.get('elsewhere')).toBeUndefined();
    expect(await archive.get('recent-story')).toBeDefined();
  });

  it('keeps everything with retention 0 (or none given), and files old items', async () => {
    for (const days of [0, undefined]) {
      const { archive, wire } = await seeded(days);
      expect(await wire.prune()).toEqual({ removed: 0, complete: true });
      expect(await archive.count()).toBe(7);
      expect(wire.tooOld(new Date('1990-01-01T00:00:00Z'))).toBe(false);
    }
  });
});

describe('the poller prunes at start-up and once a day', () => {
  it('prunes at the first tick, then not again for a day', async () => {
    const { clock, store, archive, wire, logger } = await seeded(180);
    const dir = contentDir(); // no feeds.yaml: no feed to poll, only the prune
    const poller = new FeedPoller({ store, logger, clock, wire, feedFile: join(dir, 'feeds.yaml'), wake: () => () => undefined });
    await poller.tick();
    expect(await archive.get('old-story')).toBeUndefined();

    // Something past the window appears (another replica's filing): not pruned until a day has passed.
    const another: Article = { slug: 'another-old', title: 'Another old one', published: new Date(daysAgo(999)), receivedAt: new Date(daysAgo(999)), tags: [], body: words('another') };
    await archive.put({ article: another, origin: 'feed', keys: [] });
    clock.advance(23 * 60 * 60_000);
    await poller.tick();
    expect(await archive.get('another-old')).toBeDefined();
    clock.advance(60 * 60_000);
    await poller.tick();
    expect(await archive.get('another-old')).toBeUndefined();
    await poller.stop();
  });
});

describe('a feed that keeps its old items', () => {
  let server: FeedServer;
  beforeAll(async () => {
    server = await startFeedServer();
  });
  afterAll(() => server.close());

  const rss = (items: Array<{ id: string; published: Date }>, version: number) =>
    `<?xml version="1.0"?><rss version="2.0"><channel><title>Keeper</title>${items
      .map(
        ({ id, published }) =>
          `<item><guid>{{BASE}}/story/${id}</guid><title>Story ${id}</title><link>{{BASE}}/story/${id}</link><pubDate>${published.toUTCString()}</pubDate><description>${words(id)}</description></item>`,
      )
      .join('')}</channel></rss><!-- ${version} -->`;

  it('does not file them again after they were pruned, and skips items already too old', async () => {
    const start = new Date('2024-01-10T00:00:00Z');
    const clock = new TestClock(start);
    const store = new MemoryStore(clock);
    const dir = contentDir(`feeds:\n  - { url: "${server.url('/keeper.xml')}", name: Keeper }\n`);
    const items = [
      { id: 'alpha', published: new Date('2024-01-05T00:00:00Z') },
      { id: 'bravo', published: new Date('2023-12-01T00:00:00Z') },
      { id: 'ancient', published: new Date('2023-01-01T00:00:00Z') }, // already past 180 days: never filed
    ];
    server.set('/keeper.xml', rss(items, 1));
    const newsroom = await openNewsroom({ contentDir: dir, store, logger: recordingLogger(), clock, feedsAllowPrivate: true, ingestRetentionDays: 180 });
    const dispatcher = new Dispatcher(newsroom, commands);
    const contentSlugs = (await allArticles(newsroom.articles)).map((a) => a.slug);
    const ingested = async () => (await allArticles(newsroom.articles)).filter((a) => a.source === 'Keeper').map((a) => a.title).sort();

    const [first] = await newsroom.feeds.tick();
    expect(first).toMatchObject({ ok: true, added: 2, expired: 1 });
    expect(await ingested()).toEqual(['Story alpha', 'Story bravo']);
    // A new story arrives the next day.
    clock.advance(DAY);
    items.push({ id: 'charlie', published: clock.now() });
    server.set('/keeper.xml', rss(items, 2));
    expect((await newsroom.feeds.tick())[0]).toMatchObject({ added: 1, expired: 1 });
    expect(await ingested()).toEqual(['Story alpha', 'Story bravo', 'Story charlie']);

    // 200 days on, the feed still carries all of them, plus one fresh story.
    clock.advance(200 * DAY);
    items.push({ id: 'delta', published: clock.now() });
    server.set('/keeper.xml', rss(items, 3));
    const [later] = await newsroom.feeds.tick();
    expect(later).toMatchObject({ ok: true, added: 1, updated: 0, duplicates: 0, expired: 4 });
    expect(await ingested()).toEqual(['Story delta']);
    // Content files are all still served; /news lists none of the pruned stories.
    for (const slug of contentSlugs) expect(await newsroom.articles.get(slug)).toBeDefined();
    const news = JSON.stringify(await dispatcher.dispatch(reader, 'news', '10'));
    expect(news).toContain('Story delta');
    expect(news).not.toMatch(/Story (alpha|bravo|charlie)/);
    // ...and they stay out, poll after poll.
    clock.advance(DAY);
    server.set('/keeper.xml', rss(items, 4));
    expect((await newsroom.feeds.tick())[0]).toMatchObject({ added: 0, updated: 0, expired: 4 });
    expect(await ingested()).toEqual(['Story delta']);
    await newsroom.feeds.stop();
  });
});
