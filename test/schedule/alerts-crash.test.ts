// Issue 17: `kill -9` of the bot in the middle of an alert fan-out, then a restart: every channel
// gets each new story exactly once. The bot is its own process (./alerts-child.ts: the real alert
// pass, SQLite store and archive files, the real Slack poster and WebClient); the fake Slack kills
// it with SIGKILL the moment it has stored the K-th post, K at random (ALERT_CRASH_AT=K replays
// one), leaving that request unanswered. The restart's clock is told to start 30 minutes later
// (past the 5-minute claim lease), so nothing waits on the wall clock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/archive/open';
import { openNewsroom } from '../../src/open-newsroom';
import { newRoute } from '../../src/schedule/routes';
import { openStore } from '../../src/store/open';
import { FakeSlack } from '../fakes/slack';
import { type FeedServer, startFeedServer } from '../ingest/feed-server';
import { contentDir, recordingLogger, TestClock } from '../ingest/support';
import { runTypeScript } from '../support/processes';
import { runUntilKilled } from './crash-support';

const CHILD = fileURLToPath(new URL('./alerts-child.ts', import.meta.url));
const CHANNELS = 40;
const STORIES = 5;

function rss(count: number): string {
  const items = Array.from({ length: count }, (_, i) => {
    const text = Array.from({ length: 8 }, (_, p) => `<p>Crash story ${i} paragraph ${p}: the ${['harbor', 'council', 'glacier', 'orchestra', 'refinery'][(i + p) % 5]} report number ${i * 31 + p * 7} said officials on day ${i}.</p>`).join('');
    return `<item><title>Crash story ${i}</title><link>{{BASE}}/crash/${i}</link><guid isPermaLink="false">crash-${i}</guid><pubDate>${new Date(Date.parse('2024-06-01T00:02:00Z') + i * 1000).toUTCString()}</pubDate><content:encoded><![CDATA[${text}]]></content:encoded></item>`;
  });
  return `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Crash Wire</title>${items.join('')}</channel></rss>`;
}

describe(`kill -9 mid alert fan-out, then a restart (${CHANNELS} channels x ${STORIES} stories)`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'alerts-crash-'));
  const content = contentDir();
  const env = { STORE_URL: `sqlite://${join(dir, 'bot.sqlite')}`, ARCHIVE_URL: `sqlite://${join(dir, 'archive.sqlite')}`, CONTENT_DIR: content };
  let server: FeedServer;

  beforeAll(async () => {
    server = await startFeedServer();
    // The newsroom as it stood before the crash: a followed feed routed to every channel, and new
    // stories filed after the routes were made.
    const clock = new TestClock(new Date('2024-06-01T00:00:00Z'));
    const store = await openStore(env.STORE_URL, clock);
    const archive = await openArchive(env.ARCHIVE_URL);
    const newsroom = await openNewsroom({ contentDir: content, store, archive, logger: recordingLogger(), clock, feedsAllowPrivate: true });
    const url = server.url('/crash.xml');
    server.set('/crash.xml', rss(0));
    await newsroom.feeds.add(url, { id: 'mod' }, { platform: 'slack', workspaceId: 'T-crash' });
    for (let c = 0; c < CHANNELS; c++) {
      const invocation = { platform: 'slack' as const, workspaceId: 'T-crash', channelId: `C${String(c).padStart(2, '0')}`, user: { id: 'mod', isModerator: true } };
      await newsroom.routes.routes.save(newRoute(invocation, url, 'live', { match: [], exclude: [] }, clock.now()));
    }
    clock.advance(5 * 60_000);
    server.set('/crash.xml', rss(STORIES));
    const polled = await newsroom.feeds.poll(url);
    expect(polled.added).toBe(STORIES);
    await newsroom.feeds.stop();
    await newsroom.close();
    await archive.close();
    await store.close();
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(content, { recursive: true, force: true });
  });

  it('0 duplicates, 0 losses', async () => {
    const slack = await new FakeSlack().start();
    try {
      const total = CHANNELS * STORIES;
      const crashAt = Number(process.env.ALERT_CRASH_AT ?? 1 + Math.floor(Math.random() * (total - 1)));
      console.info(`kill -9 after alert ${crashAt} of ${total} (ALERT_CRASH_AT=${crashAt} replays it)`);
      await runUntilKilled(slack, CHILD, { ...env, SLACK_API_URL: slack.apiUrl, CLOCK_START: '2024-06-01T00:10:00Z' }, crashAt);
      expect(slack.messages.length).toBeGreaterThanOrEqual(crashAt);
      expect(slack.messages.length).toBeLessThan(total);

      const second = runTypeScript(CHILD, { ...env, SLACK_API_URL: slack.apiUrl, CLOCK_START: '2024-06-01T00:40:00Z' });
      const done = await second.exited;
      expect(done.code, second.stderr()).toBe(0);
      expect(JSON.parse(second.stdout().trim().split('\n').at(-1)!)).toMatchObject({ failed: 0, open: 0 });

      const seen = new Map<string, number>();
      for (const m of slack.messages) {
        const story = JSON.stringify(m).match(/Crash story \d/)![0];
        seen.set(`${m.channel} ${story}`, (seen.get(`${m.channel} ${story}`) ?? 0) + 1);
      }
      expect([...seen.values()].filter((n) => n > 1)).toEqual([]);
      expect(seen.size).toBe(total);
      expect(slack.messages).toHaveLength(total);
    } finally {
      await slack.stop();
    }
  }, 300_000); // two bot processes: seconds alone, more beside the rest of the suite
});
