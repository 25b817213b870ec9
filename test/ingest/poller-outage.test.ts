// The store down when the bot starts: the feeds in content/feeds.yaml poll anyway, and the feeds
// moderators added appear (in /feeds list, and polled) as soon as the store answers, no restart.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands';
import { Dispatcher } from '../../src/core/dispatcher';
import { FeedPoller } from '../../src/ingest/poller';
import { Wire } from '../../src/ingest/wire';
import { analyzeArticle } from '../../src/newsroom/analysis';
import { loadNotice } from '../../src/newsroom/notice';
import { openNewsroom } from '../../src/open-newsroom';
import { MemoryStore } from '../../src/store/memory';
import type { Store } from '../../src/store/store';
import { type FeedServer, startFeedServer } from './feed-server';
import { contentDir, handWakes, moderator, outageStore, recordingLogger, TestClock } from './support';
import { allArticles } from '../support/archive';
import { archiveWith } from '../support/archive';


let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(() => server.close());

const fileFeeds = (s: FeedServer) => `feeds:\n  - { url: "${s.url('/city.rss.xml')}", name: City Desk }\n`;

describe('feeds after a store outage at start-up', () => {
  it('keeps the file’s feeds going while the store is down, and lists and polls the added ones once it is back', async () => {
    const clock = new TestClock(new Date('2024-06-01T00:00:00Z'));
    const store = outageStore(new MemoryStore(clock));
    const content = contentDir(fileFeeds(server));
    const archive = await archiveWith();

    // An earlier run: a moderator added Metro Briefs.
    const earlier = await openNewsroom({ contentDir: content, store, archive, logger: recordingLogger(), clock, feedsAllowPrivate: true });
    await new Dispatcher(earlier, commands).dispatch(moderator, 'feeds', `add ${server.url('/metro-briefs.rss.xml')}`);
    await earlier.feeds.stop();

    // This run starts with the store down.
    clock.advance(20 * 60_000);
    store.down = true;
    const logger = recordingLogger();
    const newsroom = await openNewsroom({ contentDir: content, store, archive, logger, clock, feedsAllowPrivate: true });
    const dispatcher = new Dispatcher(newsroom, commands);
    const metroBefore = server.hits('/metro-briefs.rss.xml').total;
    // The file's feed is polled and its stories filed: articles live in the archive, which is up.
    const down = await newsroom.feeds.tick();
    expect(down.map((r) => [r.feed.name, r.ok, r.added])).toEqual([['City Desk', true, 2]]);
    expect(server.hits('/metro-briefs.rss.xml').total).toBe(metroBefore);
    // ...and while the store stays down: no feed lost, none doubled, one error logged.
    clock.advance(60_000);
    expect((await newsroom.feeds.tick()).map((r) => r.feed.name)).toEqual([]);
    expect(logger.records.filter((r) => r.msg.startsWith('feeds added by moderators could not be loaded'))).toHaveLength(1);

    // The store comes back: the next /feeds list has the added feed, with what the store knew of it.
    store.down = false;
    const list = await dispatcher.dispatch(moderator, 'feeds', 'list');
    expect(list.items!.map((i) => [i.title, i.meta])).toEqual([
      ['City Desk', 'every 15 min · feeds.yaml · 2 articles'],
      ['Metro Briefs', 'every 15 min · added by Mo Derator · 3 articles'],
    ]);
    // ...and the next tick polls the added feed (the file's is not due yet).
    clock.advance(60_000);
    const after = await newsroom.feeds.tick();
    expect(after.map((r) => [r.feed.name, r.ok]).sort()).toEqual([['Metro Briefs', true]]);
    expect(server.hits('/metro-briefs.rss.xml').total).toBe(metroBefore + 1);
    expect((await allArticles(newsroom.articles)).filter((a) => a.title === 'City council approves new bike lanes on Main Street')).toHaveLength(1);
    // What the last run ingested is served too, once.
    expect((await allArticles(newsroom.articles)).filter((a) => a.title === 'School district hires 40 new teachers')).toHaveLength(1);
    expect((await newsroom.feeds.list()).map((s) => s.feed.name)).toEqual(['City Desk', 'Metro Briefs']);
    await newsroom.feeds.stop();
  });

  it('asks the store again within a minute, not at the hourly re-check, when nothing else is due', async () => {
    const clock = new TestClock(new Date('2024-06-01T00:00:00Z'));
    const memory = new MemoryStore(clock);
    const store = outageStore(memory);
    await memory.set('feeds', server.url('/valley-wire.atom.xml'), { url: server.url('/valley-wire.atom.xml'), name: 'Valley Wire', intervalMs: 15 * 60_000, tags: [], origin: 'command', addedBy: 'Mo Derator' });
    const dir = contentDir(); // no feeds.yaml: every feed was added by command
    const archive = await archiveWith();
    const logger = recordingLogger();
    const { wakes, wake, settled } = handWakes();
    const poller = new FeedPoller({
      store,
      logger,
      clock,
      wire: new Wire(archive, logger),
      feedFile: join(dir, 'feeds.yaml'),
      allowPrivate: true,
      wake,
    });
    store.down = true;
    await poller.start();
    await settled(1);
    expect(wakes[0]!.ms).toBe(60_000);
    expect(await poller.list()).toEqual([]);
    store.down = false;
    clock.advance(60_000);
    wakes[0]!.run();
    await settled(2);
    expect((await poller.list()).map((s) => [s.feed.name, s.state?.failures])).toEqual([['Valley Wire', 0]]);
    expect(server.hits('/valley-wire.atom.xml').total).toBe(1);
    expect(wakes[1]!.ms).toBe(15 * 60_000); // back to the feeds' own intervals
    expect(logger.records.some((r) => r.msg === 'feeds added by moderators loaded after the store came back')).toBe(true);
    await poller.stop();
  });
});
