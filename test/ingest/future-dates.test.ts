// A feed item dated in the future is dated when it arrived: it must not sit on top of /news (or
// count as new in every digest) until its date comes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNewsroom, type OpenedNewsroom } from '../../src/open-newsroom';
import { MemoryStore } from '../../src/store/memory';
import { type FeedServer, startFeedServer } from './feed-server';
import { contentDir, recordingLogger, TestClock } from './support';
import { allArticles } from '../support/archive';

const body = (topic: string) => `<p>${`The ${topic} story goes on with enough words to stand as an article of its own. `.repeat(8)}</p>`;
const item = (title: string, link: string, date: string, topic: string) =>
  `<item><title>${title}</title><link>${link}</link><guid>${link}</guid><pubDate>${date}</pubDate><description><![CDATA[${body(topic)}]]></description></item>`;

describe('feed items dated in the future', () => {
  const added = new Date('2024-06-01T00:00:00Z');
  const clock = new TestClock(added);
  let server: FeedServer;
  let newsroom: OpenedNewsroom;
  beforeAll(async () => {
    server = await startFeedServer();
    server.set('/dated.xml', `<?xml version="1.0"?><rss version="2.0"><channel><title>Dated</title></channel></rss>`);
    newsroom = await openNewsroom({ contentDir: contentDir(`feeds:\n  - { url: "${server.url('/dated.xml')}", name: Dated }\n`), store: new MemoryStore(clock), logger: recordingLogger(), clock, feedsAllowPrivate: true });
    await newsroom.feeds.tick(); // the feed is followed, empty
  });
  afterAll(async () => {
    await newsroom.feeds.stop();
    await server.close();
  });

  it('takes the time of arrival instead, and keeps a past date as it is', async () => {
    clock.advance(20 * 60_000);
    const arrived = clock.now();
    server.set(
      '/dated.xml',
      `<?xml version="1.0"?><rss version="2.0"><channel><title>Dated</title>${[
        item('Typo puts a story in 2099', '{{BASE}}/typo', 'Thu, 01 Jan 2099 09:00:00 GMT', 'typo'),
        item('An ordinary story from this morning', '{{BASE}}/ordinary', new Date(arrived.getTime() - 5 * 60_000).toUTCString(), 'ordinary'),
      ].join('')}</channel></rss>`,
    );
    await newsroom.feeds.tick();
    const all = await allArticles(newsroom.articles);
    const byTitle = (title: string) => all.find((a) => a.title === title);
    expect(byTitle('Typo puts a story in 2099')?.published).toEqual(arrived);
    expect(byTitle('An ordinary story from this morning')?.published).toEqual(new Date(arrived.getTime() - 5 * 60_000));
    // Newest first: the story from this morning is not buried under one "from 2099".
    const latest = (await allArticles(newsroom.articles)).slice().sort((a, b) => b.published.getTime() - a.published.getTime());
    expect(latest[0]!.published.getTime()).toBeLessThanOrEqual(arrived.getTime());
  });
});
