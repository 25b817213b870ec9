// Live alerts routed with thread:yes (issue 17): through the real dispatcher, poller and alert pass,
// the real DiscordChannelPoster (@discordjs/rest) and the real Delivery, against the fake Discord
// and a feed server on loopback. A route made in a text channel starts a thread on each alert; one
// made in a forum's post makes each alert a new forum post, whose ambiguous creation is settled by
// looking for it, never by posting again. The clock is injected; nothing asserts on wall time.
import { Client } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands';
import { createPostingRest, DiscordChannelPoster } from '../../src/adapters/discord/outbound';
import { threadPlaceOf } from '../../src/adapters/discord/threads';
import type { ChannelPoster } from '../../src/core/adapter';
import type { Invocation } from '../../src/core/context';
import { Dispatcher } from '../../src/core/dispatcher';
import { openNewsroom } from '../../src/open-newsroom';
import { AlertScheduler } from '../../src/schedule/alerts';
import { SharedPacer } from '../../src/schedule/rate-limit';
import { MemoryStore } from '../../src/store/memory';
import { BOT_USER_ID, CHANNEL_TYPES, FakeDiscord, GUILD_ID } from '../fakes/discord';
import { type FeedServer, startFeedServer } from '../ingest/feed-server';
import { contentDir, recordingLogger, TestClock } from '../ingest/support';
import { type Item, rss } from './alert-feeds';

const LIMITS = { timeoutMs: 5000, maxBytes: 1 << 20, maxRedirects: 3 };
const POLL = 16 * 60_000;
/** The poster's REST timeout: generous, so an ordinary request on a loaded machine never reaches it. */
const CLIENT_TIMEOUT_MS = 5_000;
/**
 * A poster that gives up soon, for a pass whose only request is an answer the fake holds (scripted
 * `held`): it always times out, however loaded the machine, and the test releases the answer after.
 */
const IMPATIENT_TIMEOUT_MS = 200;
/** A pass this long after an ambiguous forum post may ask Discord about it (the poster's settleMs). */
const SETTLED_MS = 61_000;
const SERVER_ERROR = { status: 500, body: { message: 'Internal Server Error', code: 0 } };

let server: FeedServer;
let fake: FakeDiscord;
/** Only for its REST client: what the adapter asks when a route is made (Invocation.threads). */
let client: Client;
beforeAll(async () => {
  server = await startFeedServer();
  fake = await FakeDiscord.start();
  client = new Client({ intents: [], rest: { api: fake.apiUrl } });
  client.rest.setToken('fake-token');
});
afterAll(async () => {
  await client.destroy();
  await fake.close();
  await server.close();
});

/** A moderator in a Discord channel, with the threads the Discord adapter offers there. */
const discordMod = (channelId: string): Invocation => ({
  platform: 'discord',
  workspaceId: GUILD_ID,
  channelId,
  user: { id: 'U-mod', name: 'Mo', isModerator: true },
  threads: () => threadPlaceOf(client, channelId),
});

/** Newsrooms a test opened: their pollers stop after it. */
const opened: Array<{ feeds: { stop(): Promise<void> } }> = [];
afterEach(async () => {
  for (const newsroom of opened.splice(0)) await newsroom.feeds.stop();
});

async function newsroomWith(perHour = 20) {
  const clock = new TestClock(new Date('2024-06-01T00:00:00Z'));
  const store = new MemoryStore(clock);
  const newsroom = await openNewsroom({ contentDir: contentDir(), store, logger: recordingLogger(), clock, feedLimits: LIMITS, feedsAllowPrivate: true });
  opened.push(newsroom);
  const dispatcher = new Dispatcher(newsroom, commands);
  const poster = new DiscordChannelPoster(createPostingRest('fake-token', fake.apiUrl, CLIENT_TIMEOUT_MS));
  const impatient = new DiscordChannelPoster(createPostingRest('fake-token', fake.apiUrl, IMPATIENT_TIMEOUT_MS));
  const alerts = (posterFor: ChannelPoster = poster) =>
    new AlertScheduler({
      newsroom,
      posters: { discord: posterFor },
      pacer: (platform) => new SharedPacer(platform, 1_000, store, clock, async (ms) => clock.advance(ms), newsroom.logger),
      owner: 'replica-a',
      feedName: (url) => newsroom.feeds.feedName(url),
      perHour,
      sleep: async (ms) => clock.advance(ms),
    });
  /** The feed brings `items`; time passes and it is polled. */
  const arrive = async (path: string, items: readonly Item[]) => {
    server.set(path, rss('Thread Wire', items));
    clock.advance(POLL);
    await newsroom.feeds.tick();
  };
  return { clock, newsroom, dispatcher, alerts, arrive, impatient };
}

