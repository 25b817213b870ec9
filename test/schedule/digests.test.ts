// The digest job with an injected clock: on time, once; catch-up after downtime; a crash between
// posting and recording; 429s and 500s during fan-out; channels that keep failing.
import { describe, expect, it } from 'vitest';
import type { Invocation } from '../../src/core/context';
import { PermanentDeliveryError, RateLimitError, StoreUnavailableError } from '../../src/core/errors';
import { DELIVERIES, outcomeOf, periodKey, type DeliveryRecord } from '../../src/schedule/deliveries';
import { DigestScheduler } from '../../src/schedule/digests';
import { type DigestSubscription, newSubscription, parseSchedule } from '../../src/schedule/subscriptions';
import { MemoryStore } from '../../src/store/memory';
import type { Store } from '../../src/store/store';
import { article, ManualClock, RecordingPoster, testNewsroom } from './support';
import { allArticles, addArticle } from '../support/archive';

const HOUR = 3_600_000;

function moderatorIn(channelId: string, workspaceId = 'T1'): Invocation {
  return { platform: 'slack', workspaceId, channelId, user: { id: 'U-mod', name: 'Mo', isModerator: true } };
}

async function subscribe(store: Store, channelId: string, createdAt: string, input: { time?: string; timezone?: string; empty?: 'post' | 'skip' } = {}): Promise<DigestSubscription> {
  const sub = newSubscription(moderatorIn(channelId), parseSchedule(input, 'UTC'), input, new Date(createdAt));
  await store.set('digest-subscriptions', `slack/T1/${channelId}`, sub);
  return sub;
}

async function setup(start: string, articles = [article('2024-03-10T06:00:00Z'), article('2024-03-10T07:00:00Z')]) {
  const clock = new ManualClock(start);
  const store = new MemoryStore(clock);
  const newsroom = await testNewsroom(store, clock, articles);
  return { clock, store, newsroom };
}

// Sleeping moves the injected clock instead of waiting.
const instantSleep = (clock: ManualClock) => async (ms: number) => clock.advance(ms);

