// INGEST_RETENTION_DAYS: ingested articles whose publication and arrival are both past the window
// are pruned from the store (with their GUID/URL keys, aliases and file twins) and from what the
// commands serve; content files and recent articles stay. Old items still in a feed are not filed
// again, retention 0 keeps everything, and a store outage during a prune is logged, never thrown.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands';
import { Dispatcher } from '../../src/core/dispatcher';
import { FeedPoller } from '../../src/ingest/poller';
import { Wire } from '../../src/ingest/wire';
import type { Article } from '../../src/newsroom/article';
import { ArticleRepository } from '../../src/newsroom/articles';
import { openNewsroom } from '../../src/open-newsroom';
import { MemoryStore } from '../../src/store/memory';
import type { Store } from '../../src/store/store';
import { type FeedServer, startFeedServer } from './feed-server';
import { contentDir, outageStore, reader, recordingLogger, TestClock } from './support';

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
  const memory = new MemoryStore(clock);
  const store = outageStore(memory);
  await store.set('ingested', 'old-story', record('old-story', daysAgo(400), daysAgo(390), { aliases: { 'url:https://other.example/copy': 'h1' } }));
  await store.set('ingested', 'old-backlog', record('old-backlog', daysAgo(300), undefined, { backlog: true }));
  await store.set('ingested', 'old-ingested', record('old-ingested', daysAgo(250), daysAgo(250)));
  await store.set('ingested', 'late-arrival', record('late-arrival', daysAgo(400), daysAgo(10))); // old date, fetched recently
  await store.set('ingested', 'recent-story', record('recent-story', daysAgo(20), daysAgo(19)));
  await store.set('ingested-twins', 'url:https://old.example/twin', { slug: contentFile.slug, itemHash: 'tw1', published: daysAgo(500), receivedAt: daysAgo(500) });
  await store.set('ingested-twins', 'url:https://new.example/twin', { slug: contentFile.slug, itemHash: 'tw2', published: daysAgo(5), receivedAt: daysAgo(5) });
  await store.set('ingested-twins', 'url:https://legacy.example/twin', { slug: contentFile.slug, itemHash: 'tw3' }); // undated: kept
  const articles = new ArticleRepository(() => ({}) as never, [contentFile, sameSlugFile]);
  const logger = recordingLogger();
  const wire = new Wire(store, articles, logger, clock, retentionDays === undefined ? {} : { retentionDays });
  await wire.ready();
  return { clock, store, articles, logger, wire };
}

const origin = { feed: 'https://news.example/rss', source: 'Example' };

describe('Wire.prune', () => {
  it('removes ingested articles past the window from the store and the repository, with their dedup keys', async () => {
    const { store, articles, wire, logger } = await seeded(180);
    const served = () => articles.all().map((a) => a.slug).sort();
    expect(served()).toEqual(['late-arrival', 'old-backlog', 'old-but-hand-written', 'old-ingested', 'old-story', 'recent-story']);
    expect(await wire.seen({ guid: 'https://news.example/rss#x', url: 'https://news.example/old-story', ...origin }, 'other')).toMatchObject({ slug: 'old-story' });

    expect(await wire.prune()).toEqual({ removed: 3, complete: true });
    // Gone from the store, recent ones (and one fetched recently) stay.
    expect((await store.entries('ingested')).map(([slug]) => slug).sort()).toEqual(['late-arrival', 'recent-story']);
    // Gone from what /news lists; the content files stay, also the one sharing a pruned slug.
    expect(served()).toEqual(['late-arrival', 'old-but-hand-written', 'old-ingested', 'recent-story']);
    expect(articles.get('old-ingested')).toBe(sameSlugFile);
    // Their GUID, URL and alias keys no longer match anything; the kept ones' still do.
    expect(await wire.seen({ guid: 'old-story', url: 'https://news.example/old-story', ...origin }, 'hash-old-story')).toBeNull();
    expect(await wire.seen({ url: 'https://other.example/copy', feed: 'https://other.example/rss' }, 'h1')).toBeNull();
    expect(await wire.seen({ guid: 'old-backlog', ...origin }, 'hash-old-backlog')).toBeNull();
    expect(await wire.seen({ guid: 'recent-story', ...origin }, 'hash-recent-story')).toEqual({ slug: 'recent-story', unchanged: true });
    // Twins of old items go; recent and undated ones stay.
    expect((await store.entries('ingested-twins')).map(([key]) => key).sort()).toEqual(['url:https://legacy.example/twin', 'url:https://new.example/twin']);
    expect(await wire.seen({ url: 'https://old.example/twin' }, 'tw1')).toBeNull();
    expect(await wire.seen({ url: 'https://new.example/twin' }, 'tw2')).toEqual({ slug: contentFile.slug, unchanged: true });
    expect(logger.records.find((r) => r.msg === 'old ingested articles pruned')?.fields).toMatchObject({ removed: 3 });
    // Idempotent: a second prune (or another replica's) finds nothing more.
    expect(await wire.prune()).toEqual({ removed: 0, complete: true });
  });

  it('deletes from the store what another replica filed', async () => {
    const { store, wire, articles } = await seeded(180);
    // Another replica filed this one after we loaded; it is past the window now too.
    await store.set('ingested', 'elsewhere', record('elsewhere', daysAgo(365), daysAgo(365)));
    expect(await wire.prune()).toMatchObject({ removed: 4, complete: true });
    expect(await store.get('ingested', 'elsewhere')).toBeUndefined();
    expect(articles.get('recent-story')).toBeDefined();
  });

  it('keeps an entry another replica re-filed under a pruned slug between the listing and the delete', async () => {
    const { store, wire } = await seeded(180);
    await store.set('ingested', 'reused', record('reused', daysAgo(365), daysAgo(365)));
    const get = store.get.bind(store);
    store.get = async <T>(namespace: string, key: string) => {
      // The other replica pruned 'reused' and filed a fresh story under that slug just now.
      if (key === 'reused') await store.set('ingested', 'reused', record('reused', daysAgo(0), daysAgo(0)));
      return get<T>(namespace, key);
    };
    await wire.prune();
    expect(await get<{ article: { published: string } }>('ingested', 'reused')).toMatchObject({ article: { published: daysAgo(0) } });
  });

  it('keeps everything with retention 0 (or none given), and files old items', async () => {
    for (const days of [0, undefined]) {
      const { store, articles, wire } = await seeded(days);
      expect(await wire.prune()).toEqual({ removed: 0, complete: true });
      expect(await store.entries('ingested')).toHaveLength(5);
      expect(await store.entries('ingested-twins')).toHaveLength(3);
      expect(articles.size).toBe(6);
      expect(wire.tooOld(new Date('1990-01-01T00:00:00Z'))).toBe(false);
    }
  });

  it('logs a store failure and does not throw; memory is pruned, the store at the next try', async () => {
    const { store, articles, wire, logger } = await seeded(180);
    store.down = true;
    expect(await wire.prune()).toEqual({ removed: 3, complete: false });
    expect(logger.records.filter((r) => r.level === 'error').map((r) => r.msg)).toEqual(['ingested articles not pruned from the store: it is unavailable; trying again later']);
    expect(articles.get('old-story')).toBeUndefined();
    store.down = false;
    expect(await store.entries('ingested')).toHaveLength(5);
    expect(await wire.prune()).toMatchObject({ complete: true });
    expect((await store.entries('ingested')).map(([slug]) => slug).sort()).toEqual(['late-arrival', 'recent-story']);
  });

  it('logs and does not throw when the store is down before anything was loaded', async () => {
    const clock = new TestClock(NOW);
    const store = outageStore(new MemoryStore(clock));
    const logger = recordingLogger();
    const wire = new Wire(store, new ArticleRepository(() => ({}) as never), logger, clock, { retentionDays: 30 });
    store.down = true;
    expect(await wire.prune()).toEqual({ removed: 0, complete: false });
    expect(logger.records.some((r) => r.level === 'error' && r.msg.startsWith('ingested articles not pruned'))).toBe(true);
  });
});