const item = (id: string, title: string, date = '2024-06-01T00:05:00Z'): Item => ({ id, title, date });
const requests = (method: string, path: RegExp) => fake.requests.filter((r) => r.method === method && path.test(r.path));
const botThreadsIn = (channelId: string) => fake.threadsIn(channelId).filter((t) => t.owner_id === BOT_USER_ID);

describe('thread:yes in a text channel', () => {
  it('posts one message and starts one thread on it, named after the title, per matching new story', async () => {
    const { newsroom, dispatcher, alerts, arrive } = await newsroomWith();
    const channel = fake.addChannel(CHANNEL_TYPES.text);
    const path = '/threads-text.xml';
    server.set(path, rss('Thread Wire', [item('t-old', 'Putin visits a dam')]));
    const added = await dispatcher.dispatch(discordMod(channel), 'feeds', `add ${server.url(path)} mode:live match:putin thread:yes`);
    expect(added.outcome, added.text).toBe('ok');
    expect(added.text).toMatch(/posts each new story here, each in its own thread, as it arrives \(match: putin\)/);
    const long = `Putin and @everyone ${'meet again and again '.repeat(8)}at the summit`;
    await arrive(path, [item('t-old', 'Putin visits a dam'), item('t-1', 'Putin meets the envoy'), item('t-2', 'Harbor bridge reopens'), item('t-3', long, '2024-06-01T00:07:00Z')]);
    expect(await alerts().tick()).toMatchObject({ posted: 2, filtered: 1 });

    const messages = fake.messagesIn(channel);
    expect(messages.map((m) => m.body.embeds[0].title)).toEqual(['Putin meets the envoy', long]);
    const threads = fake.threadsIn(channel);
    expect(threads.map((t) => t.id)).toEqual(messages.map((m) => m.id));
    expect(threads[0]!.name).toBe('Putin meets the envoy');
    expect(threads[1]!.name.length).toBeLessThanOrEqual(100);
    expect(threads[1]!.name).toMatch(/^Putin and @\u200beveryone meet again .*…$/);
    expect(requests('POST', new RegExp(`^/channels/${channel}/messages/\\d+/threads$`))).toHaveLength(2);
    // Every message still carries its nonce, and nothing it posts can ping.
    for (const m of messages) expect(m.body).toMatchObject({ enforce_nonce: true, allowed_mentions: { parse: [] } });

    expect((await alerts().tick()).posted).toBe(0);
    expect(fake.messagesIn(channel)).toHaveLength(2);
    const list = JSON.stringify(await dispatcher.dispatch(discordMod(channel), 'feeds', 'list'));
    expect(list).toMatch(/live · thread · match: putin/);
  });

  it('a thread that cannot be started: the alert counts as delivered, is not posted again, and the failure is the last error', async () => {
    const { newsroom, dispatcher, alerts, arrive } = await newsroomWith();
    const channel = fake.addChannel(CHANNEL_TYPES.text);
    const path = '/threads-refused.xml';
    server.set(path, rss('Thread Wire', []));
    await dispatcher.dispatch(discordMod(channel), 'feeds', `add ${server.url(path)} mode:live thread:yes`);
    fake.script('POST', new RegExp(`^/channels/${channel}/messages/\\d+/threads$`), { status: 403, body: { message: 'Missing Permissions', code: 50013 } });
    await arrive(path, [item('r-1', 'Tunnel opens')]);
    expect(await alerts().tick()).toMatchObject({ posted: 1, failed: 0, open: 0 });
    await alerts().tick();
    expect(fake.messagesIn(channel)).toHaveLength(1);
    expect(fake.threadsIn(channel)).toHaveLength(0);
    const list = JSON.stringify(await dispatcher.dispatch(discordMod(channel), 'feeds', 'list'));
    expect(list).toMatch(/last post 2024-06-01.*last error 2024-06-01 [\d:]+ UTC: posted, but its thread was not started: .*Missing Permissions/);
    expect(list).not.toMatch(/disabled/);
  });

  it('is refused where threads cannot be had: on Slack (no threads), and in a thread of a text channel (threads do not nest)', async () => {
    const { newsroom, dispatcher } = await newsroomWith();
    const path = '/threads-refusals.xml';
    server.set(path, rss('Thread Wire', []));
    const slack: Invocation = { platform: 'slack', workspaceId: 'T1', channelId: 'C1', user: { id: 'U-mod', isModerator: true } };
    const refused = await dispatcher.dispatch(slack, 'feeds', `add ${server.url(path)} mode:live thread:yes`);
    expect(refused).toMatchObject({ outcome: 'refused', text: 'thread: yes is not available here: this platform cannot give each alert a thread of its own.' });
    // Refused before anything was followed.
    expect(JSON.stringify(await dispatcher.dispatch(slack, 'feeds', 'list'))).not.toMatch(/Thread Wire|127\.0\.0\.1/);

    const inThread = fake.addChannel(CHANNEL_TYPES.publicThread, { parent: fake.addChannel(CHANNEL_TYPES.text) });
    const nested = await dispatcher.dispatch(discordMod(inThread), 'feeds', `add ${server.url(path)} thread:yes`);
    expect(nested).toMatchObject({ outcome: 'refused', text: expect.stringMatching(/^thread: yes cannot open threads from here/) });
    expect((await dispatcher.dispatch(discordMod(inThread), 'feeds', `add ${server.url(path)} mode:digest thread:yes`)).text).toMatch(/thread: yes is for live alerts/);
  });
});

