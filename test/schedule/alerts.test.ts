// Live alerts (issue 17), through the real dispatcher, the real poller and wire, and a feed server
// on loopback: a route made with /feeds add posts exactly the matching new stories once; no flood
// when a feed is added, when it is huge or when it rewrites its dates; no repeats after an edit, a
// restart or with two replicas; a story through two feeds once per channel; the hourly cap's
// overflow in one post; a channel that cannot be posted to is disabled and says why. The clock is
// injected and every step is driven by hand (poller tick, alert pass).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands';
import { createSlackAdapter } from '../../src/adapters/slack';
import type { ChannelPoster } from '../../src/core/adapter';
import type { Invocation } from '../../src/core/context';
import { Dispatcher } from '../../src/core/dispatcher';
import { AmbiguousPostError, PermanentDeliveryError } from '../../src/core/errors';
import { openNewsroom, type OpenedNewsroom } from '../../src/open-newsroom';
import { AlertScheduler } from '../../src/schedule/alerts';
import { SharedPacer } from '../../src/schedule/rate-limit';
import { MemoryStore } from '../../src/store/memory';
import { FakeSlack } from '../fakes/slack';
import { type FeedServer, startFeedServer } from '../ingest/feed-server';
import { contentDir, recordingLogger, TestClock } from '../ingest/support';
import { rss } from './alert-feeds';
import { RecordingPoster } from './support';

const LIMITS = { timeoutMs: 5000, maxBytes: 64 << 20, maxRedirects: 3 };
const START = new Date('2024-06-01T00:00:00Z');
const POLL = 16 * 60_000;

const mod = (workspaceId: string, channelId: string): Invocation => ({ platform: 'slack', workspaceId, channelId, user: { id: `${workspaceId}-mod`, name: 'Mo', isModerator: true } });

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(() => server.close());

async function newsroomWith(perHour = 20) {
  const clock = new TestClock(START);
  const store = new MemoryStore(clock);
  const newsroom = await openNewsroom({ contentDir: contentDir(), store, logger: recordingLogger(), clock, feedLimits: LIMITS, feedsAllowPrivate: true });
  const dispatcher = new Dispatcher(newsroom, commands);
  const poster = new RecordingPoster();
  const alerts = (owner: string, posterFor: ChannelPoster = poster) =>
    new AlertScheduler({
      newsroom,
      posters: { slack: posterFor },
      pacer: (platform) => new SharedPacer(platform, 1_000, store, clock, async (ms) => clock.advance(ms), newsroom.logger),
      owner,
      feedName: (url) => newsroom.feeds.feedName(url),
      perHour,
      sleep: async (ms) => clock.advance(ms),
    });
  /** Time passes, the feeds are polled. */
  const poll = async () => {
    clock.advance(POLL);
    await newsroom.feeds.tick();
  };
  return { clock, store, newsroom, dispatcher, poster, alerts, poll };
}

const titlesPosted = (poster: RecordingPoster, channelId?: string) => poster.posted.filter((p) => !channelId || p.channelId === channelId).map((p) => p.reply.title);

