// Scheduled posts through the outbound port: real @discordjs/rest against the fake, with 429s,
// missing channels and server errors on the way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Routes } from 'discord.js';
import { createPostingRest, DiscordChannelPoster } from '../../../src/adapters/discord/outbound';
import type { PostMark } from '../../../src/core/adapter';
import { AmbiguousPostError, PermanentDeliveryError, RateLimitError } from '../../../src/core/errors';
import type { Reply } from '../../../src/core/reply';
import { commands } from '../../../commands';
import { createDiscordAdapter } from '../../../src/adapters/discord';
import { ShardedDiscordBot } from '../../../src/adapters/discord/sharding';
import { Dispatcher } from '../../../src/core/dispatcher';
import { openNewsroom } from '../../../src/open-newsroom';
import { openStore } from '../../../src/store/open';
import { BOT_USER_ID, CHANNEL_TYPES, FakeDiscord, snowflake } from '../../fakes/discord';
import { recordingLogger, type RunningBot, startBot } from './harness';

const digest: Reply = {
  title: 'Morning digest',
  text: '@everyone the news you asked for',
  items: [{ title: 'Kim arrives in Russia', url: 'https://example.com/kim', meta: '12 Sept 2023' }],
  visibility: 'public',
};

const rateLimited = (seconds: number) => ({
  status: 429,
  headers: { 'retry-after': String(seconds), 'x-ratelimit-scope': 'user' },
  body: { message: 'You are being rate limited.', retry_after: seconds, global: false },
});

