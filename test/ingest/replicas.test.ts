// Two replicas of the bot (two newsrooms in one test, as two processes would be) on one store and
// one archive: a story ingested by either is served by both at once, and a feed a moderator adds or
// removes on one is listed and polled by the other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands';
import { Dispatcher } from '../../src/core/dispatcher';
import { openNewsroom, type OpenedNewsroom } from '../../src/open-newsroom';
import { MemoryStore } from '../../src/store/memory';
import { archiveWith } from '../support/archive';
import { type FeedServer, startFeedServer } from './feed-server';
import { contentDir, moderator, reader, recordingLogger, TestClock } from './support';

let server: FeedServer;
const clock = new TestClock(new Date('2024-06-01T00:00:00Z'));
let a: OpenedNewsroom;
let b: OpenedNewsroom;

beforeAll(async () => {
  server = await startFeedServer();
  const store = new MemoryStore(clock);
  const archive = await archiveWith();
  const content = contentDir();
  const open = () => openNewsroom({ contentDir: content, store, archive, logger: recordingLogger(), clock, feedsAllowPrivate: true });
  a = await open();
  b = await open();
});
afterAll(async () => {
  await a.feeds.stop();
  await b.feeds.stop();
  await server.close();
});

describe('replicas sharing a store and an archive', () => {
  it('serve on one the stories the other ingested, and share the moderators\' feeds', async () => {
    expect((await new Dispatcher(a, commands).dispatch(moderator, 'feeds', `add ${server.url('/metro-briefs.rss.xml')}`)).outcome).toBe('ok');
    // B never fetched it, yet serves its stories and lists the feed.
    const summary = await new Dispatcher(b, commands).dispatch(reader, 'summary', 'school district teachers');
    expect(summary.title).toBe('School district hires 40 new teachers');
    expect((await b.feeds.list()).map((s) => s.feed.url)).toContain(server.url('/metro-briefs.rss.xml'));
    // B polls it when it is due; nothing is filed twice.
    const hits = server.hits('/metro-briefs.rss.xml').total;
    clock.advance(20 * 60_000);
    const polled = await b.feeds.tick();
    expect(polled.map((r) => [r.feed.url, r.added])).toEqual([[server.url('/metro-briefs.rss.xml'), 0]]);
    expect(server.hits('/metro-briefs.rss.xml').total).toBe(hits + 1);
    // Removed on B: A stops listing it.
    expect((await new Dispatcher(b, commands).dispatch(moderator, 'feeds', `remove ${server.url('/metro-briefs.rss.xml')}`)).outcome).toBe('ok');
    expect((await a.feeds.list()).map((s) => s.feed.url)).not.toContain(server.url('/metro-briefs.rss.xml'));
  });
});
