// Issue 16: a store outage of 10 s in the middle of a fan-out (Redis stops answering: a relay holds
// its traffic, test/support/relay.ts), then it answers again: every channel gets its digest exactly
// once, and every record ends "delivered" (none left "uncertain"). What the outage does to each
// store call is what a real one does: no answer within the store-call limit (an event here:
// test/fakes/manual-limits.ts), and the request still reaches Redis when it comes back, so claims
// and "posting" marks that the bot gave up on are applied after all. Time is the injected clock's:
// each round of limits that pass moves it 3 s, and the outage ends 10 s after it began.
import { randomUUID } from 'node:crypto';
import { webApi } from '@slack/bolt';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { type MessagePoster, SlackChannelPoster } from '../../src/adapters/slack/poster';
import { DELIVERIES, type DeliveryRecord } from '../../src/schedule/deliveries';
import { DigestScheduler, type TickReport } from '../../src/schedule/digests';
import { newSubscription, parseSchedule, SUBSCRIPTIONS } from '../../src/schedule/subscriptions';
import { openStore } from '../../src/store/open';
import type { Store } from '../../src/store/store';
import { ManualLimits } from '../fakes/manual-limits';
import { FakeSlack } from '../fakes/slack';
import { Relay } from '../support/relay';
import { redisUp } from '../support/services';
import { bareNewsroom } from './bare-newsroom';
import { ManualClock } from './support-clock';

const CHANNELS = Number(process.env.OUTAGE_CHANNELS ?? 1000);
const OUTAGE_MS = 10_000;
const LIMIT_MS = 3_000;

describe.skipIf(!redisUp)(`a 10 s store outage mid fan-out (${CHANNELS} channels, Redis stops answering)`, () => {
  const relay = new Relay(6379);
  const limits = new ManualLimits();
  const namespace = `outage-${randomUUID().slice(0, 8)}`;
  let store: Store | undefined;
  let slack: FakeSlack | undefined;

  afterAll(async () => {
    relay.release();
    if (store) for (const ns of [SUBSCRIPTIONS, DELIVERIES, 'digest-channels', 'digest-resumes', 'rate-beats']) for (const [key] of await store.entries(ns)) await store.delete(ns, key);
    await store?.close();
    await relay.stop();
    await slack?.stop();
  });

  it('0 duplicates, 0 losses once it is back, every record delivered', async () => {
    const clock = new ManualClock('2024-03-10T08:00:00Z');
    const port = await relay.start();
    store = await openStore(`redis://127.0.0.1:${port}/10?namespace=${namespace}`, clock, { callLimit: limits.limit });
    const schedule = parseSchedule({ time: '08:00' }, 'UTC');
    const channels = Array.from({ length: CHANNELS }, (_, i) => `C${i}`);
    for (const channelId of channels) {
      const invocation = { platform: 'slack' as const, workspaceId: 'T-outage', channelId, user: { id: 'U-mod', isModerator: true } };
      await store.set(SUBSCRIPTIONS, `slack/T-outage/${channelId}`, newSubscription(invocation, schedule, { empty: 'post' }, new Date('2024-03-10T07:00:00Z')));
    }
    slack = await new FakeSlack().start();
    const logger = pino({ level: 'silent' });
    const client = new webApi.WebClient('xoxb-test', { slackApiUrl: slack.apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 }, timeout: 5_000 });
    const scheduler = new DigestScheduler({
      newsroom: bareNewsroom(store, clock, logger),
      posters: { slack: new SlackChannelPoster({ client: client as unknown as MessagePoster, logger }) },
      catchupMs: 6 * 3_600_000,
      rates: { slack: 50 },
      sleep: async (ms) => clock.advance(ms),
    });

    // The outage: from the K-th post on, Redis answers nothing; every store call in flight runs
    // into its limit (3 s on the bot's clock per round); 10 s after it began, Redis is back.
    const outageAt = Number(process.env.OUTAGE_AT ?? 1 + Math.floor(Math.random() * (CHANNELS - 1)));
    console.info(`Redis stops answering after post ${outageAt} of ${CHANNELS} (OUTAGE_AT=${outageAt} replays it)`);
    let outageEnds: number | undefined;
    let outageRounds = 0;
    let outageLasted = 0;
    let round = false;
    slack.onPost = (count) => {
      if (count !== outageAt) return;
      relay.hold();
      outageEnds = clock.now().getTime() + OUTAGE_MS;
      outageLasted = -clock.now().getTime();
    };
    relay.on('held', () => {
      if (round) return;
      round = true;
      setImmediate(() => {
        round = false;
        if (!relay.held) return;
        clock.advance(LIMIT_MS);
        outageRounds++;
        limits.expireAll();
        if (clock.now().getTime() < outageEnds!) return;
        outageLasted += clock.now().getTime();
        relay.release();
      });
    });

    const reports: TickReport[] = [await scheduler.tick()];
    // Then every minute, as the cron job runs it. What the outage broke off is this process's own
    // (claims and "posting" marks applied after it gave up, records it could not write), so it is
    // settled by the next pass, not left to the 15-minute lease: at most two passes after Redis is back.
    const delivered = async () => (await store!.entries<DeliveryRecord>(DELIVERIES)).filter(([, r]) => r.state === 'delivered').length;
    let after = 0;
    while (relay.held || (after < 2 && (await delivered()) < CHANNELS)) {
      if (!relay.held) after++;
      clock.advance(60_000);
      reports.push(await scheduler.tick());
      expect(reports.length).toBeLessThan(30);
    }
    expect(relay.held).toBe(false);
    // The outage really happened: store calls ran into their limit, for 10 s or more of the bot's time.
    expect(outageRounds).toBeGreaterThanOrEqual(1);
    expect(outageLasted).toBeGreaterThanOrEqual(OUTAGE_MS);

    const perChannel = new Map<string, number>();
    for (const m of slack.messages) perChannel.set(m.channel, (perChannel.get(m.channel) ?? 0) + 1);
    const duplicates = [...perChannel.values()].filter((n) => n > 1).length;
    const lost = channels.filter((c) => !perChannel.has(c)).length;
    expect({ duplicates, lost }).toEqual({ duplicates: 0, lost: 0 });
    const records = await store.entries<DeliveryRecord>(DELIVERIES);
    expect(records.filter(([, r]) => r.state !== 'delivered').map(([key, r]) => `${key}: ${r.state}`)).toEqual([]);
    expect(records).toHaveLength(CHANNELS);
    console.info(`passes: ${reports.length}; ${JSON.stringify(reports.map((r) => [r.delivered, r.failed, r.uncertain]))}`);
  }, 120_000);
});