describe('Discord outbound port', () => {
  let running: RunningBot;
  beforeAll(async () => {
    running = await startBot();
  });
  afterAll(() => running.close());

  const postsTo = (channel: string) => running.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channel}/messages`);

  it('posts to a channel id, waiting out a 429 on the way, with mentions disabled', async () => {
    const channel = snowflake();
    running.fake.script('POST', new RegExp(`/channels/${channel}/messages`), rateLimited(0.2));
    const started = performance.now();
    await running.bot.outbound.post(channel, digest);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    const posts = postsTo(channel);
    expect(posts).toHaveLength(2);
    expect(posts[1]!.headers.authorization).toBe('Bot fake-token');
    expect(posts[1]!.body).toMatchObject({ allowed_mentions: { parse: [] }, embeds: [{ title: 'Morning digest', description: '@everyone the news you asked for' }] });
  });

  it('gives up after a bounded number of 429s with RateLimitError', async () => {
    const channel = snowflake();
    running.fake.script('POST', new RegExp(`/channels/${channel}/messages`), rateLimited(0.05), rateLimited(0.05), rateLimited(0.05), rateLimited(0.05));
    const poster = new DiscordChannelPoster(createPostingRest('fake-token', running.fake.apiUrl), { attempts: 3, longestWaitMs: 1000 });
    const error = await poster.post(channel, digest).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBeGreaterThanOrEqual(50);
    expect(postsTo(channel)).toHaveLength(3);
  });

  it('does not sit out a long Retry-After: one try, then RateLimitError carrying the wait', async () => {
    const channel = snowflake();
    running.fake.script('POST', new RegExp(`/channels/${channel}/messages`), rateLimited(600));
    const started = performance.now();
    const error = await running.bot.outbound.post(channel, digest).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBeGreaterThanOrEqual(600_000);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(postsTo(channel)).toHaveLength(1);
  });

  it.each([
    [403, 50001, 'Missing Access'],
    [404, 10003, 'Unknown Channel'],
  ])('a %i (%s) is a PermanentDeliveryError', async (status, code, message) => {
    const channel = snowflake();
    running.fake.script('POST', new RegExp(`/channels/${channel}/messages`), { status, body: { code, message } });
    const error = await running.bot.outbound.post(channel, digest).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentDeliveryError);
    expect((error as Error).message).toContain(message);
  });

  it('a 500 is ambiguous (the message may be there): one request, no retry inside the client', async () => {
    const channel = snowflake();
    const boom = { status: 500, body: { message: 'Internal Server Error', code: 0 } };
    running.fake.script('POST', new RegExp(`/channels/${channel}/messages`), boom, boom);
    const error = await running.bot.outbound.post(channel, digest).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmbiguousPostError);
    expect(postsTo(channel)).toHaveLength(1);
  });
});

describe('Discord outbound port: posts that open a thread', () => {
  let fake: FakeDiscord;
  let poster: DiscordChannelPoster;
  beforeAll(async () => {
    fake = await FakeDiscord.start();
    // Generous: no ordinary request on a loaded machine comes near it.
    poster = new DiscordChannelPoster(createPostingRest('fake-token', fake.apiUrl, 5_000));
  });
  afterAll(() => fake.close());

  const alert: Reply = { title: 'Ferry strike ends', url: 'https://example.com/ferry', text: 'The strike is over.', visibility: 'public' };
  const mark = (): PostMark => ({ kind: 'alert', id: `mark-${snowflake().slice(-8)}`, slot: '2024-06-01T00:00:00.000Z', since: new Date(Date.now() - 1000) });

  it('in a text channel: the message with its nonce, then a thread on it; an ambiguous start is tried again and 160004 counts as started', async () => {
    const channel = fake.addChannel(CHANNEL_TYPES.text);
    const starts = new RegExp(`^/channels/${channel}/messages/\\d+/threads$`);
    fake.script('POST', starts, { status: 500, created: true, body: { message: 'Internal Server Error', code: 0 } });
    const receipt = await poster.post(channel, alert, { mark: mark(), thread: { name: alert.title! } });
    expect(receipt).toBeUndefined();
    const [message] = fake.messagesIn(channel);
    expect(message!.body).toMatchObject({ enforce_nonce: true, allowed_mentions: { parse: [] } });
    expect(fake.threadsIn(channel).map((t) => [t.id, t.name])).toEqual([[message!.id, 'Ferry strike ends']]);
    const tries = fake.requests.filter((r) => r.method === 'POST' && starts.test(r.path));
    expect(tries).toHaveLength(2);
    expect(tries[1]!.body).toEqual({ name: 'Ferry strike ends' });
    expect(poster.replaySafeMs({ thread: { name: 'x' } })).toBe(60_000);
  });

  it('in a forum: a new post (name within 100 characters, the alert as its message, no nonce); find() knows it by its link', async () => {
    const forum = fake.addChannel(CHANNEL_TYPES.forum);
    const long = { ...alert, title: `Ferry strike ends ${'after a long night '.repeat(8)}` };
    const thread = { name: long.title, forum: true };
    const posted = mark();
    expect(await find(forum, posted, long, thread)).toBe(false);
    await poster.post(forum, long, { mark: posted, thread });
    const [create] = fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${forum}/threads`);
    expect(create!.body.name.length).toBeLessThanOrEqual(100);
    expect(create!.body.message).toMatchObject({ allowed_mentions: { parse: [] }, embeds: [{ url: 'https://example.com/ferry' }] });
    expect(create!.body.message.nonce).toBeUndefined();
    expect(poster.replaySafeMs({ thread })).toBeUndefined();
    expect(await find(forum, posted, long, thread)).toBe(true);
    // Another story of the same name is not this post; a thread archived meanwhile is still found.
    expect(await find(forum, posted, { ...long, url: 'https://example.com/other' }, thread)).toBe(false);
    fake.archive(fake.threadsIn(forum)[0]!.id);
    expect(await find(forum, posted, long, thread)).toBe(true);
    // A plain message is settled by its nonce, not looked up.
    expect(await poster.find(forum, posted, { reply: long })).toBeUndefined();
  });

  it('in a forum: an archived post behind more than a page of later-archived threads is found, reading page by page back to the claim', async () => {
    const forum = fake.addChannel(CHANNEL_TYPES.forum);
    const thread = { name: alert.title!, forum: true };
    const posted = mark();
    await poster.post(forum, alert, { mark: posted, thread });
    const ours = fake.threadsIn(forum)[0]!.id;
    const t0 = Date.now();
    fake.archive(ours, new Date(t0));
    // 150 threads archived after ours (Discord lists the latest archived first).
    for (let i = 1; i <= 150; i++) fake.archive(fake.addChannel(CHANNEL_TYPES.publicThread, { parent: forum, owner: BOT_USER_ID }), new Date(t0 + i * 1000));
    const pages = () => fake.requests.filter((r) => r.method === 'GET' && r.path === `/channels/${forum}/threads/archived/public`);
    expect(await find(forum, posted, alert, thread)).toBe(true);
    const [first, second] = pages();
    expect(pages()).toHaveLength(2);
    expect(first!.query.get('limit')).toBe('100');
    expect(first!.query.has('before')).toBe(false);
    expect(second!.query.get('before')).toBe(new Date(t0 + 51_000).toISOString());
  });

  it('in a forum: archived pages stop at the claim; past the page cap the lookup cannot say', async () => {
    const forum = fake.addChannel(CHANNEL_TYPES.forum);
    const thread = { name: alert.title!, forum: true };
    const pages = () => fake.requests.filter((r) => r.method === 'GET' && r.path === `/channels/${forum}/threads/archived/public`).length;
    const t0 = Date.now();
    // 150 threads archived long before the claim, 150 after it: one page reaches back past the claim.
    for (let i = 0; i < 150; i++) fake.archive(fake.addChannel(CHANNEL_TYPES.publicThread, { parent: forum }), new Date(t0 - 3_600_000 - i * 1000));
    for (let i = 1; i <= 150; i++) fake.archive(fake.addChannel(CHANNEL_TYPES.publicThread, { parent: forum }), new Date(t0 + i * 1000));
    expect(await find(forum, mark(), alert, thread)).toBe(false);
    expect(pages()).toBe(2);
    // More archived since the claim than the lookup reads: it cannot say, rather than answer "not there".
    for (let i = 151; i <= 700; i++) fake.archive(fake.addChannel(CHANNEL_TYPES.publicThread, { parent: forum }), new Date(t0 + i * 1000));
    const before = pages();
    expect(await find(forum, mark(), alert, thread)).toBeUndefined();
    expect(pages() - before).toBe(5);
    // An empty page that says there is more gives nothing to page on from: cannot say either.
    fake.script('GET', new RegExp(`^/channels/${forum}/threads/archived/public$`), { status: 200, body: { threads: [], members: [], has_more: true } });
    expect(await find(forum, mark(), alert, thread)).toBeUndefined();
  });

  it('in a forum: someone else’s post of the same story is not the bot’s (the alert is not taken as posted)', async () => {
    const forum = fake.addChannel(CHANNEL_TYPES.forum);
    const thread = { name: alert.title!, forum: true };
    // A reader shared the same story first, under the same title.
    const theirs = fake.addForumPost(forum, '2000000000000000009', alert.title!, { embeds: [{ title: alert.title, url: alert.url }] });
    expect(await find(forum, mark(), alert, thread)).toBe(false);
    // Owned by the bot but its starter written by someone else: the starter's author is read too.
    fake.channels.set(theirs, { ...fake.channels.get(theirs)!, owner_id: BOT_USER_ID });
    expect(await find(forum, mark(), alert, thread)).toBe(false);
  });

  it('in a forum: a post a moderator renamed is still found, active or archived; the bot’s id is asked once', async () => {
    const forum = fake.addChannel(CHANNEL_TYPES.forum);
    const thread = { name: alert.title!, forum: true };
    const posted = mark();
    await poster.post(forum, alert, { mark: posted, thread });
    const ours = fake.threadsIn(forum)[0]!.id;
    fake.rename(ours, 'Ferry strike: what changes for commuters');
    expect(await find(forum, posted, alert, thread)).toBe(true);
    fake.archive(ours);
    expect(await find(forum, posted, alert, thread)).toBe(true);
    expect(fake.requests.filter((r) => r.method === 'GET' && r.path === '/users/@me')).toHaveLength(1);
  });

  it('the fake pages archived threads as Discord documents: newest archive first, before, limit 2..100, has_more', async () => {
    const forum = fake.addChannel(CHANNEL_TYPES.forum);
    const rest = createPostingRest('fake-token', fake.apiUrl);
    const t0 = Date.parse('2024-06-01T00:00:00Z');
    const ids = [0, 1, 2, 3, 4].map((i) => {
      const id = fake.addChannel(CHANNEL_TYPES.publicThread, { parent: forum });
      fake.archive(id, new Date(t0 + i * 1000));
      return id;
    });
    const page = (query: Record<string, string>) => rest.get(Routes.channelThreads(forum, 'public'), { query: new URLSearchParams(query) }) as Promise<{ threads: { id: string }[]; has_more: boolean }>;
    const first = await page({ limit: '2' });
    expect([first.threads.map((t) => t.id), first.has_more]).toEqual([[ids[4], ids[3]], true]);
    const last = await page({ limit: '2', before: new Date(t0 + 1000).toISOString() });
    expect([last.threads.map((t) => t.id), last.has_more]).toEqual([[ids[0]], false]);
    await expect(page({ limit: '1' })).rejects.toMatchObject({ status: 400 });
  });

  it('the fake refuses as Discord does: a forum post without a message, a message posted to a forum', async () => {
    const forum = fake.addChannel(CHANNEL_TYPES.forum);
    const rest = createPostingRest('fake-token', fake.apiUrl);
    await expect(rest.post(Routes.threads(forum), { body: { name: 'No message' } })).rejects.toMatchObject({ status: 400, code: 50035 });
    await expect(poster.post(forum, alert)).rejects.toMatchObject({ status: 400, code: 50008 });
  });

  function find(channelId: string, posted: PostMark, reply: Reply, thread: { name: string; forum: boolean }) {
    return poster.find(channelId, posted, { reply, thread });
  }
});

describe('Discord outbound port in the sharding manager', () => {
  it('posts through REST alone: the manager process, where digests run, holds no gateway connection', async () => {
    const fake = await FakeDiscord.start();
    try {
      const logger = recordingLogger();
      const store = await openStore('memory://');
      const newsroom = await openNewsroom({ contentDir: 'content', store, logger });
      const adapter = await createDiscordAdapter({
        config: { token: 'fake-token', apiUrl: fake.apiUrl, moderatorRoleIds: [], shards: 2 },
        dispatcher: new Dispatcher(newsroom, commands),
        newsroom,
      });
      expect(adapter).toBeInstanceOf(ShardedDiscordBot);
      const channel = snowflake();
      await adapter.outbound!.post(channel, digest);
      const [post] = fake.requests.filter((r) => r.path === `/channels/${channel}/messages`);
      expect(post!.body).toMatchObject({ allowed_mentions: { parse: [] }, embeds: [{ title: 'Morning digest' }] });
      expect(fake.frames).toHaveLength(0); // nothing connected to the gateway
      expect(adapter.isReady?.()).toBe(false);
      await store.close();
    } finally {
      await fake.close();
    }
  });
});
