// Issue 16: each digest once, when the platform's answer is ambiguous. The real Slack WebClient and
// the real @discordjs/rest post to the loopback fakes, which store a message and then answer late
// (past the client's timeout) or with a 500. The clock is injected; nothing asserts on wall time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostingRest, DiscordChannelPoster } from '../../src/adapters/discord/outbound';
import { createSlackAdapter, type SlackAdapter } from '../../src/adapters/slack';
import type { ChannelPoster, PostMark } from '../../src/core/adapter';
import type { Platform } from '../../src/core/context';
import { AmbiguousPostError } from '../../src/core/errors';
import { Dispatcher } from '../../src/core/dispatcher';
import { DELIVERIES, type DeliveryRecord, outcomeOf, periodKey } from '../../src/schedule/deliveries';
import { DigestScheduler } from '../../src/schedule/digests';
import { type DigestSubscription, newSubscription, parseSchedule, SUBSCRIPTIONS } from '../../src/schedule/subscriptions';
import { MemoryStore } from '../../src/store/memory';
import type { Store } from '../../src/store/store';
import { FakeDiscord, snowflake } from '../fakes/discord';
import { FakeSlack } from '../fakes/slack';
import { article, ManualClock, RecordingPoster, testNewsroom } from './support';
import { allArticles } from '../support/archive';

const HOUR = 3_600_000;
const SLOT = '2024-03-10T08:00:00Z';

async function subscribe(store: Store, platform: Platform, channelId: string, time = '08:00'): Promise<DigestSubscription> {
  const invocation = { platform, workspaceId: 'W1', channelId, user: { id: 'U-mod', isModerator: true } };
  const sub = newSubscription(invocation, parseSchedule({ time }, 'UTC'), { empty: 'post' }, new Date('2024-03-01T00:00:00Z'));
  await store.set(SUBSCRIPTIONS, `${platform}/W1/${channelId}`, sub);
  return sub;
}

async function setup(start = SLOT) {
  const clock = new ManualClock(start);
  const store = new MemoryStore(clock);
  const newsroom = await testNewsroom(store, clock, [article('2024-03-10T07:00:00Z')]);
  return { clock, store, newsroom };
}

type Setup = Awaited<ReturnType<typeof setup>>;

function scheduler({ clock, newsroom }: Setup, posters: Partial<Record<Platform, ChannelPoster>>, extra: { postDeadlineMs?: number } = {}) {
  return new DigestScheduler({ newsroom, posters, catchupMs: 6 * HOUR, sleep: async (ms: number) => clock.advance(ms), ...extra });
}

/** A poster whose every post times out (its outcome unknown), counting posts and lookups; `there` answers the lookups. */
function timingOut(windows: Pick<ChannelPoster, 'replaySafeMs' | 'settleMs'>, there: (channelId: string) => boolean) {
  const counts = { calls: 0, asked: 0 };
  const poster: ChannelPoster = {
    post: async () => {
      counts.calls++;
      throw new AmbiguousPostError('timed out');
    },
    ...windows,
    find: async (channelId) => {
      counts.asked++;
      return there(channelId);
    },
  };
  return { poster, counts };
}

async function record(store: Store, sub: DigestSubscription): Promise<DeliveryRecord | undefined> {
  return store.get<DeliveryRecord>(DELIVERIES, periodKey(sub, new Date(SLOT)));
}

