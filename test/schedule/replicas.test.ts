// Two replicas sharing one real Redis: the cron lease lets one of them run each minute, and when
// both run anyway, the delivery records still give every channel exactly one digest.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CronRunner, StoreRunCoordinator } from '../../src/schedule/cron';
import { DigestScheduler } from '../../src/schedule/digests';
import { newSubscription, parseSchedule, SUBSCRIPTIONS } from '../../src/schedule/subscriptions';
import { MemoryStore } from '../../src/store/memory';
import { openStore } from '../../src/store/open';
import type { Store } from '../../src/store/store';
import { REDIS_URL, redisUp } from '../support/services';
import { article, ManualClock, quietLogger, RecordingPoster, testNewsroom } from './support';

describe.skipIf(!redisUp)('two schedulers on one Redis', () => {
  let a: Store;
  let b: Store;
  // Other test runs share this Redis: a workspace of our own, removed afterwards.
  const workspaceId = `T-${randomUUID().slice(0, 8)}`;
  const channels = Array.from({ length: 120 }, (_, i) => `C${i}`);

  beforeAll(async () => {
    a = await openStore(REDIS_URL);
    b = await openStore(REDIS_URL);
    for (const channelId of channels) {
      const invocation = { platform: 'discord' as const, workspaceId, channelId, user: { id: 'U', isModerator: true } };
      const sub = newSubscription(invocation, parseSchedule({ time: '08:00' }, 'UTC'), { empty: 'post' }, new Date('2024-03-09T09:00:00Z'));
      await a.set(SUBSCRIPTIONS, `discord/${workspaceId}/${channelId}`, sub);
    }
  });

  afterAll(async () => {
    for (const channelId of channels) await a.delete(SUBSCRIPTIONS, `discord/${workspaceId}/${channelId}`);
    for (const [key] of await a.entries('digest-deliveries')) if (key.includes(workspaceId)) await a.delete('digest-deliveries', key);
    for (const [key] of await a.entries('digest-channels')) if (key.includes(workspaceId)) await a.delete('digest-channels', key);
    await a.close();
    await b.close();
  });

  it('both fire at 08:00 and again at 08:01: every channel exactly one post', async () => {
    const clock = new ManualClock('2024-03-10T08:00:00Z');
    const sleep = async (ms: number) => clock.advance(ms);
    const articles = [article('2024-03-10T07:00:00Z')];
    const posterA = new RecordingPoster();
    const posterB = new RecordingPoster();
    const one = new DigestScheduler({ newsroom: await testNewsroom(a, clock, articles), posters: { discord: posterA }, catchupMs: 6 * 3_600_000, sleep, owner: 'replica-a' });
    const two = new DigestScheduler({ newsroom: await testNewsroom(b, clock, articles), posters: { discord: posterB }, catchupMs: 6 * 3_600_000, sleep, owner: 'replica-b' });
    await Promise.all([one.tick(), two.tick()]);
    clock.advance(60_000);
    await Promise.all([one.tick(), two.tick()]);
    const ours = [...posterA.posted, ...posterB.posted].filter((p) => channels.includes(p.channelId));
    for (const channelId of channels) expect(ours.filter((p) => p.channelId === channelId)).toHaveLength(1);
    expect(ours).toHaveLength(channels.length);
  });

  it('the cron lease (SET NX PX) elects one replica per fire', async () => {
    const fire = `digests:${randomUUID()}`;
    const answers = await Promise.all([new StoreRunCoordinator(a, 'a').shouldRun(fire, 5_000), new StoreRunCoordinator(b, 'b').shouldRun(fire, 5_000)]);
    expect(answers.filter(Boolean)).toHaveLength(1);
  });
});

describe('node-cron wiring', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs a job each minute on exactly one of two coordinated runners', async () => {
    // node-cron reads Date and setTimeout: fake timers stand in for the clock here.
    vi.useFakeTimers({ now: new Date('2024-03-10T07:59:30Z'), toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    const store = new MemoryStore();
    const runs: string[] = [];
    const runners = ['a', 'b'].map((name) => {
      const runner = new CronRunner({ logger: quietLogger, coordinator: new StoreRunCoordinator(store, name) });
      runner.add({ name: 'digests', schedule: '* * * * *', run: async ({ firedAt }) => void runs.push(`${name}@${firedAt.toISOString()}`) });
      return runner;
    });
    for (const runner of runners) await runner.start();
    await vi.advanceTimersByTimeAsync(125_000);
    for (const runner of runners) await runner.stop();
    expect(runs.map((r) => r.split('@')[1])).toEqual(['2024-03-10T08:00:00.000Z', '2024-03-10T08:01:00.000Z']);
  });
});
