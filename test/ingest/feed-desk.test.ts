// Feeds belong to a workspace: two servers/workspaces cannot see or change each other's feeds,
// one URL followed by both is fetched once per poll and stays polled while anyone follows it, a
// workspace may follow at most FEEDS_PER_WORKSPACE feeds, and feeds added from chat before feeds
// belonged to a workspace become the operator's on upgrade. Through the real dispatcher, a real
// poller and a feed server on loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands';
import type { Invocation } from '../../src/core/context';
import { Dispatcher } from '../../src/core/dispatcher';
import { openNewsroom, type OpenedNewsroom } from '../../src/open-newsroom';
import { MemoryStore } from '../../src/store/memory';
import { type FeedServer, startFeedServer } from './feed-server';
import { contentDir, recordingLogger, TestClock } from './support';

const LIMITS = { timeoutMs: 1000, maxBytes: 1 << 20, maxRedirects: 3 };

const person = (platform: string, workspaceId: string, isModerator: boolean): Invocation => ({
  platform,
  workspaceId,
  channelId: `${workspaceId}-news`,
  user: { id: `${workspaceId}-${isModerator ? 'mod' : 'reader'}`, name: `${isModerator ? 'Mod' : 'Reader'} of ${workspaceId}`, isModerator },
});
const modA = person('discord', 'guild-a', true);
const modB = person('slack', 'T0B', true);
// Same workspace id on another platform: another workspace.
const modOtherPlatform = person('slack', 'guild-a', true);

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(() => server.close());

async function open(store: MemoryStore, clock: TestClock, yaml?: string, feedsPerWorkspace?: number): Promise<{ newsroom: OpenedNewsroom; dispatcher: Dispatcher }> {
  const newsroom = await openNewsroom({ contentDir: contentDir(yaml), store, logger: recordingLogger(), clock, feedLimits: LIMITS, feedsAllowPrivate: true, ...(feedsPerWorkspace && { feedsPerWorkspace }) });
  return { newsroom, dispatcher: new Dispatcher(newsroom, commands) };
}

const titles = async (dispatcher: Dispatcher, who: Invocation) => ((await dispatcher.dispatch(who, 'feeds', 'list')).items ?? []).map((i) => i.title);

