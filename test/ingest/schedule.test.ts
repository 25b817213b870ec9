// The poller's own timer: after start() it sleeps until the earliest feed is due (its interval, or
// its backoff after a failure), with time from the test's clock and the timer fired by hand.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedPoller } from '../../src/ingest/poller';
import { Wire } from '../../src/ingest/wire';
import { analyzeArticle } from '../../src/newsroom/analysis';
import { loadNotice } from '../../src/newsroom/notice';
import { MemoryStore } from '../../src/store/memory';
import { type FeedServer, startFeedServer } from './feed-server';
import { contentDir, handWakes, recordingLogger, TestClock } from './support';
import { archiveWith } from '../support/archive';

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(() => server.close());

describe('poller timer', () => {
  it('wakes when the next feed is due and backs off a failing one', async () => {
    const clock = new TestClock(new Date('2024-06-01T00:00:00Z'));
    const dir = contentDir(`feeds:
  - { url: "${server.url('/city.rss.xml')}", name: City Desk, interval: 10m }
  - { url: "${server.url('/broken.rss.xml')}", name: Broken Feed, interval: 4m }
`);
    const store = new MemoryStore(clock);
    const covid = await loadNotice(join(dir, 'notices', 'covid-19.md'));
    const archive = await archiveWith();
    const { wakes, wake, settled } = handWakes();
    const logger = recordingLogger();
    const poller = new FeedPoller({
      store,
      logger,
      clock,
      wire: new Wire(archive, logger, clock, { analyze: async (a) => analyzeArticle(a, covid) }),
      feedFile: join(dir, 'feeds.yaml'),
      allowPrivate: true,
      wake,
    });
    // The first wake is armed after the polls start() began: City ok (due in 10 min), Broken failed (8 min).
    await poller.start();
    await settled(1);
    expect(await archive.count()).toBe(2);
    expect(wakes[0]!.ms).toBe(8 * 60_000);
    clock.advance(8 * 60_000);
    wakes[0]!.run();
    await settled(2);
    // Broken failed twice (next in 16 min, at 24); City is due at 10: wake in 2 min.
    expect(wakes[1]!.ms).toBe(2 * 60_000);
    expect(logger.records.filter((r) => r.msg === 'feed poll failed').map((r) => r.fields.failures)).toEqual([1, 2]);
    clock.advance(2 * 60_000);
    wakes[1]!.run();
    await settled(3);
    expect(server.hits('/city.rss.xml')).toEqual({ total: 2, notModified: 1 });
    expect(wakes[2]!.ms).toBe(10 * 60_000); // City next at 20, Broken at 24
    await poller.stop();
  });
});