describe('digest delivery', () => {
  it('posts at the local slot, once, and the next day only what is new', async () => {
    const { clock, store, newsroom } = await setup('2024-03-10T07:59:00Z');
    await subscribe(store, 'C1', '2024-03-01T00:00:00Z', { time: '08:00' });
    const poster = new RecordingPoster();
    const scheduler = new DigestScheduler({ newsroom, posters: { slack: poster }, catchupMs: 6 * HOUR, sleep: instantSleep(clock) });

    expect((await scheduler.tick()).due).toBe(0);
    clock.set('2024-03-10T08:00:00Z');
    expect(await scheduler.tick()).toMatchObject({ due: 1, delivered: 1 });
    await scheduler.tick();
    clock.advance(60_000);
    await scheduler.tick();
    expect(poster.posted).toHaveLength(1);
    expect(poster.posted[0]!.reply.items?.map((i) => i.title)).toEqual(['Article number 2', 'Article number 1']);

    await addArticle(newsroom.articles, article('2024-03-10T20:00:00Z', { title: 'Evening news' }));
    clock.set('2024-03-11T08:00:00Z');
    await scheduler.tick();
    expect(poster.posted).toHaveLength(2);
    expect(poster.posted[1]!.reply.items?.map((i) => i.title)).toEqual(['Evening news']);
  });

  for (const [name, start, expected] of [
    ['spring forward', '2024-03-09T10:00:00Z', ['2024-03-09T13:00:00.000Z', '2024-03-10T12:00:00.000Z', '2024-03-11T12:00:00.000Z']],
    ['fall back', '2024-11-02T10:00:00Z', ['2024-11-02T12:00:00.000Z', '2024-11-03T13:00:00.000Z', '2024-11-04T13:00:00.000Z']],
  ] as const) {
    it(`ticking every minute across the ${name} day in New York: one digest a day at 08:00 local`, async () => {
      const { clock, store, newsroom } = await setup(start, []);
      await subscribe(store, 'C1', '2024-01-01T00:00:00Z', { time: '08:00', timezone: 'America/New_York', empty: 'post' });
      const postedAt: string[] = [];
      const poster = { post: async () => void postedAt.push(clock.now().toISOString()) };
      const scheduler = new DigestScheduler({ newsroom, posters: { slack: poster }, catchupMs: 6 * HOUR, sleep: instantSleep(clock) });
      await scheduler.tick(); // start-up: earlier days are missed, not posted
      postedAt.length = 0;
      for (let minute = 0; minute < 3 * 24 * 60; minute++) {
        clock.set(new Date(Date.parse(start) + minute * 60_000));
        await scheduler.tick();
      }
      expect(postedAt).toEqual(expected);
    });
  }

  it('skips a digest with nothing new by default, or says so when asked', async () => {
    const { clock, store, newsroom } = await setup('2024-03-12T08:00:00Z');
    await subscribe(store, 'quiet', '2024-03-01T00:00:00Z');
    await subscribe(store, 'chatty', '2024-03-01T00:00:00Z', { empty: 'post' });
    const poster = new RecordingPoster();
    const report = await new DigestScheduler({ newsroom, posters: { slack: poster }, catchupMs: 6 * HOUR, sleep: instantSleep(clock) }).tick();
    expect(report).toMatchObject({ due: 2, delivered: 1, empty: 1 });
    expect(poster.posted.map((p) => p.channelId)).toEqual(['chatty']);
    expect(poster.posted[0]!.reply.text).toMatch(/^No new articles since/);
  });

  it('after downtime posts a digest less than DIGEST_CATCHUP late, and records an older one as missed', async () => {
    const { clock, store, newsroom } = await setup('2024-03-10T13:59:00Z');
    await subscribe(store, 'inside', '2024-03-01T00:00:00Z', { time: '08:00' }); // 5 h 59 late
    await subscribe(store, 'outside', '2024-03-01T00:00:00Z', { time: '07:30' }); // 6 h 29 late
    const poster = new RecordingPoster();
    const scheduler = new DigestScheduler({ newsroom, posters: { slack: poster }, catchupMs: 6 * HOUR, sleep: instantSleep(clock) });
    const report = await scheduler.tick();
    expect(poster.posted.map((p) => p.channelId)).toEqual(['inside']);
    // Every earlier day since the look-back began was missed too (the bot was never running).
    expect(report.delivered).toBe(1);
    expect(report.missed).toBeGreaterThanOrEqual(1);
    const outside = await scheduler.book.log({ platform: 'slack', workspaceId: 'T1', channelId: 'outside' });
    expect(outside.recent.at(-1)).toMatchObject({ slot: '2024-03-10T07:30:00.000Z', outcome: 'missed' });
    // A restart a minute later changes nothing: both are decided.
    clock.advance(60_000);
    await new DigestScheduler({ newsroom, posters: { slack: poster }, catchupMs: 6 * HOUR, sleep: instantSleep(clock) }).tick();
    expect(poster.posted).toHaveLength(1);
  });

  it('a crash between posting and confirming never posts again, and shows as uncertain', async () => {
    const { clock, store, newsroom } = await setup('2024-03-10T08:00:00Z');
    const sub = await subscribe(store, 'C1', '2024-03-01T00:00:00Z');
    const poster = new RecordingPoster();
    // The process "dies" on the confirming write: the post went out, the record still says posting.
    const crashing: Store = Object.create(store, {
      set: {
        value: async (ns: string, key: string, value: unknown, ttl?: number) => {
          if (ns === DELIVERIES && (value as DeliveryRecord).state === 'delivered') throw new Error('process killed');
          return store.set(ns, key, value, ttl);
        },
      },
    });
    const crashed = await testNewsroom(crashing, clock, (await allArticles(newsroom.articles)) as never);
    const report = await new DigestScheduler({ newsroom: crashed, posters: { slack: poster }, catchupMs: 6 * HOUR, sleep: instantSleep(clock) }).tick();
    expect(poster.posted).toHaveLength(1);
    // Posted is posted: the pass counts it delivered, not failed, though its record is missing.
    expect(report).toMatchObject({ due: 1, delivered: 1, failed: 0 });

    // Restart within the catch-up window, twice.
    for (const later of ['2024-03-10T08:05:00Z', '2024-03-10T09:00:00Z']) {
      clock.set(later);
      await new DigestScheduler({ newsroom, posters: { slack: poster }, catchupMs: 6 * HOUR, sleep: instantSleep(clock) }).tick();
    }
    expect(poster.posted).toHaveLength(1);
    const record = await store.get<DeliveryRecord>(DELIVERIES, periodKey(sub, new Date('2024-03-10T08:00:00Z')));
    expect(outcomeOf(record!, clock.now())).toBe('uncertain');
    const scheduler = new DigestScheduler({ newsroom, posters: { slack: poster }, catchupMs: 6 * HOUR });
    expect((await scheduler.book.log(sub)).recent.at(-1)).toMatchObject({ outcome: 'uncertain' });
  });

  it('429s and 500s during a fan-out to 300 channels: every channel gets exactly one digest', async () => {
    const { clock, store, newsroom } = await setup('2024-03-10T08:00:00Z');
    const channels = Array.from({ length: 300 }, (_, i) => `C${i}`);
    for (const c of channels) await subscribe(store, c, '2024-03-01T00:00:00Z');
    // Per channel, not per call: which call fails must not depend on how the workers interleave
    // (four 500s in a row for one channel is a failed digest, rightly).
    const attempts = new Map<string, number>();
    const poster = new RecordingPoster((channelId) => {
      const attempt = (attempts.get(channelId) ?? 0) + 1;
      attempts.set(channelId, attempt);
      const n = Number(channelId.slice(1));
      if (n % 5 === 0 && attempt <= 2) return new RateLimitError(1000);
      if (n % 7 === 0 && attempt <= 3) return new Error('500 Internal Server Error');
      return undefined;
    });
    const report = await new DigestScheduler({ newsroom, posters: { slack: poster }, catchupMs: 6 * HOUR, sleep: instantSleep(clock), concurrency: 8 }).tick();
    expect(report).toMatchObject({ due: 300, delivered: 300, failed: 0 });
    expect(poster.calls).toBeGreaterThan(400);
    for (const c of channels) expect(poster.countFor(c)).toBe(1);
  });

  it('a stored schedule it cannot read is skipped; every other channel still gets its digest', async () => {
    const { clock, store, newsroom } = await setup('2024-03-10T08:00:00Z');
    await subscribe(store, 'C1', '2024-03-01T00:00:00Z');
    const broken = await subscribe(store, 'C2', '2024-03-01T00:00:00Z');
    // As a row saved by an older build might look: a time zone this one does not know.
    await store.set('digest-subscriptions', 'slack/T1/C2', { ...broken, schedule: { ...broken.schedule, timezone: 'Mars/Olympus_Mons' } });
    const poster = new RecordingPoster();
    const report = await new DigestScheduler({ newsroom, posters: { slack: poster }, catchupMs: 6 * HOUR, sleep: instantSleep(clock) }).tick();
    expect(report).toMatchObject({ due: 1, delivered: 1 });
    expect(poster.posted.map((p) => p.channelId)).toEqual(['C1']);
  });

  it('a store that goes down: the pass says so, nothing is lost, the next minute delivers', async () => {
    const { clock, store, newsroom } = await setup('2024-03-10T08:00:00Z');
    await subscribe(store, 'C1', '2024-03-01T00:00:00Z');
    let down: 'all' | 'channel-log' | null = 'all';
    const flaky: Store = Object.create(store, {
      entries: { value: (ns: string) => (down === 'all' ? Promise.reject(new StoreUnavailableError()) : store.entries(ns)) },
      get: { value: (ns: string, key: string) => (down && ns === 'digest-channels' ? Promise.reject(new StoreUnavailableError()) : store.get(ns, key)) },
    });
    const poster = new RecordingPoster();
    const scheduler = new DigestScheduler({ newsroom: await testNewsroom(flaky, clock, (await allArticles(newsroom.articles)) as never), posters: { slack: poster }, catchupMs: 6 * HOUR, sleep: instantSleep(clock) });
    expect(await scheduler.tick()).toMatchObject({ skipped: 'store unavailable' });
    down = 'channel-log'; // subscriptions readable, but building the digest fails after the claim
    clock.advance(60_000);
    expect(await scheduler.tick()).toMatchObject({ due: 1, failed: 1 });
    down = null;
    clock.advance(60_000);
    expect(await scheduler.tick()).toMatchObject({ due: 1, delivered: 1 });
    expect(poster.posted).toHaveLength(1);
  });

  it('the daily sweep deletes delivery records once they expire (35 days), not before', async () => {
    const { clock, store, newsroom } = await setup('2024-03-10T08:00:00Z');
    await subscribe(store, 'C1', '2024-03-01T00:00:00Z');
    const scheduler = new DigestScheduler({ newsroom, posters: { slack: new RecordingPoster() }, catchupMs: 6 * HOUR, sleep: instantSleep(clock) });
    await scheduler.tick();
    const records = (await store.entries(DELIVERIES)).length;
    expect(records).toBeGreaterThan(1); // today's delivery and the days missed before it
    await scheduler.sweepJob.run({ firedAt: clock.now() });
    expect(await store.entries(DELIVERIES)).toHaveLength(records);
    clock.advance(36 * 24 * HOUR);
    expect(await store.purgeExpired(DELIVERIES)).toBe(records);
  });

  it('disables a channel on a permanent failure, and after 3 failed digests in a row', async () => {
    const { clock, store, newsroom } = await setup('2024-03-10T08:00:00Z');
    await subscribe(store, 'deleted', '2024-03-01T00:00:00Z');
    await subscribe(store, 'flaky', '2024-03-01T00:00:00Z', { empty: 'post' });
    const poster = new RecordingPoster((channel) =>
      channel === 'deleted' ? new PermanentDeliveryError('channel_not_found') : new Error('503 Service Unavailable'),
    );
    const options = { newsroom, posters: { slack: poster }, catchupMs: 6 * HOUR, sleep: instantSleep(clock), maxAttempts: 2 };
    for (const day of ['2024-03-10', '2024-03-11', '2024-03-12', '2024-03-13']) {
      clock.set(`${day}T08:00:00Z`);
      await new DigestScheduler(options).tick();
    }
    const deleted = await store.get<DigestSubscription>('digest-subscriptions', 'slack/T1/deleted');
    const flaky = await store.get<DigestSubscription>('digest-subscriptions', 'slack/T1/flaky');
    expect(deleted?.disabled?.reason).toBe('channel_not_found');
    expect(flaky?.disabled?.reason).toMatch(/3 digests in a row failed/);
    // flaky: 2 attempts on each of 3 days, then nothing more once disabled.
    expect(poster.calls).toBe(1 + 3 * 2);
  });

  it('a platform that throttles for longer than the lease fails the slot but never disables the channel', async () => {
    const { clock, store, newsroom } = await setup('2024-03-10T08:00:00Z');
    await subscribe(store, 'busy', '2024-03-01T00:00:00Z', { empty: 'post' });
    const poster = new RecordingPoster(() => new RateLimitError(20 * 60_000));
    for (const day of ['2024-03-10', '2024-03-11', '2024-03-12', '2024-03-13']) {
      clock.set(`${day}T08:00:00Z`);
      expect(await new DigestScheduler({ newsroom, posters: { slack: poster }, catchupMs: 6 * HOUR, sleep: instantSleep(clock) }).tick()).toMatchObject({ failed: 1 });
    }
    expect((await store.get<DigestSubscription>('digest-subscriptions', 'slack/T1/busy'))?.disabled).toBeUndefined();
  });
});
