// The real poller against fixture feeds on 127.0.0.1: articles appear once, cleaned, and reach
// /news through the dispatcher; broken, hanging, looping and oversized feeds are logged by name
// and skipped while every other feed goes on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands';
import { Dispatcher } from '../../src/core/dispatcher';
import type { Article } from '../../src/newsroom/article';
import { buildDigest } from '../../src/newsroom/digest';
import { openNewsroom, type OpenedNewsroom } from '../../src/open-newsroom';
import { MemoryStore } from '../../src/store/memory';
import { type FeedServer, startFeedServer } from './feed-server';
import { contentDir, type LogRecord, moderator, recordingLogger, TestClock } from './support';
import { allArticles } from '../support/archive';

const ADDED = new Date('2024-06-01T00:00:00Z');
const limits = { timeoutMs: 1500, maxBytes: 1024 * 1024, maxRedirects: 3 };

let server: FeedServer;
let newsroom: OpenedNewsroom;
let dispatcher: Dispatcher;
let clock: TestClock;
let logs: LogRecord[];

const feedsYaml = (s: FeedServer) => `
feeds:
  - { url: "${s.url('/city.rss.xml')}", name: City Desk, interval: 15m, tags: [local] }
  - { url: "${s.url('/valley-wire.atom.xml')}", name: Valley Wire }
  - { url: "${s.url('/metro-briefs.rss.xml')}", name: Metro Briefs }
  - { url: "${s.url('/cafe-courier.xml')}", name: Café Courier }
  - { url: "${s.url('/broken.rss.xml')}", name: Broken Feed }
  - { url: "${s.url('/slow.xml')}", name: Slow Feed }
  - { url: "${s.url('/loop-a')}", name: Loop Feed }
  - { url: "${s.url('/huge.xml')}", name: Huge Feed }
`;

const titled = async (title: string): Promise<Article[]> => (await allArticles(newsroom.articles)).filter((a) => a.title === title);
const one = async (title: string): Promise<Article> => {
  const found = await titled(title);
  expect(found, title).toHaveLength(1);
  return found[0]!;
};

beforeAll(async () => {
  server = await startFeedServer();
  clock = new TestClock(ADDED);
  const logger = recordingLogger();
  logs = logger.records;
  newsroom = await openNewsroom({ contentDir: contentDir(feedsYaml(server)), store: new MemoryStore(clock), logger, clock, feedLimits: limits, feedsAllowPrivate: true });
  dispatcher = new Dispatcher(newsroom, commands);
  await newsroom.feeds.tick();
});
afterAll(async () => {
  await newsroom.feeds.stop();
  await server.close();
});