describe('feeds belong to the workspace that added them', () => {
  it('lists, and lets change, a feed only where it was added; elsewhere it is "not followed"', async () => {
    const clock = new TestClock(new Date('2024-06-01T00:00:00Z'));
    const { newsroom, dispatcher } = await open(new MemoryStore(clock), clock);
    try {
      const city = server.url('/city.rss.xml');
      expect((await dispatcher.dispatch(modA, 'feeds', `add ${city}`)).text).toMatch(/^Following Riverton City Desk/);
      expect(await titles(dispatcher, modA)).toEqual(['Riverton City Desk']);
      const elsewhere = await dispatcher.dispatch(modB, 'feeds', 'list');
      expect(elsewhere.text).toBe('No feeds yet. A moderator can add one with /feeds add <url>.');
      expect(await titles(dispatcher, modOtherPlatform)).toEqual([]);
      // B cannot remove it, and is not told who follows it.
      const removal = await dispatcher.dispatch(modB, 'feeds', `remove ${city}`);
      expect(removal).toMatchObject({ outcome: 'refused', text: `Not following “${city}”. See /feeds list.` });
      expect(removal.text).not.toMatch(/guild-a|Mod of|Riverton/);
      expect(await titles(dispatcher, modA)).toEqual(['Riverton City Desk']);
      // A's moderator removes it; a non-moderator of A may not.
      expect((await dispatcher.dispatch(person('discord', 'guild-a', false), 'feeds', `remove ${city}`)).text).toMatch(/Only moderators can use \/feeds/);
      expect((await dispatcher.dispatch(modA, 'feeds', `remove ${city}`)).text).toMatch(/^Stopped following Riverton City Desk/);
      expect(await titles(dispatcher, modA)).toEqual([]);
    } finally {
      await newsroom.feeds.stop();
    }
  });

  it('fetches a URL two workspaces follow once per poll, and polls it while either still follows it', async () => {
    const clock = new TestClock(new Date('2024-06-01T00:00:00Z'));
    const store = new MemoryStore(clock);
    const { newsroom, dispatcher } = await open(store, clock);
    try {
      const path = '/metro-briefs.rss.xml';
      const url = server.url(path);
      const start = server.hits(path).total;
      await dispatcher.dispatch(modA, 'feeds', `add ${url}`);
      const joined = await dispatcher.dispatch(modB, 'feeds', `add ${url}`);
      expect(joined).toMatchObject({ outcome: 'ok', text: `Following Metro Briefs (${url}): the stories it brought are served here now by /news and /summary; only stories published from now on count as new for digests.` });
      expect((await dispatcher.dispatch(modB, 'summary', 'school district teachers')).title).toBe('School district hires 40 new teachers');
      expect(await titles(dispatcher, modB)).toEqual(['Metro Briefs']);
      expect((await dispatcher.dispatch(modB, 'feeds', 'list')).items![0]!.meta).toMatch(/added by Mod of T0B/);
      expect((await dispatcher.dispatch(modA, 'feeds', 'list')).items![0]!.meta).toMatch(/added by Mod of guild-a/);
      const afterAdds = server.hits(path).total;
      expect(afterAdds - start).toBe(2); // each add fetches at once (the second a conditional GET)
      clock.advance(16 * 60_000);
      expect((await newsroom.feeds.tick()).map((r) => r.feed.url)).toEqual([url]);
      expect(server.hits(path).total).toBe(afterAdds + 1);
      // A stops following: B still does, so it is still polled.
      await dispatcher.dispatch(modA, 'feeds', `remove ${url}`);
      expect(await titles(dispatcher, modA)).toEqual([]);
      expect(await titles(dispatcher, modB)).toEqual(['Metro Briefs']);
      clock.advance(16 * 60_000);
      expect((await newsroom.feeds.tick()).map((r) => r.feed.url)).toEqual([url]);
      expect(server.hits(path).total).toBe(afterAdds + 2);
      // B too: nobody follows it, and it is polled no more.
      await dispatcher.dispatch(modB, 'feeds', `remove ${url}`);
      clock.advance(16 * 60_000);
      expect(await newsroom.feeds.tick()).toEqual([]);
      expect(server.hits(path).total).toBe(afterAdds + 2);
      expect(await store.get('feed-state', url)).toBeUndefined();
    } finally {
      await newsroom.feeds.stop();
    }
  });

  it('refuses a feed past the workspace limit, counting only that workspace’s own feeds', async () => {
    const clock = new TestClock(new Date('2024-06-01T00:00:00Z'));
    const yaml = `feeds:\n  - { url: "${server.url('/valley-wire.atom.xml')}", name: Valley Wire }\n`;
    const { newsroom, dispatcher } = await open(new MemoryStore(clock), clock, yaml, 2);
    try {
      expect((await dispatcher.dispatch(modA, 'feeds', `add ${server.url('/city.rss.xml')}`)).outcome).toBe('ok');
      expect((await dispatcher.dispatch(modA, 'feeds', `add ${server.url('/metro-briefs.rss.xml')}`)).outcome).toBe('ok');
      const third = await dispatcher.dispatch(modA, 'feeds', `add ${server.url('/cafe-courier.cp1252.xml')}`);
      expect(third).toMatchObject({ outcome: 'refused', text: 'This server or workspace follows 2 feeds already, the most it may; remove one first.' });
      expect(server.hits('/cafe-courier.cp1252.xml').total).toBe(0);
      expect((await dispatcher.dispatch(modB, 'feeds', `add ${server.url('/cafe-courier.cp1252.xml')}`)).outcome).toBe('ok');
      expect(await titles(dispatcher, modA)).toEqual(['Valley Wire', 'Riverton City Desk', 'Metro Briefs']);
    } finally {
      await newsroom.feeds.stop();
    }
  });
});