describe('thread:yes typed in a forum post: each alert is a new post in the forum', () => {
  /** A forum with one post made by people, in which the moderator routes the feed. */
  async function forumRoute(env: Awaited<ReturnType<typeof newsroomWith>>, path: string) {
    const forum = fake.addChannel(CHANNEL_TYPES.forum);
    const post = fake.addChannel(CHANNEL_TYPES.publicThread, { parent: forum });
    server.set(path, rss('Thread Wire', []));
    const added = await env.dispatcher.dispatch(discordMod(post), 'feeds', `add ${server.url(path)} mode:live thread:yes`);
    expect(added.outcome, added.text).toBe('ok');
    return { forum, post, added };
  }

  it('routes to the forum, posts one forum post per story (starter message = the alert), and lists the forum', async () => {
    const env = await newsroomWith();
    const path = '/threads-forum.xml';
    const { forum, post, added } = await forumRoute(env, path);
    expect(added.text).toContain(`as a new post in this forum (${forum})`);
    await env.arrive(path, [item('f-1', 'Ferry strike ends'), item('f-2', 'Museum reopens')]);
    expect(await env.alerts().tick()).toMatchObject({ posted: 2, open: 0 });

    const threads = botThreadsIn(forum);
    expect(threads.map((t) => t.name)).toEqual(['Ferry strike ends', 'Museum reopens']);
    for (const [i, thread] of threads.entries()) {
      const [starter] = fake.messagesIn(thread.id);
      expect(starter!.id).toBe(thread.id);
      expect(starter!.body).toMatchObject({ allowed_mentions: { parse: [] }, embeds: [{ url: server.url(`/story/f-${i + 1}`) }] });
    }
    expect(requests('POST', new RegExp(`^/channels/(${forum}|${post})/messages$`))).toHaveLength(0);
    expect((await env.alerts().tick()).posted).toBe(0);
    expect(botThreadsIn(forum)).toHaveLength(2);

    const list = JSON.stringify(await env.dispatcher.dispatch(discordMod(post), 'feeds', 'list'));
    expect(list).toContain(`Forum ${forum}`);
    expect(list).toMatch(/live · forum posts/);
    // Made again from another of the forum's posts, it replaces the forum's route.
    const other = fake.addChannel(CHANNEL_TYPES.publicThread, { parent: forum });
    await env.dispatcher.dispatch(discordMod(other), 'feeds', `add ${server.url(path)} mode:live thread:yes`);
    expect((await env.newsroom.routes.routes.ofFeed(server.url(path))).map((r) => r.channelId)).toEqual([forum]);
  });

  it('is refused, with the reason, in a forum that requires a tag on every post and in a media channel (posts need an attachment); nothing is followed', async () => {
    const env = await newsroomWith();
    const path = '/threads-forum-refused.xml';
    server.set(path, rss('Thread Wire', []));
    const tagged = fake.addChannel(CHANNEL_TYPES.forum, { flags: 1 << 4 });
    const inTagged = await env.dispatcher.dispatch(discordMod(fake.addChannel(CHANNEL_TYPES.publicThread, { parent: tagged })), 'feeds', `add ${server.url(path)} mode:live thread:yes`);
    expect(inTagged).toMatchObject({ outcome: 'refused', text: expect.stringMatching(/^thread: yes cannot post to this forum: it requires a tag on every post, and alerts carry none;/) });
    const media = fake.addChannel(CHANNEL_TYPES.media);
    const inMedia = await env.dispatcher.dispatch(discordMod(fake.addChannel(CHANNEL_TYPES.publicThread, { parent: media })), 'feeds', `add ${server.url(path)} mode:live thread:yes`);
    expect(inMedia).toMatchObject({ outcome: 'refused', text: expect.stringMatching(/^thread: yes cannot post to a media channel: its posts need an image or file/) });
    expect(JSON.stringify(await env.dispatcher.dispatch(discordMod(tagged), 'feeds', 'list'))).not.toMatch(/Thread Wire|127\.0\.0\.1/);
    // A forum with other flags (pinned post, 1 << 1) takes the route.
    const pinned = fake.addChannel(CHANNEL_TYPES.forum, { flags: 1 << 1 });
    const inPinned = await env.dispatcher.dispatch(discordMod(fake.addChannel(CHANNEL_TYPES.publicThread, { parent: pinned })), 'feeds', `add ${server.url(path)} mode:live thread:yes`);
    expect(inPinned.outcome, inPinned.text).toBe('ok');
  });

  it('past the hourly cap, the overflow is a forum post too (a forum takes no plain message)', async () => {
    const env = await newsroomWith(1);
    const path = '/threads-forum-cap.xml';
    const { forum } = await forumRoute(env, path);
    await env.arrive(path, ['Ferry', 'Tunnel', 'Museum'].map((w, i) => item(`o-${i}`, `${w} story`, `2024-06-01T00:0${i + 1}:00Z`)));
    expect(await env.alerts().tick()).toMatchObject({ posted: 1, overflowed: 2 });
    env.clock.advance(60 * 60_000);
    await env.alerts().tick();
    expect(botThreadsIn(forum).map((t) => t.name)).toEqual(['Ferry story', '2 more stories from 00:00 UTC']);
  });

  it.each([
    ['answered 500 after creating it', { ...SERVER_ERROR, created: true }, false],
    ['answered after the client’s timeout, having created it', { status: 201, created: true, held: true } as const, true],
  ])('a forum post %s: uncertain until Discord has had time to finish it, then found among the active threads; one post, never re-sent', async (_name, scripted, held) => {
    const env = await newsroomWith();
    const path = `/threads-forum-${scripted.status}.xml`;
    const { forum } = await forumRoute(env, path);
    const posts = new RegExp(`^/channels/${forum}/threads$`);
    const lookups = () => requests('GET', new RegExp(`^/guilds/${GUILD_ID}/threads/active$`)).length;
    const looked = lookups();
    fake.script('POST', posts, scripted);
    await env.arrive(path, [item('a-1', 'Glacier retreat measured')]);
    expect(await env.alerts(held ? env.impatient : undefined).tick()).toMatchObject({ posted: 0, failed: 0, open: 1 });
    fake.release();
    // Not looked up so soon after the ambiguous attempt.
    expect(lookups()).toBe(looked);
    env.clock.advance(SETTLED_MS);
    expect(await env.alerts().tick()).toMatchObject({ failed: 0, open: 0 });
    await env.alerts().tick();
    expect(botThreadsIn(forum)).toHaveLength(1);
    expect(requests('POST', posts)).toHaveLength(1);
    expect(lookups()).toBeGreaterThan(looked);
  });

  it('a forum post Discord finishes only after the client gave up: no lookup within the settle time, never re-sent, one post in the end', async () => {
    const env = await newsroomWith();
    const path = '/threads-forum-slow.xml';
    const { forum } = await forumRoute(env, path);
    const posts = new RegExp(`^/channels/${forum}/threads$`);
    // The request times out; Discord makes the post afterwards.
    fake.script('POST', posts, { status: 201, held: true, later: true });
    await env.arrive(path, [item('s-1', 'Harbor council votes')]);
    expect(await env.alerts(env.impatient).tick()).toMatchObject({ posted: 0, open: 1 });
    expect(botThreadsIn(forum)).toHaveLength(0);
    fake.finishLater();
    fake.release();
    expect(botThreadsIn(forum)).toHaveLength(1);
    // Half the settle time on: the pass neither asks nor posts (the story stays on the open list).
    const asked = fake.requests.length;
    env.clock.advance(SETTLED_MS / 2);
    expect(await env.alerts().tick()).toMatchObject({ posted: 0, failed: 0 });
    expect(fake.requests.slice(asked).filter((r) => r.path.includes('/threads'))).toHaveLength(0);
    // Past it, the lookup finds the post Discord finished.
    env.clock.advance(SETTLED_MS / 2);
    expect(await env.alerts().tick()).toMatchObject({ failed: 0, open: 0 });
    await env.alerts().tick();
    expect(botThreadsIn(forum)).toHaveLength(1);
    expect(requests('POST', posts)).toHaveLength(1);
  });

  it('a forum post answered 500 without being created: after the settle time the lookup finds nothing, it is posted once more (nothing lost)', async () => {
    const env = await newsroomWith();
    const path = '/threads-forum-lost.xml';
    const { forum } = await forumRoute(env, path);
    fake.script('POST', new RegExp(`^/channels/${forum}/threads$`), SERVER_ERROR);
    await env.arrive(path, [item('l-1', 'Vineyard harvest begins')]);
    expect(await env.alerts().tick()).toMatchObject({ posted: 0, open: 1 });
    expect(botThreadsIn(forum)).toHaveLength(0);
    env.clock.advance(SETTLED_MS);
    expect(await env.alerts().tick()).toMatchObject({ open: 0 });
    expect(botThreadsIn(forum)).toHaveLength(1);
    expect(requests('POST', new RegExp(`^/channels/${forum}/threads$`))).toHaveLength(2);
  });

  it('when Discord cannot say, the post stays uncertain (not re-sent) and a later pass settles it', async () => {
    const env = await newsroomWith();
    const path = '/threads-forum-dark.xml';
    const { forum } = await forumRoute(env, path);
    fake.script('POST', new RegExp(`^/channels/${forum}/threads$`), { ...SERVER_ERROR, created: true });
    // The lookup's first read of the active threads fails: Discord cannot say.
    fake.script('GET', new RegExp(`^/guilds/${GUILD_ID}/threads/active$`), SERVER_ERROR);
    await env.arrive(path, [item('d-1', 'Census results published')]);
    expect(await env.alerts().tick()).toMatchObject({ posted: 0, open: 1 });
    expect(botThreadsIn(forum)).toHaveLength(1);
    // Past the settle time the lookup is tried, and Discord cannot say.
    const lookups = () => requests('GET', new RegExp(`^/guilds/${GUILD_ID}/threads/active$`)).length;
    const looked = lookups();
    env.clock.advance(SETTLED_MS);
    expect(await env.alerts().tick()).toMatchObject({ posted: 0, failed: 0 });
    expect(lookups()).toBe(looked + 1);
    // A later pass, past the claim's lease, asks again; Discord answers now.
    env.clock.advance(10 * 60_000);
    expect(await env.alerts().tick()).toMatchObject({ open: 0 });
    expect(botThreadsIn(forum)).toHaveLength(1);
    expect(requests('POST', new RegExp(`^/channels/${forum}/threads$`))).toHaveLength(1);
  });
});
