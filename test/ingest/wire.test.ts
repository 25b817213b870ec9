// GUIDs that are not URLs are unique within their feed only: two feeds both numbering their items
// "1001" get two articles, stable poll after poll. Articles stored under the old, global key are
// updated in place by their own feed and never taken over by another.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/newsroom/article';
import { openNewsroom, type OpenedNewsroom } from '../../src/open-newsroom';
import { moveStoredArticles } from '../../src/ingest/migrations';
import { Wire } from '../../src/ingest/wire';
import { allArticles, archiveWith } from '../support/archive';
import { MemoryStore } from '../../src/store/memory';
import { type FeedServer, startFeedServer } from './feed-server';
import { contentDir, recordingLogger, TestClock } from './support';

const words = (prefix: string) => `${Array.from({ length: 100 }, (_, i) => `${prefix}${i}`).join(' ')}.`;
const rss = (site: string, items: string) => `<?xml version="1.0"?><rss version="2.0"><channel><title>${site}</title>${items}</channel></rss>`;
const item = (guid: string, title: string, link: string, text: string) =>
  `<item><guid isPermaLink="false">${guid}</guid><title>${title}</title><link>${link}</link><pubDate>Tue, 12 Sep 2023 10:00:00 GMT</pubDate><description>${text}</description></item>`;

describe('GUIDs across feeds', () => {
  let server: FeedServer;
  let newsroom: OpenedNewsroom;
  const clock = new TestClock(new Date('2024-06-01T00:00:00Z'));
  beforeAll(async () => {
    server = await startFeedServer();
    server.set('/alpha.xml', rss('Alpha', item('1001', 'Council approves budget', '{{BASE}}/alpha/story', words('alpha'))));
    server.set('/beta.xml', rss('Beta', item('1001', 'Storm hits coast', '{{BASE}}/beta/story', words('beta'))));
    // A permalink GUID is one item wherever it appears: the same story in a third feed is a duplicate.
    server.set('/gamma.xml', rss('Gamma', `<item><guid>{{BASE}}/alpha/story</guid><title>Council approves budget</title><link>{{BASE}}/alpha/story</link><pubDate>Tue, 12 Sep 2023 10:00:00 GMT</pubDate><description>${words('alpha')}</description></item>`));
    const yaml = `feeds:\n${['alpha', 'beta', 'gamma'].map((f) => `  - { url: "${server.url(`/${f}.xml`)}", name: ${f} }`).join('\n')}\n`;
    newsroom = await openNewsroom({ contentDir: contentDir(yaml), store: new MemoryStore(clock), logger: recordingLogger(), clock, feedsAllowPrivate: true });
  });
  afterAll(async () => {
    await newsroom.feeds.stop();
    await server.close();
  });

  it('files one article per feed for the same non-permalink GUID, unchanged over repeated polls', async () => {
    const ingested = async () =>
      (await allArticles(newsroom.articles))
        .filter((a) => a.source && ['alpha', 'beta', 'gamma'].includes(a.source))
        // alpha and gamma carry one item: whichever feed filed it first owns it.
        .map((a) => `${a.source}: ${a.title}`.replace(/^(alpha|gamma):/, 'alpha or gamma:'))
        .sort();
    const results = await newsroom.feeds.tick();
    // alpha and gamma carry one item: whichever is filed first, the other is its duplicate.
    const counts = Object.fromEntries(results.map((r) => [r.feed.name, [r.added, r.updated, r.duplicates]]));
    expect(counts.beta).toEqual([1, 0, 0]);
    expect([counts.alpha, counts.gamma].sort()).toEqual([
      [0, 0, 1],
      [1, 0, 0],
    ]);
    expect(await ingested()).toEqual(['alpha or gamma: Council approves budget', 'beta: Storm hits coast']);
    for (let poll = 0; poll < 2; poll++) {
      clock.advance(16 * 60_000);
      const again = await newsroom.feeds.tick();
      expect(again.every((r) => r.added === 0 && r.updated === 0)).toBe(true);
      expect(await ingested()).toEqual(['alpha or gamma: Council approves budget', 'beta: Storm hits coast']);
    }
  });
});

describe('a permalink GUID that names another feed’s story', () => {
  let server: FeedServer;
  let newsroom: OpenedNewsroom;
  const clock = new TestClock(new Date('2024-06-01T00:00:00Z'));
  beforeAll(async () => {
    server = await startFeedServer();
    server.set('/wire.xml', rss('Wire', `<item><guid>{{BASE}}/wire/budget</guid><title>Council approves budget</title><link>{{BASE}}/wire/budget</link><pubDate>Tue, 12 Sep 2023 10:00:00 GMT</pubDate><description>${words('wire')}</description></item>`));
    // A local paper reuses the wire story's URL as the GUID of its own, different story.
    server.set('/local.xml', rss('Local', `<item><guid>{{BASE}}/wire/budget</guid><title>What the budget means for our schools</title><link>{{BASE}}/local/schools</link><pubDate>Tue, 12 Sep 2023 12:00:00 GMT</pubDate><description>${words('local')}</description></item>`));
    const yaml = `feeds:\n${['wire', 'local'].map((f) => `  - { url: "${server.url(`/${f}.xml`)}", name: ${f} }`).join('\n')}\n`;
    newsroom = await openNewsroom({ contentDir: contentDir(yaml), store: new MemoryStore(clock), logger: recordingLogger(), clock, feedsAllowPrivate: true });
  });
  afterAll(async () => {
    await newsroom.feeds.stop();
    await server.close();
  });

  it('does not overwrite that story: the other text is a story of its own, filed once', async () => {
    const ingested = async () =>
      (await allArticles(newsroom.articles))
        .filter((a) => a.source === 'wire' || a.source === 'local')
        .map((a) => `${a.source}: ${a.title} (${a.body.slice(0, 5)})`)
        .sort();
    const expected = ['local: What the budget means for our schools (local)', 'wire: Council approves budget (wire0)'];
    await newsroom.feeds.tick();
    expect(await ingested()).toEqual(expected);
    for (let poll = 0; poll < 2; poll++) {
      clock.advance(16 * 60_000);
      const again = await newsroom.feeds.tick();
      expect(again.every((r) => r.added === 0 && r.updated === 0)).toBe(true);
      expect(await ingested()).toEqual(expected);
    }
  });
});