describe('polling fixture feeds', () => {
  it('logs each bad feed with its name and reason, and keeps its error for /feeds list', async () => {
    const failed = (feed: string) => logs.find((r) => r.msg === 'feed poll failed' && r.fields.feed === feed)?.fields.reason;
    expect(failed('Broken Feed')).toMatch(/not a readable RSS or Atom feed/);
    expect(failed('Slow Feed')).toMatch(/no complete answer within 1500 ms/);
    expect(failed('Loop Feed')).toMatch(/more than 3 redirects/);
    expect(failed('Huge Feed')).toMatch(/larger than 1048576 bytes/);
    for (const good of ['City Desk', 'Valley Wire', 'Metro Briefs', 'Café Courier']) expect(failed(good), good).toBeUndefined();
    const states = Object.fromEntries((await newsroom.feeds.list()).map((s) => [s.feed.name, s.state]));
    expect(states['Broken Feed']).toMatchObject({ failures: 1, lastError: expect.stringMatching(/not a readable/) });
    expect(states['City Desk']).toMatchObject({ failures: 0, articles: 2, etag: expect.any(String) });
  });

  it('serves each story once, even when two feeds carry it (near-identical text, same canonical URL)', async () => {
    const bikes = await one('City council approves new bike lanes on Main Street');
    expect(bikes.source).toBe('City Desk');
    expect(bikes.tags).toEqual(['local', 'transport']);
    await one('Harbor bridge reopens after six months of repairs');
    expect(await titled('Harbor Street bridge open again')).toHaveLength(0);
    // The seed story is already a content file: the feed's copy of its page is not a second article.
    expect((await allArticles(newsroom.articles)).filter((a) => a.title.startsWith('North Korea’s Kim Jong Un'))).toHaveLength(1);
  });

  it('cleans banners, share prompts, "Click to continue reading" and the repeated headline', async () => {
    for (const article of (await allArticles(newsroom.articles))) {
      expect(article.body).not.toMatch(/Click to continue reading|Share this article|Share on Facebook|may refer to COVID-19|Follow us on/);
      expect(article.body.split('\n\n')[0]).not.toBe(article.title);
    }
    const library = await one('Library extends weekend hours for exam season');
    expect(library.body.split('\n\n')).toHaveLength(4);
    expect(library.body).toMatch(/^The Riverton central library will stay open until midnight/);
  });

  it('fetches the full text of teaser-only items from their pages, and keeps the teaser when the page fails', async () => {
    const teachers = await one('School district hires 40 new teachers');
    expect(teachers.body).toContain('Training for the new hires starts in August.');
    expect(teachers.body).not.toContain('Classes will be smaller this autumn');
    expect(teachers.dek).toBe('Classes will be smaller this autumn, the district says.');
    expect(teachers.url).toBe(server.url('/news/teachers')); // rel=canonical, not the feed link
    expect((await one('Stadium plans go on show at city hall')).body).toBe('Residents can see the stadium drawings at city hall until Friday.');
    expect((await one('Ferry timetable changes for summer')).body).toBe('Ferries will run every 20 minutes from June.');
    expect(logs.some((r) => r.msg.startsWith('full text not fetched') && r.fields.feed === 'Metro Briefs' && /larger than/.test(String(r.fields.reason)))).toBe(true);
  });

  it('skips items with no link or no date, logged with the feed name', async () => {
    expect(await titled('An item with no link')).toHaveLength(0);
    expect(await titled('An item with no date')).toHaveLength(0);
    const skipped = logs.filter((r) => r.fields.feed === 'Metro Briefs' && /has no (link|date); skipped/.test(r.msg));
    expect(skipped.map((r) => r.fields.item)).toEqual(['An item with no link', 'An item with no date']);
  });

  it('decodes a windows-1252 feed', async () => {
    const cafe = await one('Café owners celebrate “best year yet”');
    expect(cafe.body).toContain('said Renée Dubois, who runs the Café du Pont');
    expect(cafe.body).toContain('“best year yet” — sales rose');
  });

  it('marks what was in the feeds when they were added as backlog; content files are not', async () => {
    const ingested = (await allArticles(newsroom.articles)).filter((a) => a.source !== undefined);
    expect(ingested.length).toBe(7);
    expect(ingested.every((a) => a.backlog === true)).toBe(true);
    expect((await newsroom.articles.get('kim-jong-un-arrives-in-russia'))?.backlog).toBeUndefined();
  });

  it('reaches /news and /summary through the dispatcher', async () => {
    const news = await dispatcher.dispatch(moderator, 'news', 'count:10');
    expect(news.outcome).toBe('ok');
    const titles = news.items!.map((i) => i.title);
    expect(titles).toContain('Café owners celebrate “best year yet”');
    expect(titles).toContain('Library extends weekend hours for exam season');
    expect(new Set(titles).size).toBe(titles.length);
    const summary = await dispatcher.dispatch(moderator, 'summary', 'harbor bridge');
    expect(summary.outcome).toBe('ok');
    expect(summary.title).toBe('Harbor bridge reopens after six months of repairs');
  });

  it('polls again with a conditional GET, and waits longer before retrying a failing feed', async () => {
    clock.advance(16 * 60_000);
    const before = (await newsroom.articles.count());
    const results = await newsroom.feeds.tick();
    const polled = results.map((r) => r.feed.name);
    expect(polled).toContain('City Desk');
    expect(polled).not.toContain('Broken Feed'); // backoff: 30 minutes after one failure
    expect(results.find((r) => r.feed.name === 'City Desk')?.notModified).toBe(true);
    expect(server.hits('/city.rss.xml').notModified).toBe(1);
    expect((await newsroom.articles.count())).toBe(before);
    clock.advance(16 * 60_000);
    const retried = await newsroom.feeds.tick();
    expect(retried.find((r) => r.feed.name === 'Broken Feed')?.state.failures).toBe(2);
  });

  it('updates an edited item in place and treats a story published after the feed was added as new', async () => {
    const bikes = await one('City council approves new bike lanes on Main Street');
    const city = (await import('node:fs')).readFileSync(new URL('../fixtures/feeds/city.rss.xml', import.meta.url), 'utf8');
    const fresh = `<item><title>Night market returns to the old town</title><link>{{BASE}}/news/night-market</link>
      <guid>riverton-night-market</guid><pubDate>${new Date(ADDED.getTime() + 20 * 60_000).toUTCString()}</pubDate>
      <content:encoded><![CDATA[<p>${'The night market is back in the old town every Friday this summer, with food stalls, music and crafts along the river. '.repeat(6)}</p>]]></content:encoded></item>`;
    server.set('/city.rss.xml', city.replaceAll('voted 7-2', 'voted 8-1').replace('</channel>', `${fresh}</channel>`));
    clock.advance(16 * 60_000);
    await newsroom.feeds.tick();
    const updated = await one('City council approves new bike lanes on Main Street');
    expect(updated.slug).toBe(bikes.slug);
    expect(updated.body).toContain('voted 8-1');
    expect(updated.dek).toBe('The council voted 8-1 for protected bike lanes on Main Street.');
    expect(updated.backlog).toBe(true);
    const market = await one('Night market returns to the old town');
    expect(market.backlog).toBeUndefined();
    // The next digest carries only what was published after the feeds were added.
    const digest = await buildDigest(newsroom, { platform: 'console', workspaceId: 'w1', since: ADDED, until: clock.now(), count: 10 });
    expect(digest.articles.map((a) => a.title)).toEqual(['Night market returns to the old town']);
  });
});