describe('live alerts', () => {
  it('a route with match posts exactly the matching new stories, once; nothing already in the feed', async () => {
    const { dispatcher, poster, alerts, poll, newsroom } = await newsroomWith();
    try {
      const path = '/alerts-match.xml';
      const old = [{ id: 'm-old-1', title: 'Putin visits a dam', date: '2024-05-30T10:00:00Z' }];
      server.set(path, rss('Wire One', old));
      const added = await dispatcher.dispatch(mod('T1', 'C-NEWS'), 'feeds', `add ${server.url(path)} match:putin mode:live`);
      expect(added.outcome, added.text).toBe('ok');
      expect(added.text).toMatch(/posts each new story here as it arrives .*match: putin/);
      const pass = alerts('replica-a');
      expect((await pass.tick()).posted).toBe(0);

      server.set(path, rss('Wire One', [...old, { id: 'm-1', title: 'Putin meets the envoy', date: '2024-06-01T00:05:00Z' }, { id: 'm-2', title: 'Harbor bridge reopens', date: '2024-06-01T00:06:00Z' }, { id: 'm-3', title: 'Markets and Putin', date: '2024-06-01T00:07:00Z', tags: ['business'] }]));
      await poll();
      expect(await pass.tick()).toMatchObject({ posted: 2, filtered: 1 });
      expect(titlesPosted(poster, 'C-NEWS')).toEqual(['Putin meets the envoy', 'Markets and Putin']);
      const alert = poster.posted[0]!.reply;
      expect(alert.url).toBe(server.url('/story/m-1'));
      expect(alert.footer).toMatch(/Wire One · 1 Jun 2024 · 00:05 UTC/);
      expect(alert.text).toBeTruthy();

      // Nothing new: nothing posted; the story that failed its filter stays unposted when edited to match.
      await poll();
      server.set(path, rss('Wire One', [...old, { id: 'm-1', title: 'Putin meets the envoy again (updated)', date: '2024-06-01T00:05:00Z' }, { id: 'm-2', title: 'Harbor bridge reopens, Putin says', date: '2024-06-01T00:06:00Z' }, { id: 'm-3', title: 'Markets and Putin', date: '2024-06-01T00:07:00Z' }]));
      await poll();
      expect((await pass.tick()).posted).toBe(0);
      // A restart (a new pass over the same store) reposts nothing.
      expect((await alerts('replica-restarted').tick()).posted).toBe(0);
      expect(poster.posted).toHaveLength(2);

      // /feeds list shows the route, its filter and the last post.
      const list = await dispatcher.dispatch(mod('T1', 'C-NEWS'), 'feeds', 'list');
      expect(JSON.stringify(list)).toMatch(/live · match: putin/);
      expect(JSON.stringify(list)).toMatch(/last post 2024-06-01/);
    } finally {
      await newsroom.feeds.stop();
    }
  });

  it('two replicas passing together post each story once', async () => {
    const { dispatcher, poster, alerts, poll, newsroom } = await newsroomWith();
    try {
      const path = '/alerts-replicas.xml';
      server.set(path, rss('Wire Two', []));
      for (const channel of ['C-1', 'C-2', 'C-3']) await dispatcher.dispatch(mod('T1', channel), 'feeds', `add ${server.url(path)} mode:live`);
      server.set(path, rss('Wire Two', Array.from({ length: 6 }, (_, i) => ({ id: `r-${i}`, title: `Replica story ${i}`, date: `2024-06-01T00:0${i}:00Z` }))));
      await poll();
      const [a, b] = [alerts('replica-a'), alerts('replica-b')];
      await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
      await Promise.all([a.tick(), b.tick()]);
      for (const channel of ['C-1', 'C-2', 'C-3']) expect(titlesPosted(poster, channel).sort()).toEqual(Array.from({ length: 6 }, (_, i) => `Replica story ${i}`));
    } finally {
      await newsroom.feeds.stop();
    }
  });

  it('a story reaching the channel through two feeds is posted once', async () => {
    const { dispatcher, poster, alerts, poll, newsroom } = await newsroomWith();
    try {
      const [one, two] = ['/alerts-twin-a.xml', '/alerts-twin-b.xml'];
      server.set(one, rss('Twin A', []));
      server.set(two, rss('Twin B', []));
      await dispatcher.dispatch(mod('T1', 'C-TWIN'), 'feeds', `add ${server.url(one)} mode:live`);
      await dispatcher.dispatch(mod('T1', 'C-TWIN'), 'feeds', `add ${server.url(two)} mode:live`);
      // The same story (same text) under another GUID and link in the second feed.
      const story = { id: 'twin-story', title: 'Glacier retreat measured', date: '2024-06-01T00:03:00Z' };
      server.set(one, rss('Twin A', [story]));
      server.set(two, rss('Twin B', [story].map((s) => ({ ...s, id: 'twin-story' }))).replaceAll('<guid isPermaLink="false">twin-story', '<guid isPermaLink="false">other-guid').replaceAll('/story/twin-story', '/copy/twin-story'));
      await poll();
      await alerts('replica-a').tick();
      expect(titlesPosted(poster, 'C-TWIN')).toEqual(['Glacier retreat measured']);
    } finally {
      await newsroom.feeds.stop();
    }
  });

  it('no flood from a 50,000-item feed, nor from a feed that rewrites every date', async () => {
    const { dispatcher, poster, alerts, poll, newsroom } = await newsroomWith();
    try {
      const path = '/alerts-huge.xml';
      const items = Array.from({ length: 50_000 }, (_, i) => ({ id: `h-${i}`, title: `Archive item ${i}`, date: new Date(Date.parse('2024-05-31T00:00:00Z') - i * 60_000).toISOString(), words: 24 }));
      server.set(path, rss('Huge', items));
      const added = await dispatcher.dispatch(mod('T1', 'C-HUGE'), 'feeds', `add ${server.url(path)} mode:live`);
      expect(added.outcome, added.text).toBe('ok');
      const pass = alerts('replica-a');
      await poll();
      expect((await pass.tick()).posted).toBe(0);
      // Every item re-dated to now: the same stories, not new ones.
      server.set(path, rss('Huge', items.map((i) => ({ ...i, date: '2024-06-01T00:30:00Z' }))));
      await poll();
      expect((await pass.tick()).posted).toBe(0);
      expect(poster.posted).toHaveLength(0);
    } finally {
      await newsroom.feeds.stop();
    }
  }, 60_000);

  it('past the hourly cap, the rest of the hour is one overflow post', async () => {
    const { dispatcher, poster, alerts, poll, newsroom, clock } = await newsroomWith(2);
    try {
      const path = '/alerts-cap.xml';
      server.set(path, rss('Busy', []));
      await dispatcher.dispatch(mod('T1', 'C-CAP'), 'feeds', `add ${server.url(path)} mode:live`);
      server.set(path, rss('Busy', Array.from({ length: 5 }, (_, i) => ({ id: `c-${i}`, title: `Busy story ${i}`, date: `2024-06-01T00:0${i}:00Z` }))));
      await poll();
      const pass = alerts('replica-a');
      expect(await pass.tick()).toMatchObject({ posted: 2, overflowed: 3 });
      expect(poster.posted).toHaveLength(2);
      clock.advance(60 * 60_000);
      await pass.tick();
      expect(poster.posted).toHaveLength(3);
      const overflow = poster.posted[2]!.reply;
      expect(overflow.title).toMatch(/^3 more stories from 00:00 UTC/);
      expect(overflow.items?.map((i) => i.title)).toHaveLength(3);
      await pass.tick();
      expect(poster.posted).toHaveLength(3);
    } finally {
      await newsroom.feeds.stop();
    }
  });

  it('a channel the bot can no longer post to is disabled, with the reason in /feeds list', async () => {
    const { dispatcher, alerts, poll, newsroom } = await newsroomWith();
    try {
      const path = '/alerts-gone.xml';
      server.set(path, rss('Gone', []));
      await dispatcher.dispatch(mod('T1', 'C-GONE'), 'feeds', `add ${server.url(path)} mode:live`);
      server.set(path, rss('Gone', [{ id: 'g-1', title: 'Ferry strike ends', date: '2024-06-01T00:01:00Z' }, { id: 'g-2', title: 'Ferry timetable', date: '2024-06-01T00:02:00Z' }]));
      await poll();
      const refusing = new RecordingPoster((channelId) => new PermanentDeliveryError(`Slack refused the post to ${channelId}: channel_not_found`));
      const pass = alerts('replica-a', refusing);
      expect(await pass.tick()).toMatchObject({ posted: 0, failed: 1 });
      expect(refusing.calls).toBe(1);
      // Disabled: not tried again.
      await pass.tick();
      expect(refusing.calls).toBe(1);
      const list = JSON.stringify(await dispatcher.dispatch(mod('T1', 'C-GONE'), 'feeds', 'list'));
      expect(list).toMatch(/disabled.*channel_not_found/);
    } finally {
      await newsroom.feeds.stop();
    }
  });

  it('options are checked: a bad pattern, an unknown mode; a preview posts nothing', async () => {
    const { dispatcher, poster, newsroom } = await newsroomWith();
    try {
      const path = '/alerts-preview.xml';
      server.set(path, rss('Preview', [{ id: 'p-1', title: 'Putin speaks', date: '2024-05-31T10:00:00Z' }, { id: 'p-2', title: 'Harbor news', date: '2024-05-31T11:00:00Z' }]));
      const bad = await dispatcher.dispatch(mod('T1', 'C-P'), 'feeds', `add ${server.url(path)} match:/(putin/`);
      expect(bad).toMatchObject({ outcome: 'refused' });
      expect(bad.text).toMatch(/match: \/\(putin\/ is not a pattern I can use/);
      expect((await dispatcher.dispatch(mod('T1', 'C-P'), 'feeds', `add ${server.url(path)} mode:hourly`)).text).toMatch(/mode/);
      const preview = await dispatcher.dispatch(mod('T1', 'C-P'), 'feeds', `test ${server.url(path)} match:putin`);
      expect(preview.outcome, preview.text).toBe('ok');
      expect(preview.items?.map((i) => i.title)).toEqual(['Putin speaks']);
      expect(preview.text).toMatch(/1 of 2/);
      expect(poster.posted).toHaveLength(0);
      // Not followed, not routed, by a test.
      expect(JSON.stringify(await dispatcher.dispatch(mod('T1', 'C-P'), 'feeds', 'list'))).not.toMatch(/Preview/);
    } finally {
      await newsroom.feeds.stop();
    }
  });

  it('another workspace neither sees nor changes a route', async () => {
    const { dispatcher, newsroom } = await newsroomWith();
    try {
      const path = '/alerts-tenancy.xml';
      server.set(path, rss('Tenancy', []));
      await dispatcher.dispatch(mod('T1', 'C-A'), 'feeds', `add ${server.url(path)} match:harbor`);
      expect(JSON.stringify(await dispatcher.dispatch(mod('T2', 'C-B'), 'feeds', 'list'))).not.toMatch(/harbor|Tenancy/);
      expect((await dispatcher.dispatch(mod('T2', 'C-A'), 'feeds', `remove ${server.url(path)}`)).outcome).toBe('refused');
      expect(JSON.stringify(await dispatcher.dispatch(mod('T1', 'C-A'), 'feeds', 'list'))).toMatch(/match: harbor/);
      const reader = { ...mod('T1', 'C-A'), user: { id: 'U-r', isModerator: false } };
      expect((await dispatcher.dispatch(reader, 'feeds', `add ${server.url(path)} match:x`)).text).toMatch(/Only moderators/);
    } finally {
      await newsroom.feeds.stop();
    }
  });

  it('through the real Slack client: a post answered 500 after Slack stored it is looked up, not sent again', async () => {
    const { dispatcher, alerts, poll, newsroom } = await newsroomWith();
    const slack = await new FakeSlack().start();
    const adapter = await createSlackAdapter({
      config: { botToken: 'xoxb-test', signingSecret: 'secret', port: 0, apiUrl: slack.apiUrl, moderatorIds: [] },
      dispatcher,
      newsroom,
    });
    try {
      const path = '/alerts-slack.xml';
      server.set(path, rss('Slack Wire', []));
      await dispatcher.dispatch(mod('T1', 'C-SLACK'), 'feeds', `add ${server.url(path)} mode:live`);
      server.set(path, rss('Slack Wire', [{ id: 's-1', title: 'Vineyard harvest @everyone <!channel> begins', date: '2024-06-01T00:01:00Z' }]));
      await poll();
      slack.script.set('chat.postMessage', [{ status: 500, posted: true }]);
      expect(await alerts('replica-a', adapter.outbound).tick()).toMatchObject({ posted: 1, open: 0 });
      await alerts('replica-b', adapter.outbound).tick();
      const messages = slack.messagesIn('C-SLACK');
      expect(messages).toHaveLength(1);
      expect(messages[0]!.metadata).toMatchObject({ event_type: 'newsroom_alert', event_payload: { channel: 'C-SLACK' } });
      // Nothing it posts can ping: Slack is told not to link names (the form-encoded call carries strings), and the text is escaped.
      expect(slack.callsTo('chat.postMessage').at(-1)!.args).toMatchObject({ link_names: 'false', parse: 'none' });
      expect(JSON.stringify(messages[0])).not.toMatch(/<!channel>/);
      expect(slack.callsTo('conversations.history').length).toBeGreaterThan(0);
    } finally {
      await adapter.stop();
      await slack.stop();
      await newsroom.feeds.stop();
    }
  });

  it('a route posts only what its workspace still reads: once it no longer follows the feed, the route is disabled and can be removed', async () => {
    const { dispatcher, poster, alerts, poll, newsroom, store } = await newsroomWith();
    try {
      const path = '/alerts-unfollowed.xml';
      const url = server.url(path);
      server.set(path, rss('Shared', []));
      await dispatcher.dispatch(mod('T1', 'C-T1'), 'feeds', `add ${url} mode:live`);
      await dispatcher.dispatch(mod('T2', 'C-T2'), 'feeds', `add ${url} mode:live`);
      // T1 stops following it on another replica, which had not heard of the route (the store as it left it).
      await store.delete('workspace-feeds', 'slack/T1');
      server.set(path, rss('Shared', [{ id: 'u-1', title: 'Census results published', date: '2024-06-01T00:01:00Z' }]));
      await poll();
      await alerts('replica-a').tick();
      expect(poster.posted.map((p) => p.channelId)).toEqual(['C-T2']);
      expect(JSON.stringify(await dispatcher.dispatch(mod('T1', 'C-T1'), 'feeds', 'list'))).toMatch(/no longer follows the feed/);
      expect((await dispatcher.dispatch(mod('T1', 'C-T1'), 'feeds', `remove ${url}`)).text).toMatch(/^Stopped posting .* in this channel/);
      expect(JSON.stringify(await dispatcher.dispatch(mod('T1', 'C-T1'), 'feeds', 'list'))).not.toMatch(/C-T1|This channel/);
    } finally {
      await newsroom.feeds.stop();
    }
  });

  it('a post whose fate nobody can learn yet holds up nothing behind it, is asked about again, and is given up after a day', async () => {
    const { dispatcher, alerts, poll, newsroom, clock, store } = await newsroomWith();
    try {
      const path = '/alerts-open.xml';
      server.set(path, rss('Open', []));
      await dispatcher.dispatch(mod('T1', 'C-OPEN'), 'feeds', `add ${server.url(path)} mode:live`);
      server.set(path, rss('Open', ['Ferry', 'Tunnel', 'Museum'].map((w, i) => ({ id: `o-${i}`, title: `${w} story`, date: `2024-06-01T00:0${i + 1}:00Z` }))));
      await poll();
      // The first post's answer never comes, and the platform cannot be asked (its history is unreadable).
      const posted: string[] = [];
      let asked = 0;
      const poster: ChannelPoster = {
        post: async (_channel, reply) => {
          if (reply.title === 'Ferry story') throw new AmbiguousPostError('no answer');
          posted.push(reply.title!);
        },
        find: async () => {
          asked++;
          return undefined;
        },
      };
      expect(await alerts('replica-a', poster).tick()).toMatchObject({ posted: 2, open: 1 });
      expect(posted).toEqual(['Tunnel story', 'Museum story']);
      const routeLog = async () => (await store.entries<{ open?: unknown[] }>('route-logs'))[0]![1];
      expect((await routeLog()).open).toHaveLength(1);
      // Later passes ask again (after the claim's lease) and never post it blindly.
      clock.advance(10 * 60_000);
      const before = asked;
      await alerts('replica-a', poster).tick();
      expect(asked).toBeGreaterThan(before);
      expect(posted).toEqual(['Tunnel story', 'Museum story']);
      expect((await routeLog()).open).toHaveLength(1);
      // A day on, it is given up: left "uncertain", never re-sent.
      clock.advance(25 * 3_600_000);
      await alerts('replica-a', poster).tick();
      expect((await routeLog()).open).toBeUndefined();
      expect(posted).toEqual(['Tunnel story', 'Museum story']);
    } finally {
      await newsroom.feeds.stop();
    }
  });
});
