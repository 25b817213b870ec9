// Stories are served per workspace: every command that serves stories (/news, /summary, /quote,
// /search, autocomplete) and the digest sees the operator's content and the stories of the feeds
// that workspace follows, never another workspace's. A story that came through several feeds is
// served to every workspace following any of them. Real dispatcher, poller, archive and a feed
// server on loopback; the clock is the test's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands';
import type { Invocation } from '../../src/core/context';
import { Dispatcher } from '../../src/core/dispatcher';
import { buildDigest } from '../../src/newsroom/digest';
import { openNewsroom, type OpenedNewsroom } from '../../src/open-newsroom';
import { withDigestDesk } from '../../src/schedule/desk';
import { MemoryStore } from '../../src/store/memory';
import { type FeedServer, startFeedServer } from '../ingest/feed-server';
import { contentDir, recordingLogger, TestClock } from '../ingest/support';

const words = (prefix: string) => `${Array.from({ length: 100 }, (_, i) => `${prefix}${i}`).join(' ')}.`;
const item = (guid: string, title: string, link: string, date: string, text: string) =>
  `<item><guid isPermaLink="false">${guid}</guid><title>${title}</title><link>${link}</link><pubDate>${date}</pubDate><description>${text}</description></item>`;
const rss = (site: string, ...items: string[]) => `<?xml version="1.0"?><rss version="2.0"><channel><title>${site}</title>${items.join('')}</channel></rss>`;

const GONDOLA = item('a1', 'Alpine gondola reopens', '{{BASE}}/a/gondola', 'Thu, 30 May 2024 10:00:00 GMT', `The gondola said ${words('gondola')} “We are glad to be back,” said Mayor Ada Lind.`);
const BAKERY = item('b1', 'Bakery wins regional prize', '{{BASE}}/b/bakery', 'Thu, 30 May 2024 11:00:00 GMT', `The bakery said ${words('bakery')} “Flour is everything,” said baker Ben Ostrowski.`);

const who = (platform: string, workspaceId: string): Invocation => ({ platform, workspaceId, channelId: `${workspaceId}-news`, user: { id: `${workspaceId}-mod`, name: `Mod of ${workspaceId}`, isModerator: true } });
const A = who('discord', 'guild-a');
const B = who('slack', 'T0B');
const C = who('discord', 'guild-c');

let server: FeedServer;
let newsroom: OpenedNewsroom;
let dispatcher: Dispatcher;
const clock = new TestClock(new Date('2024-06-01T00:00:00Z'));

beforeAll(async () => {
  server = await startFeedServer();
  server.set('/a.xml', rss('Alpha Post', GONDOLA));
  server.set('/b.xml', rss('Bravo Times', BAKERY));
  // C's feed carries A's story (same link): one article, served to A and C.
  server.set('/c.xml', rss('Charlie Daily', item('c1', 'Alpine gondola reopens', '{{BASE}}/a/gondola', 'Thu, 30 May 2024 10:05:00 GMT', `The gondola said ${words('gondola')}`)));
  newsroom = await openNewsroom({ contentDir: contentDir(), store: new MemoryStore(clock), logger: recordingLogger(), clock, feedsAllowPrivate: true });
  dispatcher = new Dispatcher(withDigestDesk(newsroom, { defaultTimezone: 'UTC', catchupMs: 6 * 3_600_000 }), commands);
  for (const [where, path] of [[A, '/a.xml'], [B, '/b.xml'], [C, '/c.xml']] as const) {
    expect((await dispatcher.dispatch(where, 'feeds', `add ${server.url(path)}`)).outcome).toBe('ok');
  }
});
afterAll(async () => {
  await newsroom.feeds.stop();
  await server.close();
});

const newsTitles = async (where: Invocation) => (await dispatcher.dispatch(where, 'news', '10')).items!.map((i) => i.title);
const slugOf = async (title: string) => (await newsroom.articles.latest(100)).find((a) => a.title === title)!.slug;

