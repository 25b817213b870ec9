// Scheduled posts through the outbound port: real @discordjs/rest against the fake, with 429s,
// missing channels and server errors on the way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostingRest, DiscordChannelPoster } from '../../../src/adapters/discord/outbound';
import { AmbiguousPostError, PermanentDeliveryError, RateLimitError } from '../../../src/core/errors';
import type { Reply } from '../../../src/core/reply';
import { commands } from '../../../commands';
import { createDiscordAdapter } from '../../../src/adapters/discord';
import { ShardedDiscordBot } from '../../../src/adapters/discord/sharding';
import { Dispatcher } from '../../../src/core/dispatcher';
import { openNewsroom } from '../../../src/open-newsroom';
import { openStore } from '../../../src/store/open';
import { FakeDiscord, snowflake } from '../../fakes/discord';
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