describe('feeds added from chat before feeds belonged to a workspace', () => {
  it('are operator feeds after the upgrade: listed and served everywhere, removable from no workspace, taken over by one that adds them', async () => {
    const clock = new TestClock(new Date('2024-06-01T00:00:00Z'));
    const store = new MemoryStore(clock);
    const url = server.url('/metro-briefs.rss.xml');
    // As the earlier version kept it: store namespace "feeds", keyed by the bare URL.
    await store.set('feeds', url, { url, name: 'Metro Briefs', intervalMs: 15 * 60_000, tags: [], origin: 'command', addedBy: 'Old Moderator' });
    const { newsroom, dispatcher } = await open(store, clock);
    try {
      await newsroom.feeds.tick();
      for (const who of [modA, modB]) {
        const list = await dispatcher.dispatch(who, 'feeds', 'list');
        expect(list.items!.map((i) => [i.title, i.meta])).toEqual([['Metro Briefs', 'every 15 min · operator feed · 3 articles']]);
        expect(list.footer).toMatch(/served everywhere until a moderator adds one here/);
        expect((await dispatcher.dispatch(who, 'summary', 'school district teachers')).title).toBe('School district hires 40 new teachers');
        const removal = await dispatcher.dispatch(who, 'feeds', `remove ${url}`);
        expect(removal).toMatchObject({ outcome: 'refused', text: expect.stringMatching(/^Metro Briefs is one of the newsroom's operator feeds, served everywhere; it cannot be removed from chat/) });
      }
      // A adds it: it is A's now, and B neither lists it nor is served its stories.
      expect((await dispatcher.dispatch(modA, 'feeds', `add ${url}`)).outcome).toBe('ok');
      expect(await store.get('feeds', url)).toBeUndefined();
      expect((await dispatcher.dispatch(modA, 'feeds', 'list')).items!.map((i) => i.meta)).toEqual(['every 15 min · added by Mod of guild-a · 3 articles']);
      expect(await titles(dispatcher, modB)).toEqual([]);
      expect(await dispatcher.dispatch(modB, 'summary', 'school district teachers')).toMatchObject({ outcome: 'refused', text: expect.stringMatching(/^No article matches “school district teachers”/) });
      expect((await dispatcher.dispatch(modA, 'summary', 'school district teachers')).title).toBe('School district hires 40 new teachers');
    } finally {
      await newsroom.feeds.stop();
    }
  });

  it('go when the operator drops one (newsroom feeds drop): listed, served and polled nowhere after', async () => {
    const clock = new TestClock(new Date('2024-06-01T00:00:00Z'));
    const store = new MemoryStore(clock);
    const url = server.url('/city.rss.xml');
    await store.set('feeds', url, { url, name: 'City Desk', intervalMs: 15 * 60_000, tags: [], origin: 'command', addedBy: 'Old Moderator' });
    const { newsroom, dispatcher } = await open(store, clock);
    try {
      await newsroom.feeds.tick();
      expect((await dispatcher.dispatch(modB, 'summary', 'harbor bridge reopens')).title).toBe('Harbor bridge reopens after six months of repairs');
      expect((await newsroom.feeds.operatorFeeds()).map((f) => f.url)).toEqual([url]);
      expect((await newsroom.feeds.dropOperatorFeed(url)).name).toBe('City Desk');
      expect(await titles(dispatcher, modA)).toEqual([]);
      expect((await dispatcher.dispatch(modB, 'summary', 'harbor bridge reopens')).outcome).toBe('refused');
      const hits = server.hits('/city.rss.xml').total;
      clock.advance(16 * 60_000);
      expect(await newsroom.feeds.tick()).toEqual([]);
      expect(server.hits('/city.rss.xml').total).toBe(hits);
    } finally {
      await newsroom.feeds.stop();
    }
  });
});