describe('stories served per workspace', () => {
  it('/news: its own feeds’ stories and the operator’s content, not another workspace’s', async () => {
    const a = await newsTitles(A);
    const b = await newsTitles(B);
    expect(a).toContain('Alpine gondola reopens');
    expect(a).not.toContain('Bakery wins regional prize');
    expect(b).toContain('Bakery wins regional prize');
    expect(b).not.toContain('Alpine gondola reopens');
    // The operator's content (content/articles) everywhere.
    const operator = (await newsroom.articles.latest(100)).filter((x) => x.title.startsWith('North Korea’s Kim Jong Un')).map((x) => x.title);
    expect(operator.length).toBeGreaterThan(0);
    expect((await dispatcher.dispatch(B, 'summary', 'kim jong un russia')).title).toBe(operator[0]);
    expect((await dispatcher.dispatch(A, 'summary', 'kim jong un russia')).title).toBe(operator[0]);
  });

  it('/summary and /quote: another workspace’s story is not found, by title words or by slug', async () => {
    const gondola = await slugOf('Alpine gondola reopens');
    expect((await dispatcher.dispatch(A, 'summary', 'alpine gondola')).title).toBe('Alpine gondola reopens');
    expect((await dispatcher.dispatch(A, 'summary', gondola)).title).toBe('Alpine gondola reopens');
    for (const query of ['alpine gondola', gondola]) {
      expect(await dispatcher.dispatch(B, 'summary', query)).toMatchObject({ outcome: 'refused', text: expect.stringMatching(/^No article matches/) });
      expect(await dispatcher.dispatch(B, 'quote', query)).toMatchObject({ outcome: 'refused', text: expect.stringMatching(/^No article matches/) });
    }
    // "Closest:" names no title B may not read.
    expect((await dispatcher.dispatch(A, 'summary', 'gondolla')).text).toContain('Closest: “Alpine gondola reopens”');
    expect((await dispatcher.dispatch(B, 'summary', 'gondolla')).text).not.toMatch(/gondola/i);
    expect((await dispatcher.dispatch(A, 'quote', 'alpine gondola')).quotes!.map((q) => q.speaker)).toEqual(['Ada Lind']);
  });

  it('/search and autocomplete: only what the workspace may read', async () => {
    expect((await dispatcher.dispatch(A, 'search', 'gondola')).items!.map((i) => i.title)).toEqual(['Alpine gondola reopens']);
    expect(await dispatcher.dispatch(B, 'search', 'gondola')).toMatchObject({ text: expect.stringMatching(/^No articles mention “gondola”/) });
    expect((await dispatcher.suggest(A, 'summary', 'article', 'alpine gon', 25)).map((s) => s.label)).toEqual(['Alpine gondola reopens']);
    expect(await dispatcher.suggest(B, 'summary', 'article', 'alpine gon', 25)).toEqual([]);
    expect(await dispatcher.suggest(B, 'quote', 'article', 'alpine gon', 25)).toEqual([]);
    expect((await dispatcher.suggest(B, 'quote', 'article', 'bakery', 25)).map((s) => s.label)).toEqual(['Bakery wins regional prize']);
  });

  it('a story that came through several feeds: served to every workspace following any of them', async () => {
    expect(await newsTitles(C)).toContain('Alpine gondola reopens');
    expect(await newsTitles(C)).not.toContain('Bakery wins regional prize');
    expect((await newsroom.articles.archive.provenanceOf(await slugOf('Alpine gondola reopens'))).map((p) => p.feed).sort()).toEqual([server.url('/a.xml'), server.url('/c.xml')]);
  });

  it('digests: the new stories of the workspace’s own feeds only', async () => {
    // New items, published after the feeds were added: news for the next digest.
    clock.advance(20 * 60_000);
    const later = new Date(clock.now().getTime() - 60_000).toUTCString();
    server.set('/a.xml', rss('Alpha Post', GONDOLA, item('a2', 'Avalanche warning lifted', '{{BASE}}/a/avalanche', later, words('avalanche'))));
    server.set('/b.xml', rss('Bravo Times', BAKERY, item('b2', 'Bridge toll scrapped', '{{BASE}}/b/toll', later, words('toll'))));
    await newsroom.feeds.tick();
    const digestFor = async (where: Invocation) => (await buildDigest(newsroom, { platform: where.platform, workspaceId: where.workspaceId, until: clock.now(), count: 10 })).articles.map((a) => a.title);
    expect(await digestFor(A)).toEqual(['Avalanche warning lifted']);
    expect(await digestFor(B)).toEqual(['Bridge toll scrapped']);
    expect(await digestFor(C)).toEqual([]);
    const preview = await dispatcher.dispatch(B, 'digest', 'preview');
    expect(JSON.stringify(preview)).toContain('Bridge toll scrapped');
    expect(JSON.stringify(preview)).not.toContain('Avalanche');
  });

  it('digests: a feed followed after others did counts from when this workspace followed it', async () => {
    const D = who('slack', 'T0D');
    const digestFor = async (where: Invocation) => (await buildDigest(newsroom, { platform: where.platform, workspaceId: where.workspaceId, until: clock.now(), count: 10 })).articles.map((a) => a.title);
    expect((await dispatcher.dispatch(D, 'feeds', `add ${server.url('/a.xml')}`)).text).toMatch(/the stories it brought are served here now/);
    expect(await newsTitles(D)).toContain('Avalanche warning lifted');
    expect(await digestFor(D)).toEqual([]);
    clock.advance(20 * 60_000);
    const later = new Date(clock.now().getTime() - 60_000).toUTCString();
    server.set('/a.xml', rss('Alpha Post', GONDOLA, item('a2', 'Avalanche warning lifted', '{{BASE}}/a/avalanche', later, words('avalanche')), item('a3', 'Aerial tram gets new cabins', '{{BASE}}/a/tram', later, words('tram'))));
    await newsroom.feeds.tick();
    expect(await digestFor(D)).toEqual(['Aerial tram gets new cabins']);
    expect(await digestFor(A)).toEqual(['Aerial tram gets new cabins', 'Avalanche warning lifted']);
  });
});
