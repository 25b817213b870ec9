// /feeds through the dispatcher: moderators add, list and remove; everyone else is refused and
// nothing changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands';
import { Dispatcher } from '../../src/core/dispatcher';
import { openNewsroom, type OpenedNewsroom } from '../../src/open-newsroom';
import { MemoryStore } from '../../src/store/memory';
import { type FeedServer, startFeedServer } from '../ingest/feed-server';
import { contentDir, moderator, outageStore, reader, recordingLogger, TestClock } from '../ingest/support';
import { allArticles } from '../support/archive';

let server: FeedServer;
let newsroom: OpenedNewsroom;
let dispatcher: Dispatcher;
const clock = new TestClock(new Date('2024-06-01T00:00:00Z'));

beforeAll(async () => {
  server = await startFeedServer();
  const yaml = `feeds:\n  - url: ${server.url('/valley-wire.atom.xml')}\n    name: Valley Wire\n    interval: 30m\n`;
  const store = new MemoryStore(clock);
  newsroom = await openNewsroom({ contentDir: contentDir(yaml), store, logger: recordingLogger(), clock, feedLimits: { timeoutMs: 1000, maxBytes: 1 << 20, maxRedirects: 3 }, feedsAllowPrivate: true });
  dispatcher = new Dispatcher(newsroom, commands);
});
afterAll(async () => {
  await newsroom.feeds.stop();
  await server.close();
});

describe('/feeds', () => {
  it('refuses a non-moderator and changes nothing', async () => {
    const reply = await dispatcher.dispatch(reader, 'feeds', `add ${server.url('/city.rss.xml')}`);
    expect(reply.outcome).toBe('refused');
    expect(reply.text).toMatch(/Only moderators can use \/feeds/);
    expect((await newsroom.feeds.list()).map((s) => s.feed.name)).toEqual(['Valley Wire']);
    expect(server.hits('/city.rss.xml').total).toBe(0);
  });

  it('lets a moderator add a feed, fetched at once and served by /news as backlog', async () => {
    const reply = await dispatcher.dispatch(moderator, 'feeds', `add ${server.url('/city.rss.xml')}`);
    expect(reply.outcome).toBe('ok');
    expect(reply.text).toMatch(/^Following Riverton City Desk \(http:\/\/127\.0\.0\.1:\d+\/city\.rss\.xml\): 2 articles in now\./);
    const news = await dispatcher.dispatch(reader, 'news', '');
    expect(news.items!.map((i) => i.title)).toContain('City council approves new bike lanes on Main Street');
    const bikes = (await allArticles(newsroom.articles)).find((a) => a.title.startsWith('City council approves'))!;
    expect(bikes).toMatchObject({ backlog: true, source: 'Riverton City Desk' });
  });

  it('says so when the feed is already followed, or the URL is not one', async () => {
    expect((await dispatcher.dispatch(moderator, 'feeds', `add ${server.url('/city.rss.xml')}`)).text).toMatch(/^Already following/);
    const bad = await dispatcher.dispatch(moderator, 'feeds', 'add ftp://example.com/feed');
    expect(bad).toMatchObject({ outcome: 'refused', text: expect.stringMatching(/is not an http\(s\) URL/) });
    expect((await dispatcher.dispatch(moderator, 'feeds', 'remove')).text).toMatch(/Which feed\? Usage: \/feeds remove <url>/);
    server.set('/front.html', '<html><head><link rel="alternate" type="application/rss+xml" href="/city.rss.xml"></head><body><p>Front page</p></body></html>');
    const page = await dispatcher.dispatch(moderator, 'feeds', `add ${server.url('/front.html')}`);
    expect(page.text).toContain(`the first fetch failed: a web page, not a feed; its feed is ${server.url('/city.rss.xml')}.`);
    await dispatcher.dispatch(moderator, 'feeds', `remove ${server.url('/front.html')}`);
  });

  it('adds a broken feed but reports the failed first fetch; list shows last fetch and last error', async () => {
    const reply = await dispatcher.dispatch(moderator, 'feeds', `add ${server.url('/broken.rss.xml')}`);
    expect(reply.text).toMatch(/but the first fetch failed: not a readable RSS or Atom feed.*I will retry in 30 min\./);
    const list = await dispatcher.dispatch(moderator, 'feeds', 'list');
    expect(list.items!.map((i) => i.title)).toEqual(['Valley Wire', 'Riverton City Desk', '127.0.0.1']);
    expect(list.items![1]!.text).toBe('Last fetch: 2024-06-01 00:00 UTC; no errors');
    expect(list.items![0]!.text).toBe('Last fetch: never; no errors');
    expect(list.items![2]!.text).toMatch(/^Last fetch: 2024-06-01 00:00 UTC; last error: not a readable RSS or Atom feed/);
    expect(list.items![1]!.meta).toBe('every 15 min · added by Mo Derator · 2 articles');
  });

  it('removes a feed added by command, keeps its articles, and refuses to remove a file feed', async () => {
    const size = (await newsroom.articles.count());
    const reply = await dispatcher.dispatch(moderator, 'feeds', `remove ${server.url('/city.rss.xml')}`);
    expect(reply.text).toMatch(/^Stopped following Riverton City Desk/);
    expect((await newsroom.articles.count())).toBe(size);
    const fileFeed = await dispatcher.dispatch(moderator, 'feeds', `remove ${server.url('/valley-wire.atom.xml')}`);
    expect(fileFeed).toMatchObject({ outcome: 'refused', text: 'Valley Wire is listed in content/feeds.yaml; remove it there.' });
    const unknown = await dispatcher.dispatch(moderator, 'feeds', `remove ${server.url('/city.rss.xml')}`);
    expect(unknown.outcome).toBe('refused');
    expect((await newsroom.feeds.list()).map((s) => s.feed.name)).toEqual(['Valley Wire', '127.0.0.1']);
  });
});