describe('Slack: ambiguous posts are looked up, never re-sent blindly (real WebClient, fake Slack)', () => {
  let slack: FakeSlack;
  let adapter: SlackAdapter;
  let env: Setup;

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    env = await setup();
    adapter = await createSlackAdapter({
      config: { botToken: 'xoxb-test', signingSecret: 'secret', port: 0, apiUrl: slack.apiUrl, moderatorIds: [] },
      dispatcher: new Dispatcher(env.newsroom, []),
      newsroom: env.newsroom,
      // The client's 10 s timeout, scaled down: the fake answers after it.
      postTimeoutMs: 300,
    });
  });
  afterAll(async () => {
    await adapter.stop();
    await slack.stop();
  });

  it('answers after the client timeout, having posted: one message, delivered', async () => {
    const sub = await subscribe(env.store, 'slack', 'C-LATE');
    slack.script.set('chat.postMessage', [{ delayMs: 900 }]);
    const report = await scheduler(env, { slack: adapter.outbound }).tick();
    expect(report).toMatchObject({ delivered: 1, failed: 0, uncertain: 0 });
    expect(slack.messagesIn('C-LATE')).toHaveLength(1);
    // No retry inside the client, and the history read that settled it asked for metadata since the claim.
    expect(slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C-LATE')).toHaveLength(1);
    const [lookup] = slack.callsTo('conversations.history').filter((c) => c.args.channel === 'C-LATE');
    expect(lookup!.args).toMatchObject({ include_all_metadata: 'true' });
    expect(Number(lookup!.args.oldest)).toBeLessThanOrEqual(Date.parse(SLOT) / 1000);
    expect(slack.messagesIn('C-LATE')[0]!.metadata).toEqual({ event_type: 'newsroom_digest', event_payload: { post: expect.any(String), slot: new Date(SLOT).toISOString(), channel: 'C-LATE' } });
    expect((await record(env.store, sub))?.state).toBe('delivered');
  });

  it('answers 500 after posting: one message, delivered', async () => {
    await subscribe(env.store, 'slack', 'C-500');
    slack.script.set('chat.postMessage', [{ status: 500, posted: true }]);
    expect(await scheduler(env, { slack: adapter.outbound }).tick()).toMatchObject({ delivered: 1 });
    expect(slack.messagesIn('C-500')).toHaveLength(1);
  });

  it('answers 500 without posting: the lookup finds nothing, it posts again, one message (no loss)', async () => {
    await subscribe(env.store, 'slack', 'C-LOST');
    slack.script.set('chat.postMessage', [{ status: 500 }]);
    expect(await scheduler(env, { slack: adapter.outbound }).tick()).toMatchObject({ delivered: 1 });
    expect(slack.messagesIn('C-LOST')).toHaveLength(1);
    expect(slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C-LOST')).toHaveLength(2);
  });

  it('history unreadable: uncertain (nothing re-sent) until Slack can be asked, then settled by a later pass', async () => {
    const sub = await subscribe(env.store, 'slack', 'C-DARK');
    slack.script.set('chat.postMessage', [{ status: 500, posted: true }]);
    slack.script.set('conversations.history', [{ status: 500 }]);
    expect(await scheduler(env, { slack: adapter.outbound }).tick()).toMatchObject({ uncertain: 1, delivered: 0, failed: 0 });
    expect(outcomeOf((await record(env.store, sub))!, env.clock.now())).toBe('uncertain');
    expect(slack.messagesIn('C-DARK')).toHaveLength(1);
    // Any replica's next pass asks again; Slack answers now.
    env.clock.advance(60_000);
    const later = await scheduler(env, { slack: adapter.outbound }).tick();
    expect(later).toMatchObject({ delivered: 1 });
    expect(slack.messagesIn('C-DARK')).toHaveLength(1);
    expect((await record(env.store, sub))?.state).toBe('delivered');
    env.clock.set(SLOT);
  });
});