describe('the poller prunes at start-up and once a day', () => {
  it('prunes at the first tick, then not again for a day; a failed prune is retried within the hour', async () => {
    const { clock, store, articles, wire, logger } = await seeded(180);
    const dir = contentDir(); // no feeds.yaml: no feed to poll, only the prune
    const poller = new FeedPoller({ store, logger, clock, wire, feedFile: join(dir, 'feeds.yaml'), wake: () => () => undefined });
    store.down = true;
    await expect(poller.tick()).resolves.toEqual([]);
    expect(logger.records.some((r) => r.level === 'error' && r.msg.startsWith('ingested articles not pruned'))).toBe(true);
    store.down = false;
    clock.advance(61 * 60_000);
    await poller.tick();
    expect((await store.entries('ingested')).map(([slug]) => slug).sort()).toEqual(['late-arrival', 'recent-story']);
    expect(articles.get('old-story')).toBeUndefined();

    // Something past the window appears (another replica's filing): not pruned until a day has passed.
    await store.set('ingested', 'another-old', record('another-old', daysAgo(999), daysAgo(999)));
    clock.advance(23 * 60 * 60_000);
    await poller.tick();
    expect(await store.get('ingested', 'another-old')).toBeDefined();
    clock.advance(60 * 60_000);
    await poller.tick();
    expect(await store.get('ingested', 'another-old')).toBeUndefined();
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
    const contentSlugs = newsroom.articles.all().map((a) => a.slug);
    const ingested = () => newsroom.articles.all().filter((a) => a.source === 'Keeper').map((a) => a.title).sort();

    const [first] = await newsroom.feeds.tick();
    expect(first).toMatchObject({ ok: true, added: 2, expired: 1 });
    expect(ingested()).toEqual(['Story alpha', 'Story bravo']);
    // A new story arrives the next day.
    clock.advance(DAY);
    items.push({ id: 'charlie', published: clock.now() });
    server.set('/keeper.xml', rss(items, 2));
    expect((await newsroom.feeds.tick())[0]).toMatchObject({ added: 1, expired: 1 });
    expect(ingested()).toEqual(['Story alpha', 'Story bravo', 'Story charlie']);

    // 200 days on, the feed still carries all of them, plus one fresh story.
    clock.advance(200 * DAY);
    items.push({ id: 'delta', published: clock.now() });
    server.set('/keeper.xml', rss(items, 3));
    const [later] = await newsroom.feeds.tick();
    expect(later).toMatchObject({ ok: true, added: 1, updated: 0, duplicates: 0, expired: 4 });
    expect(ingested()).toEqual(['Story delta']);
    expect((await store.entries<{ article: { title: string } }>('ingested')).map(([, s]) => s.article.title)).toEqual(['Story delta']);
    // Content files are all still served; /news lists none of the pruned stories.
    expect(contentSlugs.every((slug) => newsroom.articles.get(slug) !== undefined)).toBe(true);
    const news = JSON.stringify(await dispatcher.dispatch(reader, 'news', '10'));
    expect(news).toContain('Story delta');
    expect(news).not.toMatch(/Story (alpha|bravo|charlie)/);
    // ...and they stay out, poll after poll.
    clock.advance(DAY);
    server.set('/keeper.xml', rss(items, 4));
    expect((await newsroom.feeds.tick())[0]).toMatchObject({ added: 0, updated: 0, expired: 4 });
    expect(ingested()).toEqual(['Story delta']);
    await newsroom.feeds.stop();
  });
});