describe('articles stored under the old global GUID key', () => {
  const published = '2023-09-12T10:00:00.000Z';
  const old = {
    article: { slug: 'council-approves-budget', title: 'Council approves budget', url: 'https://alpha.example/story', published, source: 'Alpha', tags: [], body: words('alpha') },
    keys: ['guid:1001', 'url:https://alpha.example/story'],
    itemHash: 'old-hash',
  };
  const setup = async () => {
    // As the previous version stored it, moved into the archive at the first start.
    const store = new MemoryStore();
    await store.set('ingested', old.article.slug, old);
    const archive = await archiveWith();
    await moveStoredArticles(store, archive, recordingLogger(), new Date());
    const wire = new Wire(archive, recordingLogger());
    return { archive, wire };
  };
  const story = (over: Partial<Article> & { guid: string }) => ({ title: 'Council approves budget', url: 'https://alpha.example/story', published: new Date(published), source: 'Alpha', tags: [], body: words('alpha'), ...over });

  it('are found by their own feed and updated in place, taking the scoped key', async () => {
    const { archive, wire } = await setup();
    const origin = { feed: 'https://alpha.example/rss', source: 'Alpha' };
    expect(await wire.seen({ guid: '1001', url: 'https://alpha.example/story', ...origin }, 'old-hash')).toEqual({ slug: 'council-approves-budget', unchanged: true });
    // The same item, edited, and moved to another link: still the same article.
    const edited = story({ guid: '1001', title: 'Council approves budget after all', url: 'https://alpha.example/story-2' });
    const result = await wire.accept(edited, { backlog: false, itemHash: 'new-hash', feed: origin.feed });
    expect(result).toMatchObject({ outcome: 'updated', article: { slug: 'council-approves-budget', title: 'Council approves budget after all' } });
    expect(await archive.count()).toBe(1);
    expect((await archive.keysOf('council-approves-budget')).map((k) => k.key)).toEqual(['guid:https://alpha.example/rss#1001', 'url:https://alpha.example/story']);
  });

  it('are not taken over by another feed with the same GUID', async () => {
    const { archive, wire } = await setup();
    const origin = { feed: 'https://beta.example/rss', source: 'Beta' };
    expect(await wire.seen({ guid: '1001', url: 'https://beta.example/story', ...origin }, 'beta-hash')).toBeNull();
    const result = await wire.accept(story({ guid: '1001', title: 'Storm hits coast', url: 'https://beta.example/story', source: 'Beta', body: words('beta') }), {
      backlog: false,
      itemHash: 'beta-hash',
      feed: origin.feed,
    });
    expect(result.outcome).toBe('new');
    expect((await allArticles(archive)).map((a) => a.title).sort()).toEqual(['Council approves budget', 'Storm hits coast']);
  });
});

describe('provenance: the feeds a story came through', () => {
  const A = 'https://alpha.example/rss';
  const B = 'https://beta.example/rss';
  const story = (over: Partial<Article> & { guid?: string } = {}) => ({ guid: 'https://alpha.example/story', title: 'Council approves budget', url: 'https://alpha.example/story', published: new Date('2024-05-31T10:00:00Z'), source: 'Alpha', tags: [], body: words('alpha'), ...over });

  it('records each feed once, at its first sighting, for new, duplicate and updated stories alike', async () => {
    const clock = new TestClock(new Date('2024-06-01T00:00:00Z'));
    const archive = await archiveWith();
    const wire = new Wire(archive, recordingLogger(), clock);
    const first = await wire.accept(story(), { backlog: false, itemHash: 'h1', feed: A });
    expect(first.outcome).toBe('new');
    const t1 = clock.now();
    clock.advance(60_000);
    // The same story through another feed (same link): a duplicate, and backlog there.
    const copy = await wire.accept(story({ guid: 'beta-7', source: 'Beta' }), { backlog: true, itemHash: 'h2', feed: B });
    expect(copy).toMatchObject({ outcome: 'duplicate', article: { slug: first.article.slug } });
    const t2 = clock.now();
    clock.advance(60_000);
    const edited = await wire.accept(story({ title: 'Council approves budget after all' }), { backlog: false, itemHash: 'h3', feed: A });
    expect(edited.outcome).toBe('updated');
    expect(await archive.provenanceOf(first.article.slug)).toEqual([
      { feed: A, seenAt: t1, backlog: false },
      { feed: B, seenAt: t2, backlog: true },
    ]);
    expect((await archive.arrivals(A, new Date(0), 10)).map((a) => [a.article.title, a.seenAt])).toEqual([['Council approves budget after all', t1]]);
    expect(await archive.arrivals(B, new Date(0), 10)).toEqual([]);
    // Readers of either feed see it; a reader of neither does not.
    expect((await archive.get(first.article.slug, { feeds: [B] }))?.slug).toBe(first.article.slug);
    expect(await archive.get(first.article.slug, { feeds: ['https://other.example/rss'] })).toBeUndefined();
  });
});