describe('Discord: ambiguous posts are re-sent with the same nonce (real @discordjs/rest, fake Discord)', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await FakeDiscord.start();
  });
  afterAll(() => fake.close());

  const postsTo = (channel: string) => fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channel}/messages`);

  it.each([
    ['answers 500 after creating the message', { status: 500, created: true, body: { message: 'Internal Server Error', code: 0 } }],
    ['answers after the client timeout, having created it', { status: 200, created: true, delayMs: 900 }],
  ])('%s: one message, delivered', async (_name, scripted) => {
    const env = await setup();
    const channel = snowflake();
    await subscribe(env.store, 'discord', channel);
    fake.script('POST', new RegExp(`/channels/${channel}/messages`), scripted);
    const poster = new DiscordChannelPoster(createPostingRest('fake-token', fake.apiUrl, 300));
    expect(await scheduler(env, { discord: poster }).tick()).toMatchObject({ delivered: 1, failed: 0 });
    expect(fake.messagesIn(channel)).toHaveLength(1);
    const posts = postsTo(channel);
    expect(posts).toHaveLength(2);
    const nonce = posts[0]!.body.nonce;
    expect(typeof nonce === 'string' && nonce.length <= 25).toBe(true);
    for (const post of posts) expect(post.body).toMatchObject({ nonce, enforce_nonce: true, allowed_mentions: { parse: [] } });
  });

  it('the fake keeps the first message for a repeated nonce, as Discord documents', async () => {
    const channel = snowflake();
    const poster = new DiscordChannelPoster(createPostingRest('fake-token', fake.apiUrl));
    const mark: PostMark = { kind: 'digest', id: 'same-nonce', slot: SLOT, since: new Date(SLOT) };
    await poster.post(channel, { text: 'one', visibility: 'public' }, { mark });
    await poster.post(channel, { text: 'two', visibility: 'public' }, { mark });
    expect(fake.messagesIn(channel)).toHaveLength(1);
    await poster.post(channel, { text: 'three', visibility: 'public' });
    expect(fake.messagesIn(channel)).toHaveLength(2);
  });
});

describe('channels are independent', () => {
  it('one channel hanging does not hold up the others, nor the next minute', async () => {
    const env = await setup('2024-03-10T07:59:59Z');
    await subscribe(env.store, 'slack', 'stuck', '08:00');
    await subscribe(env.store, 'slack', 'prompt', '08:00');
    const later = ['A', 'B', 'C', 'D', 'E'];
    for (const c of later) await subscribe(env.store, 'slack', c, '08:01');
    let release!: () => void;
    const hung = new Promise<void>((resolve) => (release = resolve));
    const delivered: string[] = [];
    const poster: ChannelPoster = {
      post: async (channelId) => {
        if (channelId === 'stuck') await hung;
        delivered.push(channelId);
      },
    };
    const digests = scheduler(env, { slack: poster });
    await digests.tick();
    env.clock.set(SLOT);
    const first = digests.tick(); // "stuck" hangs inside this pass
    env.clock.set('2024-03-10T08:01:00Z');
    const second = await digests.tick();
    expect(second).toMatchObject({ due: 5, delivered: 5 });
    expect(delivered.sort()).toEqual(['A', 'B', 'C', 'D', 'E', 'prompt']);
    release();
    expect(await first).toMatchObject({ due: 2, delivered: 2 });
    expect(delivered.filter((c) => c === 'stuck')).toHaveLength(1);
  });

  it('a post that never answers is cut off at its deadline and settled by asking the platform', async () => {
    const env = await setup();
    await subscribe(env.store, 'slack', 'C1');
    const arrived: string[] = [];
    let calls = 0;
    const poster: ChannelPoster = {
      post: async (channelId, _reply, options) => {
        if (++calls === 1) return new Promise<void>((_, reject) => options?.signal?.addEventListener('abort', () => reject(new AmbiguousPostError('aborted'))));
        arrived.push(channelId);
      },
      find: async (channelId) => arrived.includes(channelId),
    };
    expect(await scheduler(env, { slack: poster }, { postDeadlineMs: 20 }).tick()).toMatchObject({ delivered: 1 });
    expect(arrived).toEqual(['C1']);
    expect(calls).toBe(2);
  });

  it('a post settled by re-sending inside a replay window is not looked up past it: uncertain, and never taken up again', async () => {
    const env = await setup();
    const sub = await subscribe(env.store, 'slack', 'C1');
    const { poster, counts } = timingOut({ replaySafeMs: () => 0 }, () => true);
    expect(await scheduler(env, { slack: poster }).tick()).toMatchObject({ uncertain: 1 });
    expect(await record(env.store, sub)).toMatchObject({ state: 'unknown', unanswerable: true });
    env.clock.advance(60_000);
    await scheduler(env, { slack: poster }).tick();
    expect(counts).toEqual({ calls: 1, asked: 0 });
  });

  it('a post its platform may still be making (settleMs) is not looked up before the settle time, nor re-sent; a later pass asks and settles it', async () => {
    const env = await setup();
    const sub = await subscribe(env.store, 'slack', 'C1');
    const made: string[] = [];
    const { poster, counts } = timingOut({ settleMs: () => 60_000 }, (channelId) => made.includes(channelId));
    expect(await scheduler(env, { slack: poster }).tick()).toMatchObject({ uncertain: 1 });
    expect(await record(env.store, sub)).toMatchObject({ state: 'unknown', settleUntil: new Date(Date.parse(SLOT) + 60_000).toISOString() });
    // The platform finishes the post after the client gave up.
    made.push('C1');
    env.clock.advance(30_000);
    await scheduler(env, { slack: poster }).tick();
    expect(counts).toEqual({ calls: 1, asked: 0 });
    env.clock.advance(30_000);
    await scheduler(env, { slack: poster }).tick();
    expect(counts).toEqual({ calls: 1, asked: 1 });
    expect(await record(env.store, sub)).toMatchObject({ state: 'delivered' });
  });

  it('a poster that cannot be asked leaves an ambiguous post uncertain and never re-sends it', async () => {
    const env = await setup();
    const sub = await subscribe(env.store, 'slack', 'C1');
    const poster = new RecordingPoster(() => new AmbiguousPostError('timed out'));
    expect(await scheduler(env, { slack: poster }).tick()).toMatchObject({ uncertain: 1 });
    env.clock.advance(60_000);
    await scheduler(env, { slack: poster }).tick();
    expect(poster.calls).toBe(1);
    expect(outcomeOf((await record(env.store, sub))!, env.clock.now())).toBe('uncertain');
  });
});

describe('claims are taken when posting starts', () => {
  it('a claim whose post never started is taken over by another replica once its lease ends', async () => {
    const env = await setup();
    const sub = await subscribe(env.store, 'slack', 'C1');
    // Replica A claims, then "dies" just before its first request would leave.
    const dying: Store = Object.create(env.store, {
      set: {
        value: async (ns: string, key: string, value: unknown, ttl?: number) => {
          if (ns === DELIVERIES && (value as DeliveryRecord).state === 'posting') throw new Error('process killed');
          return env.store.set(ns, key, value, ttl);
        },
      },
    });
    const posterA = new RecordingPoster();
    await scheduler({ ...env, newsroom: await testNewsroom(dying, env.clock, (await allArticles(env.newsroom.articles)) as never) }, { slack: posterA }).tick();
    expect(posterA.calls).toBe(0);
    expect((await record(env.store, sub))?.state).toBe('claimed');

    const posterB = new RecordingPoster();
    const b = scheduler(env, { slack: posterB });
    expect(await b.tick()).toMatchObject({ taken: 1, delivered: 0 }); // A's lease still runs
    env.clock.advance(5 * 60_000);
    await b.tick();
    expect(posterB.calls).toBe(0);
    env.clock.advance(11 * 60_000); // past the 15-minute lease
    expect(await b.tick()).toMatchObject({ delivered: 1 });
    expect(posterB.posted.map((p) => p.channelId)).toEqual(['C1']);
    expect((await record(env.store, sub))?.state).toBe('delivered');
    env.clock.advance(60_000);
    await b.tick();
    expect(posterA.calls + posterB.calls).toBe(1);
  });
});