describe('/feeds with private addresses refused (the default)', () => {
  let guarded: OpenedNewsroom;
  let guardedDispatcher: Dispatcher;
  const store = new MemoryStore(clock);
  const REFUSED = '127.0.0.1 is a private or local address; set FEEDS_ALLOW_PRIVATE=true to fetch from it';

  beforeAll(async () => {
    const yaml = `feeds:\n  - url: ${server.url('/valley-wire.atom.xml')}\n    name: Valley Wire\n`;
    guarded = await openNewsroom({ contentDir: contentDir(yaml), store, logger: recordingLogger(), clock, feedLimits: { timeoutMs: 1000, maxBytes: 1 << 20, maxRedirects: 3 } });
    guardedDispatcher = new Dispatcher(guarded, commands);
  });
  afterAll(() => guarded.feeds.stop());

  it('refuses to follow a loopback or localhost URL, in one line, and fetches and stores nothing', async () => {
    const before = server.hits('/metro-briefs.rss.xml').total;
    const url = server.url('/metro-briefs.rss.xml');
    const reply = await guardedDispatcher.dispatch(moderator, 'feeds', `add ${url}`);
    expect(reply).toMatchObject({ outcome: 'refused', text: `Cannot follow ${url}: ${REFUSED}.` });
    const named = await guardedDispatcher.dispatch(moderator, 'feeds', `add ${url.replace('127.0.0.1', 'localhost')}`);
    expect(named).toMatchObject({ outcome: 'refused', text: expect.stringContaining('localhost resolves to 127.0.0.1, a private or local address') });
    const metadata = await guardedDispatcher.dispatch(moderator, 'feeds', 'add http://169.254.169.254/latest/meta-data/');
    expect(metadata).toMatchObject({ outcome: 'refused', text: expect.stringContaining('169.254.169.254 is a private or local address') });
    expect(server.hits('/metro-briefs.rss.xml').total).toBe(before);
    expect(await store.entries('feeds')).toEqual([]);
    expect((await guarded.feeds.list()).map((s) => s.feed.name)).toEqual(['Valley Wire']);
  });

  it('keeps serving, and shows a refused file feed’s reason in /feeds list', async () => {
    const [result] = await guarded.feeds.tick();
    expect(result).toMatchObject({ ok: false, error: REFUSED });
    const list = await guardedDispatcher.dispatch(moderator, 'feeds', 'list');
    expect(list.items![0]!.text).toBe(`Last fetch: 2024-06-01 00:00 UTC; last error: ${REFUSED}`);
    const news = await guardedDispatcher.dispatch(reader, 'news', '');
    expect(news.outcome).toBe('ok');
    expect(news.items!.length).toBeGreaterThan(0);
  });
});

describe('/feeds while the store is down', () => {
  it('says the storage is unavailable, in words about /feeds rather than settings, and follows nothing', async () => {
    const yaml = `feeds:\n  - url: ${server.url('/valley-wire.atom.xml')}\n    name: Valley Wire\n`;
    const store = outageStore(new MemoryStore(clock));
    const opened = await openNewsroom({ contentDir: contentDir(yaml), store, logger: recordingLogger(), clock, feedLimits: { timeoutMs: 1000, maxBytes: 1 << 20, maxRedirects: 3 }, feedsAllowPrivate: true });
    try {
      const outage = new Dispatcher(opened, commands);
      expect((await opened.feeds.list()).map((s) => s.feed.name)).toEqual(['Valley Wire']);
      store.down = true;
      const reply = await outage.dispatch(moderator, 'feeds', `add ${server.url('/metro-briefs.rss.xml')}`);
      expect(reply).toMatchObject({ outcome: 'refused', text: "/feeds add could not reach the bot's storage, which is temporarily unavailable. Please try again in a minute." });
      expect(reply.text).not.toMatch(/settings/i);
      expect((await opened.feeds.list()).map((s) => s.feed.name)).toEqual(['Valley Wire']);
    } finally {
      await opened.feeds.stop();
    }
  });
});
