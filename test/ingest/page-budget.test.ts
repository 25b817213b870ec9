// A feed of many teasers: at most MAX_PAGES_PER_POLL pages per poll; the rest wait for the next poll
// (no validators kept, so a 304 cannot hide them), and every copy of one story is one article.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PAGES_PER_POLL } from '../../src/ingest/poll-feed';
import { openNewsroom, type OpenedNewsroom } from '../../src/open-newsroom';
import { MemoryStore } from '../../src/store/memory';
import { type FeedServer, startFeedServer } from './feed-server';
import { contentDir, recordingLogger, TestClock } from './support';
import { allArticles } from '../support/archive';

const TEASERS = MAX_PAGES_PER_POLL + 3;
let server: FeedServer;
let newsroom: OpenedNewsroom;
const clock = new TestClock(new Date('2024-06-01T00:00:00Z'));
const events: string[] = [];

beforeAll(async () => {
  server = await startFeedServer();
  const items = Array.from(
    { length: TEASERS },
    (_, n) => `<item><title>School district hires 40 new teachers</title><link>{{BASE}}/pages/teachers.html?copy=${n}</link>
      <guid>teachers-copy-${n}</guid><pubDate>Fri, 03 May 2024 12:00:00 GMT</pubDate><description>Smaller classes this autumn.</description></item>`,
  );
  server.set('/many.xml', `<?xml version="1.0"?><rss version="2.0"><channel><title>Many Teasers</title>${items.join('')}</channel></rss>`);
  const yaml = `feeds:\n  - url: ${server.url('/many.xml')}\n    name: Many Teasers\n`;
  const meter = { increment: (event: string) => void events.push(event) };
  newsroom = await openNewsroom({ contentDir: contentDir(yaml), store: new MemoryStore(clock), logger: recordingLogger(), clock, meter, feedsAllowPrivate: true });
});
afterAll(async () => {
  await newsroom.feeds.stop();
  await server.close();
});

describe('page budget', () => {
  it('fetches at most the budget per poll and the rest on the next poll', async () => {
    const [first] = await newsroom.feeds.tick();
    expect(first).toMatchObject({ ok: true, added: 1, duplicates: MAX_PAGES_PER_POLL - 1, deferred: 3 });
    expect(first!.state.etag).toBeUndefined();
    expect(server.hits('/pages/teachers.html').total).toBe(MAX_PAGES_PER_POLL);
    clock.advance(16 * 60_000);
    const [second] = await newsroom.feeds.tick();
    expect(second).toMatchObject({ ok: true, added: 0, duplicates: 3, deferred: 0 });
    expect(second!.notModified).toBeUndefined();
    expect(second!.state.etag).toEqual(expect.any(String));
    expect(server.hits('/pages/teachers.html').total).toBe(TEASERS);
    expect((await allArticles(newsroom.articles)).filter((a) => a.title === 'School district hires 40 new teachers')).toHaveLength(1);
    expect(events).toEqual(['feed_fetched', 'feed_fetched']);
  });
});
