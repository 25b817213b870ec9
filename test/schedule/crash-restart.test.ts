// Issue 16: `kill -9` of the bot at a random point of a fan-out, then a restart: every channel gets
// its digest exactly once. The bot is its own process (test/schedule/fanout-child.ts: the real
// scheduler, store and Slack poster with its WebClient); the fake Slack kills it with SIGKILL the
// moment it has stored the K-th post, K chosen at random (CRASH_AT=K to replay one), leaving that
// request unanswered. The restarted process's clock is told to start 45 minutes later (past the
// 15-minute lease of any claim, even one the first process made half an hour into a slow run on a
// loaded machine), so nothing here waits on the wall clock: each step waits for an event (a post
// received, a process exited).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DELIVERIES, type DeliveryRecord } from '../../src/schedule/deliveries';
import { newSubscription, parseSchedule, SUBSCRIPTIONS } from '../../src/schedule/subscriptions';
import { openStore } from '../../src/store/open';
import type { Store } from '../../src/store/store';
import { FakeSlack } from '../fakes/slack';
import { runTypeScript } from '../support/processes';
import { runUntilKilled } from './crash-support';
import { REDIS_URL, redisUp } from '../support/services';

const CHILD = fileURLToPath(new URL('./fanout-child.ts', import.meta.url));
const CHANNELS = Number(process.env.CRASH_CHANNELS ?? 1000);
const SLOT = '2024-03-10T08:00:00Z';

async function subscribeAll(store: Store, workspaceId: string): Promise<string[]> {
  const channels = Array.from({ length: CHANNELS }, (_, i) => `C${String(i).padStart(4, '0')}`);
  const schedule = parseSchedule({ time: '08:00' }, 'UTC');
  for (const channelId of channels) {
    const invocation = { platform: 'slack' as const, workspaceId, channelId, user: { id: 'U-mod', isModerator: true } };
    await store.set(SUBSCRIPTIONS, `slack/${workspaceId}/${channelId}`, newSubscription(invocation, schedule, { empty: 'post' }, new Date('2024-03-10T07:00:00Z')));
  }
  return channels;
}

const backends = [
  { name: 'SQLite', up: true, url: (dir: string) => `sqlite://${join(dir, 'bot.sqlite')}` },
  { name: 'Redis', up: redisUp, url: () => `${REDIS_URL}/10?namespace=crash-${randomUUID().slice(0, 8)}` },
] as const;

for (const backend of backends) {
  describe.skipIf(!backend.up)(`kill -9 mid fan-out, then a restart (${CHANNELS} channels, ${backend.name})`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'crash-restart-'));
    const storeUrl = backend.url(dir);
    let store: Store | undefined;

    afterAll(async () => {
      if (store && backend.name === 'Redis') {
        // A namespace of our own on a shared Redis: leave nothing behind.
        for (const ns of [SUBSCRIPTIONS, DELIVERIES, 'digest-channels', 'digest-resumes', 'rate-beats']) for (const [key] of await store.entries(ns)) await store.delete(ns, key);
      }
      await store?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('0 duplicates, 0 losses, every record delivered', async () => {
      // The bot's clock, not the wall clock, decides what has expired (its records live 35 days from 2024-03-10).
      store = await openStore(storeUrl, { now: () => new Date('2024-03-10T09:00:00Z') });
      const channels = await subscribeAll(store, 'T-crash');
      const slack = await new FakeSlack().start();
      try {
        const crashAt = Number(process.env.CRASH_AT ?? 1 + Math.floor(Math.random() * (CHANNELS - 1)));
        console.info(`kill -9 after post ${crashAt} of ${CHANNELS} (CRASH_AT=${crashAt} replays it)`);
        // 200 posts a second (a 5 ms beat): the shared pacer lets go of a beat its store round trip
        // overran by half a beat, and one SQLite write takes longer than half of a 2,000/s beat.
        const env = { STORE_URL: storeUrl, SLACK_API_URL: slack.apiUrl, RATE: '200' };

        await runUntilKilled(slack, CHILD, { ...env, CLOCK_START: '2024-03-10T08:00:01Z' }, crashAt);
        const before = slack.messages.length;
        expect(before).toBeGreaterThanOrEqual(crashAt);
        expect(before).toBeLessThan(CHANNELS);

        // The restart, 45 minutes later by its clock: claims that never posted are taken over, and
        // posts whose answer was lost are looked up in the channel's history before anything is re-sent.
        const second = runTypeScript(CHILD, { ...env, CLOCK_START: '2024-03-10T08:45:00Z' });
        const done = await second.exited;
        expect(done.code, second.stderr()).toBe(0);
        const report = JSON.parse(second.stdout().trim().split('\n').at(-1)!);
        expect(report).toMatchObject({ due: CHANNELS, failed: 0, uncertain: 0 });

        const perChannel = new Map<string, number>();
        for (const m of slack.messages) perChannel.set(m.channel, (perChannel.get(m.channel) ?? 0) + 1);
        const duplicates = [...perChannel.values()].filter((n) => n > 1).length;
        const lost = channels.filter((c) => !perChannel.has(c)).length;
        expect({ duplicates, lost }).toEqual({ duplicates: 0, lost: 0 });
        expect(slack.messages).toHaveLength(CHANNELS);
        for (const m of slack.messages) expect(m.metadata).toMatchObject({ event_type: 'newsroom_digest', event_payload: { slot: new Date(SLOT).toISOString() } });

        const records = (await store.entries<DeliveryRecord>(DELIVERIES)).filter(([key]) => key.includes('T-crash'));
        expect(records).toHaveLength(CHANNELS);
        expect(records.filter(([, r]) => r.state !== 'delivered').map(([key, r]) => `${key}: ${r.state}`)).toEqual([]);
      } finally {
        await slack.stop();
      }
    }, 600_000); // two bot processes of 1,000 posts each: seconds alone, a few minutes beside the rest of the suite on a loaded machine
  });
}
