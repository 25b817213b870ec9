// One contract for every archive backend (src/newsroom/archive.ts): the same questions get the same
// answers from SQLite (memory and a file) and PostgreSQL. Each case gets a fresh, empty archive
// from `open` and hands it to `cleanup` afterwards.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalUrl } from '../../src/ingest/identity';
import type { ArticleAnalysis } from '../../src/newsroom/analysis';
import type { Article } from '../../src/newsroom/article';
import type { Archive, ArchiveRecord } from '../../src/newsroom/archive';
import { Wire } from '../../src/ingest/wire';
import pino from 'pino';

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-01T12:00:00Z');
const at = (offsetMs: number) => new Date(T0 + offsetMs);

let made = 0;

/** An article with defaults; the body says nothing the tests search for unless given. */
export function article(fields: Partial<Article> & { title: string }): Article {
  made++;
  return {
    slug: fields.slug ?? `${fields.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'a'}`,
    published: at(made * 1000),
    tags: [],
    body: 'Officials gave a statement on Tuesday.\n\nMore details are expected later this week.',
    ...fields,
  };
}

const feed = (a: Article, more: Partial<ArchiveRecord> = {}): ArchiveRecord => ({ article: a, origin: 'feed', ...more });
const file = (a: Article, more: Partial<ArchiveRecord> = {}): ArchiveRecord => ({ article: a, origin: 'file', ...more });

function analysisFor(text: string): ArticleAnalysis {
  return {
    summaries: { short: [text], medium: [text], long: [text] },
    quotes: [],
    covid: { show: false } as unknown as ArticleAnalysis['covid'],
  } as ArticleAnalysis;
}

const slugs = (articles: readonly Article[]) => articles.map((a) => a.slug);

/** Inputs that are operators or syntax in FTS5 or tsquery, and text beyond ASCII. */
const AWKWARD = [
  '"',
  "'",
  '""',
  "''",
  '\\',
  'AND',
  'OR',
  'NOT',
  'NEAR',
  'NEAR(a b)',
  '*',
  'ru*',
  ':*',
  'a:*',
  'x:AB',
  '&',
  '|',
  '!',
  '<->',
  '(',
  ')',
  '^',
  '{title}',
  'title:kim',
  '-',
  '--',
  "o'brien",
  'covid-19',
  'café',
  'россия',
  '東京',
  '🙂',
  'a'.repeat(3000),
  '',
  ' ',
];

export function archiveContract(name: string, open: () => Promise<Archive>, cleanup: (archive: Archive) => Promise<void>): void {
  describe(`archive contract: ${name}`, () => {
    let archive: Archive;

    beforeEach(async () => {
      archive = await open();
    });

    afterEach(async () => {
      await cleanup(archive);
    });

    it('files a new article only while its keys and its slug are free (putNew)', async () => {
      expect(await archive.putNew(feed(article({ slug: 'first', title: 'First' }), { keys: ['guid:1', 'url:a'] }))).toEqual({ filed: true });
      expect(await archive.putNew(feed(article({ slug: 'second', title: 'Second' }), { keys: ['url:b', 'url:a'] }))).toEqual({ filed: false, heldBy: 'first' });
      expect(await archive.putNew(feed(article({ slug: 'first', title: 'Other' }), { keys: ['url:c'] }))).toEqual({ filed: false });
      expect(await archive.get('second')).toBeUndefined();
      expect((await archive.get('first'))?.title).toBe('First');
      expect(await archive.findKey(['url:b', 'url:c'])).toBeUndefined();
      expect(await archive.putNew(feed(article({ slug: 'third', title: 'Third' })))).toEqual({ filed: true });
    });

    it('puts and gets articles whole, several at once in the order asked, and counts them', async () => {
      const full = article({
        slug: 'full-article',
        title: 'Full article',
        dek: 'A dek',
        url: 'https://example.com/full',
        byline: 'Ann Writer',
        source: 'Example Wire',
        tags: ['politics', 'europe'],
        body: 'First paragraph.\n\nSecond “quoted” paragraph — with unicode: café, Россия.',
        backlog: true,
        receivedAt: at(5 * DAY),
        published: new Date('2026-02-03T04:05:06.789Z'),
      });
      const plain = article({ slug: 'plain', title: 'Plain' });
      expect(await archive.count()).toBe(0);
      await archive.put(feed(full));
      await archive.put(file(plain));
      expect(await archive.get('full-article')).toEqual(full);
      expect(await archive.get('plain')).toEqual(plain);
      expect(await archive.get('missing')).toBeUndefined();
      expect(slugs(await archive.getMany(['plain', 'missing', 'full-article']))).toEqual(['plain', 'full-article']);
      expect(await archive.getMany([])).toEqual([]);
      expect(await archive.count()).toBe(2);

      // The same slug again replaces it.
      const edited = { ...plain, title: 'Plain, edited', body: 'New body.' };
      await archive.put(file(edited));
      expect(await archive.count()).toBe(2);
      expect(await archive.get('plain')).toEqual(edited);
    });

    it('lists the latest newest first, ties by title, up to the limit', async () => {
      const same = at(10 * DAY);
      await archive.put(file(article({ slug: 'b', title: 'Beta', published: same })));
      await archive.put(file(article({ slug: 'a', title: 'Alpha', published: same })));
      await archive.put(file(article({ slug: 'old', title: 'Old', published: at(-DAY) })));
      await archive.put(file(article({ slug: 'new', title: 'New', published: at(20 * DAY) })));
      expect(slugs(await archive.latest(10))).toEqual(['new', 'a', 'b', 'old']);
      expect(slugs(await archive.latest(2))).toEqual(['new', 'a']);
    });

    it('gives the news in (since, until] by the later of publication and arrival, newest first, without backlog', async () => {
      const since = at(0);
      const until = at(3 * 3_600_000);
      // Published before the window but received inside it: its news time is its arrival.
      await archive.put(feed(article({ slug: 'late', title: 'Late arrival', published: at(-600_000), receivedAt: at(600_000) })));
      await archive.put(file(article({ slug: 'inside', title: 'Inside', published: at(3_600_000) })));
      await archive.put(feed(article({ slug: 'backlog', title: 'Backlog', published: at(3_600_000), backlog: true })));
      await archive.put(file(article({ slug: 'at-since', title: 'At since', published: since })));
      await archive.put(file(article({ slug: 'at-until', title: 'At until', published: until })));
      await archive.put(file(article({ slug: 'after', title: 'After', published: at(4 * 3_600_000) })));
      await archive.put(feed(article({ slug: 'before', title: 'Before', published: at(-DAY), receivedAt: at(-DAY + 1000) })));
      expect(slugs(await archive.news(since, until, 10))).toEqual(['at-until', 'inside', 'late']);
      expect(slugs(await archive.news(since, until, 2))).toEqual(['at-until', 'inside']);
    });

    it('finds the best title match: every word, prefixes only where asked, fewest title words, then newest', async () => {
      await archive.put(file(article({ slug: 'kim-russia-long', title: 'Kim travels to Russia for talks on arms and grain', published: at(3 * DAY) })));
      await archive.put(file(article({ slug: 'kim-russia', title: 'Kim in Russia', published: at(DAY) })));
      await archive.put(file(article({ slug: 'kim-china', title: 'Kim in China', published: at(2 * DAY) })));
      await archive.put(file(article({ slug: 'budget-2026', title: 'The spending plan', published: at(DAY) })));
      const w = (word: string, prefix = false) => ({ word, prefix });

      expect((await archive.bestTitleMatch([w('kim'), w('russia')]))?.slug).toBe('kim-russia');
      // A prefix where asked; a whole word otherwise.
      expect((await archive.bestTitleMatch([w('kim'), w('russ', true)]))?.slug).toBe('kim-russia');
      expect(await archive.bestTitleMatch([w('kim'), w('russ')])).toBeUndefined();
      // Every word must be there.
      expect(await archive.bestTitleMatch([w('kim'), w('russia'), w('japan')])).toBeUndefined();
      // Equal title words: the newest.
      expect((await archive.bestTitleMatch([w('kim')]))?.slug).toBe('kim-china');
      // Words of the slug find too; body words never do.
      expect((await archive.bestTitleMatch([w('budget')]))?.slug).toBe('budget-2026');
      expect(await archive.bestTitleMatch([w('officials')])).toBeUndefined();
      // Case-insensitive; words as written (not stemmed), so "talk" is a prefix of "talks".
      expect((await archive.bestTitleMatch([w('KIM'), w('Talk', true)]))?.slug).toBe('kim-russia-long');
      expect(await archive.bestTitleMatch([w('kim'), w('talk')])).toBeUndefined();
      // A prefix is a prefix of the word as written: "bus" is not stemmed to "bu" and never finds "Budget".
      await archive.put(file(article({ slug: 'budget', title: 'Budget', published: at(4 * DAY) })));
      await archive.put(file(article({ slug: 'bus-strike', title: 'Bus strike ends', published: at(DAY) })));
      expect((await archive.bestTitleMatch([w('bus', true)]))?.slug).toBe('bus-strike');
      expect((await archive.bestTitleMatch([w('bus')]))?.slug).toBe('bus-strike');
      expect(await archive.bestTitleMatch([])).toBeUndefined();
    });

    it('prefers a title holding the typed words together, and forgets a title’s old words when it is edited or removed', async () => {
      const w = (word: string) => ({ word, prefix: false });
      await archive.put(file(article({ slug: 'scattered', title: 'Vote on budget', published: at(2 * DAY) })));
      await archive.put(file(article({ slug: 'together', title: 'Council budget vote is delayed again', published: at(DAY) })));
      // Fewer title words would win, but the phrase as typed stands in the longer title.
      expect((await archive.bestTitleMatch([w('budget'), w('vote')]))?.slug).toBe('together');
      expect((await archive.bestTitleMatch([w('Council'), w('BUDGET'), w('vote')]))?.slug).toBe('together');
      // Not together anywhere: every word, fewest title words, as before.
      expect((await archive.bestTitleMatch([w('vote'), w('budget')]))?.slug).toBe('scattered');
      await archive.put(file(article({ slug: 'together', title: 'Council delays spending plan', published: at(DAY) })));
      expect((await archive.bestTitleMatch([w('budget'), w('vote')]))?.slug).toBe('scattered');
      expect(await archive.bestTitleMatch([w('council'), w('budget')])).toBeUndefined();
      expect((await archive.bestTitleMatch([w('spending'), w('plan')]))?.slug).toBe('together');
      await archive.remove('together');
      expect(await archive.bestTitleMatch([w('spending'), w('plan')])).toBeUndefined();
    });

    it('autocompletes titles with every word as a prefix, newest first, up to the limit', async () => {
      await archive.put(file(article({ slug: 'r1', title: 'Russia and Ukraine', published: at(DAY) })));
      await archive.put(file(article({ slug: 'r2', title: 'Rural broadband plan', published: at(3 * DAY) })));
      await archive.put(file(article({ slug: 'r3', title: 'Russian grain exports', published: at(2 * DAY) })));
      await archive.put(file(article({ slug: 'x', title: 'Budget vote', published: at(4 * DAY), body: 'Russia was not mentioned in the title.' })));
      expect(slugs(await archive.titlesStartingWith(['ru'], 10))).toEqual(['r2', 'r3', 'r1']);
      expect(slugs(await archive.titlesStartingWith(['ru'], 2))).toEqual(['r2', 'r3']);
      expect(slugs(await archive.titlesStartingWith(['russ', 'gr'], 10))).toEqual(['r3']);
      expect(slugs(await archive.titlesStartingWith(['RUS'], 10))).toEqual(['r3', 'r1']);
      // No words: the latest.
      expect(slugs(await archive.titlesStartingWith([], 2))).toEqual(['x', 'r2']);
    });

    it('proposes title words spelled alike for "did you mean"', async () => {
      await archive.put(file(article({ slug: 'kim-russia', title: 'Kim visits Russia' })));
      await archive.put(file(article({ slug: 'budget', title: 'Budget approved', body: 'Nothing about rusia here.' })));
      const near = await archive.wordsLike('rusia', 12);
      expect(near).toContain('russia');
      expect(near.length).toBeLessThanOrEqual(12);
      expect(await archive.wordsLike('rusia', 1)).toEqual(['russia']);
      expect(await archive.wordsLike('buget', 12)).toContain('budget');
      // A badly mangled word still has its spelling proposed (pg_trgm's default threshold would not).
      await archive.put(file(article({ slug: 'vote', title: 'Election results' })));
      expect(await archive.wordsLike('elecshun', 12)).toContain('election');
      // Too short to have a trigram.
      expect(await archive.wordsLike('ru', 12)).toEqual([]);
      // Only title (and slug) words are proposed.
      expect(await archive.wordsLike('nothing', 12)).not.toContain('nothing');
    });

    it('finds titles with any of some whole words', async () => {
      await archive.put(file(article({ slug: 'a', title: 'Kim visits Russia' })));
      await archive.put(file(article({ slug: 'b', title: 'Budget approved' })));
      await archive.put(file(article({ slug: 'c', title: 'Weather report', body: 'Russia and the budget, in the body only.' })));
      await archive.put(file(article({ slug: 'd', title: 'Russian exports' })));
      expect(slugs(await archive.titlesWithAny(['russia', 'budget'], 10)).sort()).toEqual(['a', 'b']);
      expect(await archive.titlesWithAny(['russia', 'budget'], 1)).toHaveLength(1);
      expect(await archive.titlesWithAny([], 10)).toEqual([]);
    });

    it('searches title, dek and body for any term, a title hit ranked above a body hit', async () => {
      await archive.put(file(article({ slug: 'body-hit', title: 'Council meeting', body: 'The council met to discuss the budget on Tuesday.\n\nIt adjourned.', published: at(2 * DAY) })));
      await archive.put(file(article({ slug: 'title-hit', title: 'Budget vote delayed', body: 'The council met on Tuesday and adjourned early.', published: at(DAY) })));
      await archive.put(file(article({ slug: 'dek-hit', title: 'Harbour news', dek: 'Fishermen protest the new quotas', body: 'Boats stayed in port.' })));
      await archive.put(file(article({ slug: 'none', title: 'Weather', body: 'Sunny.' })));
      const hits = await archive.search(['budget'], 10);
      expect(hits.map((h) => h.article.slug)).toEqual(['title-hit', 'body-hit']);
      expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
      // Any of the terms.
      expect(
        (await archive.search(['quotas', 'budget'], 10))
          .map((h) => h.article.slug)
          .sort(),
      ).toEqual(['body-hit', 'dek-hit', 'title-hit']);
      expect(await archive.search(['budget'], 1)).toHaveLength(1);
      expect(await archive.search(['nowhere'], 10)).toEqual([]);
      expect(await archive.search([], 10)).toEqual([]);
      // Hits come back whole.
      expect(hits[0]!.article).toEqual(await archive.get('title-hit'));
    });

    it('searches stemmed, case- and accent-insensitive, beyond ASCII; slug words are not searched', async () => {
      await archive.put(file(article({ slug: 'elections', title: 'Elections called', body: 'Voters will choose.' })));
      await archive.put(file(article({ slug: 'cafe', title: 'A new Café opens', body: 'Coffee.' })));
      await archive.put(file(article({ slug: 'moscow', title: 'Новости', body: 'Россия и Москва.' })));
      await archive.put(file(article({ slug: 'zebra-crossing', title: 'Road safety', body: 'Cars.' })));
      expect((await archive.search(['election'], 10)).map((h) => h.article.slug)).toEqual(['elections']);
      expect((await archive.search(['ELECTIONS'], 10)).map((h) => h.article.slug)).toEqual(['elections']);
      expect((await archive.search(['cafe'], 10)).map((h) => h.article.slug)).toEqual(['cafe']);
      expect((await archive.search(['café'], 10)).map((h) => h.article.slug)).toEqual(['cafe']);
      expect((await archive.search(['москва'], 10)).map((h) => h.article.slug)).toEqual(['moscow']);
      expect(await archive.search(['zebra'], 10)).toEqual([]);
    });

    it('keeps the analysis when the text is unchanged and drops it when the text changes', async () => {
      const a = article({ slug: 'analysed', title: 'Analysed', body: 'Body one.' });
      expect((await archive.analyses(['analysed'])).get('analysed')).toBeUndefined();
      await archive.put(feed(a, { analysis: analysisFor('one') }));
      expect((await archive.analyses(['analysed'])).get('analysed')).toEqual(analysisFor('one'));
      // A search hit carries it, read in the same query.
      expect((await archive.search(['analysed'], 5)).map((h) => h.analysis)).toEqual([analysisFor('one')]);
      // Filed again without analysis, same text (another item hash): kept.
      await archive.put(feed(a, { itemHash: 'h2' }));
      expect((await archive.analyses(['analysed'])).get('analysed')).toEqual(analysisFor('one'));
      // A new analysis replaces it.
      await archive.put(feed(a, { analysis: analysisFor('two') }));
      expect((await archive.analyses(['analysed'])).get('analysed')).toEqual(analysisFor('two'));
      // The text changed and no analysis came with it: cleared.
      await archive.put(feed({ ...a, body: 'Body two.' }));
      expect((await archive.analyses(['analysed'])).get('analysed')).toBeUndefined();
      expect((await archive.search(['analysed'], 5)).map((h) => h.analysis)).toEqual([undefined]);
      await archive.put(feed({ ...a, body: 'Body two.' }, { analysis: analysisFor('three') }));
      await archive.put(feed({ ...a, body: 'Body two.', dek: 'A dek now' }));
      expect((await archive.analyses(['analysed'])).get('analysed')).toBeUndefined();
      // saveAnalysis for an article filed without it.
      await archive.saveAnalysis('analysed', analysisFor('saved'));
      expect((await archive.analyses(['analysed'])).get('analysed')).toEqual(analysisFor('saved'));
      await archive.saveAnalysis('missing', analysisFor('nobody'));
      expect(await archive.analyses(['missing'])).toEqual(new Map());
      expect(await archive.analyses([])).toEqual(new Map());
    });

    it('keeps keys: own keys replaced on put, aliases and twins by putKey, found in the order given', async () => {
      const a = article({ slug: 'story', title: 'Story' });
      const f = article({ slug: 'filed', title: 'Filed' });
      await archive.put(feed(a, { keys: ['guid:1', 'url:a'], itemHash: 'ha' }));
      await archive.put(file(f, { file: { path: 'content/articles/filed.md', hash: 'fh' } }));
      expect(await archive.keysOf('story')).toEqual([
        { key: 'guid:1', slug: 'story', kind: 'own' },
        { key: 'url:a', slug: 'story', kind: 'own' },
      ]);
      // Own keys are replaced by the next put that brings keys; a put without keys leaves them.
      await archive.put(feed(a, { keys: ['url:a', 'guid:2'], itemHash: 'hb' }));
      expect((await archive.keysOf('story')).map((k) => k.key)).toEqual(['guid:2', 'url:a']);
      await archive.put(feed(a, { itemHash: 'hb' }));
      expect((await archive.keysOf('story')).map((k) => k.key)).toEqual(['guid:2', 'url:a']);
      expect(await archive.findKey(['guid:1'])).toBeUndefined();

      const seenAt = at(DAY);
      await archive.putKey({ key: 'alias:x', slug: 'story', kind: 'alias', itemHash: 'hx', seenAt });
      await archive.putKey({ key: 'twin:y', slug: 'filed', kind: 'twin', itemHash: 'hy', seenAt });
      // An alias survives the article's own keys being replaced.
      await archive.put(feed(a, { keys: ['url:a', 'guid:2'], itemHash: 'hb' }));
      expect(await archive.keysOf('story')).toEqual([
        { key: 'alias:x', slug: 'story', kind: 'alias', itemHash: 'hx', seenAt },
        { key: 'guid:2', slug: 'story', kind: 'own' },
        { key: 'url:a', slug: 'story', kind: 'own' },
      ]);

      expect(await archive.findKey(['nope', 'alias:x', 'guid:2'])).toEqual({ key: 'alias:x', slug: 'story', kind: 'alias', itemHash: 'hx', seenAt, articleHash: 'hb', origin: 'feed' });
      expect(await archive.findKey(['guid:2', 'alias:x'])).toEqual({ key: 'guid:2', slug: 'story', kind: 'own', articleHash: 'hb', origin: 'feed' });
      expect(await archive.findKey(['twin:y'])).toEqual({ key: 'twin:y', slug: 'filed', kind: 'twin', itemHash: 'hy', seenAt, origin: 'file' });
      expect(await archive.findKey(['nope'])).toBeUndefined();
      expect(await archive.findKey([])).toBeUndefined();

      // putKey replaces a key with the same name (here: an alias moving to another article).
      await archive.putKey({ key: 'alias:x', slug: 'filed', kind: 'twin', itemHash: 'hz', seenAt: at(2 * DAY) });
      expect(await archive.findKey(['alias:x'])).toEqual({ key: 'alias:x', slug: 'filed', kind: 'twin', itemHash: 'hz', seenAt: at(2 * DAY), origin: 'file' });
      expect((await archive.keysOf('story')).map((k) => k.key)).toEqual(['guid:2', 'url:a']);
      // An own key taken by another article's put moves to it.
      const b = article({ slug: 'other', title: 'Other' });
      await archive.put(feed(b, { keys: ['url:a'] }));
      expect((await archive.findKey(['url:a']))?.slug).toBe('other');
      expect(await archive.keysOf('nobody')).toEqual([]);
    });

    it('finds an article by its canonical URL', async () => {
      const url = 'https://www.example.com/world/story?utm_source=feed';
      await archive.put(feed(article({ slug: 'by-url', title: 'By URL', url })));
      await archive.put(feed(article({ slug: 'no-url', title: 'No URL' })));
      const canonical = canonicalUrl(url)!;
      expect((await archive.byCanonicalUrl(canonical))?.slug).toBe('by-url');
      expect(await archive.byCanonicalUrl('https://example.com/elsewhere')).toBeUndefined();
    });

    it('finds near-duplicate candidates by shared bands; a put with bands replaces them', async () => {
      await archive.put(feed(article({ slug: 'a', title: 'A' }), { bands: [1, 2, -3] }));
      await archive.put(feed(article({ slug: 'b', title: 'B' }), { bands: [-3, 4, 2_147_483_647] }));
      await archive.put(feed(article({ slug: 'c', title: 'C' }), { bands: [5] }));
      await archive.put(feed(article({ slug: 'd', title: 'D' })));
      expect(slugs(await archive.sharingBands([2], 10))).toEqual(['a']);
      expect(slugs(await archive.sharingBands([-3], 10)).sort()).toEqual(['a', 'b']);
      expect(slugs(await archive.sharingBands([2_147_483_647, 5, 99], 10)).sort()).toEqual(['b', 'c']);
      expect(await archive.sharingBands([-3], 1)).toHaveLength(1);
      expect(await archive.sharingBands([99], 10)).toEqual([]);
      expect(await archive.sharingBands([], 10)).toEqual([]);
      await archive.put(feed(article({ slug: 'a', title: 'A' }), { bands: [7] }));
      expect(slugs(await archive.sharingBands([-3], 10))).toEqual(['b']);
      expect(slugs(await archive.sharingBands([7], 10))).toEqual(['a']);
      // A put without bands keeps them.
      await archive.put(feed(article({ slug: 'a', title: 'A' })));
      expect(slugs(await archive.sharingBands([7], 10))).toEqual(['a']);
    });

    it('says which slugs are taken and lists the content files', async () => {
      await archive.put(file(article({ slug: 'from-file', title: 'From file' }), { file: { path: 'content/articles/one.md', hash: 'h1' } }));
      await archive.put(file(article({ slug: 'other-file', title: 'Other file' }), { file: { path: 'content/articles/two.md', hash: 'h2' } }));
      await archive.put(feed(article({ slug: 'from-feed', title: 'From feed' })));
      expect([...(await archive.taken(['from-file', 'free', 'from-feed']))].sort()).toEqual(['from-feed', 'from-file']);
      expect(await archive.taken([])).toEqual(new Set());
      expect(await archive.files()).toEqual(
        new Map([
          ['content/articles/one.md', { slug: 'from-file', hash: 'h1' }],
          ['content/articles/two.md', { slug: 'other-file', hash: 'h2' }],
        ]),
      );
    });

    it('prunes feed articles published and received before the cutoff, in batches, never files', async () => {
      const cutoff = at(0);
      await archive.put(feed(article({ slug: 'old', title: 'Old', published: at(-2 * DAY), receivedAt: at(-2 * DAY) })));
      await archive.put(feed(article({ slug: 'old-backlog', title: 'Old backlog', published: at(-3 * DAY), backlog: true })));
      await archive.put(feed(article({ slug: 'old-but-new-here', title: 'Old but new here', published: at(-2 * DAY), receivedAt: at(1000) })));
      await archive.put(feed(article({ slug: 'recent', title: 'Recent', published: at(1000), receivedAt: at(1000) })));
      await archive.put(feed(article({ slug: 'at-cutoff', title: 'At cutoff', published: cutoff, receivedAt: cutoff })));
      await archive.put(file(article({ slug: 'old-file', title: 'Old file', published: at(-9 * DAY) }), { file: { path: 'old.md', hash: 'h' } }));
      await archive.putKey({ key: 'alias:old', slug: 'old', kind: 'alias', itemHash: 'h', seenAt: at(-DAY) });
      expect(await archive.pruneBefore(cutoff, 0)).toBe(0);
      expect(await archive.pruneBefore(cutoff, 1)).toBe(1);
      expect(await archive.pruneBefore(cutoff, 10)).toBe(1);
      expect(await archive.pruneBefore(cutoff, 10)).toBe(0);
      expect(await archive.get('old')).toBeUndefined();
      expect(await archive.get('old-backlog')).toBeUndefined();
      expect(await archive.findKey(['alias:old'])).toBeUndefined();
      expect((await archive.getMany(['old-but-new-here', 'recent', 'at-cutoff', 'old-file'])).map((a) => a.slug).sort()).toEqual(['at-cutoff', 'old-but-new-here', 'old-file', 'recent']);
    });

    it('prunes twin keys seen before the cutoff, and nothing else', async () => {
      await archive.put(file(article({ slug: 'f', title: 'F' })));
      await archive.put(feed(article({ slug: 'g', title: 'G' }), { keys: ['own:1'] }));
      await archive.putKey({ key: 'twin:old', slug: 'f', kind: 'twin', itemHash: 'h', seenAt: at(-DAY) });
      await archive.putKey({ key: 'twin:new', slug: 'f', kind: 'twin', itemHash: 'h', seenAt: at(DAY) });
      await archive.putKey({ key: 'alias:old', slug: 'g', kind: 'alias', itemHash: 'h', seenAt: at(-DAY) });
      expect(await archive.pruneTwins(at(0))).toBe(1);
      expect(await archive.pruneTwins(at(0))).toBe(0);
      expect((await archive.keysOf('f')).map((k) => k.key)).toEqual(['twin:new']);
      expect((await archive.keysOf('g')).map((k) => k.key)).toEqual(['alias:old', 'own:1']);
    });

    it('removes an article with its keys, bands and text', async () => {
      await archive.put(feed(article({ slug: 'gone', title: 'Vanishing budget', body: 'Zanzibar.' }), { keys: ['guid:gone'], bands: [42], analysis: analysisFor('x') }));
      await archive.putKey({ key: 'alias:gone', slug: 'gone', kind: 'alias', itemHash: 'h', seenAt: at(0) });
      await archive.put(feed(article({ slug: 'stays', title: 'Stays' }), { keys: ['guid:stays'], bands: [43] }));
      expect(await archive.remove('gone')).toBe(true);
      expect(await archive.remove('gone')).toBe(false);
      expect(await archive.get('gone')).toBeUndefined();
      expect(await archive.analyses(['gone'])).toEqual(new Map());
      expect(await archive.findKey(['guid:gone', 'alias:gone'])).toBeUndefined();
      expect(await archive.keysOf('gone')).toEqual([]);
      expect(await archive.sharingBands([42], 10)).toEqual([]);
      expect(await archive.search(['zanzibar'], 10)).toEqual([]);
      expect(await archive.bestTitleMatch([{ word: 'vanishing', prefix: false }])).toBeUndefined();
      expect(await archive.titlesStartingWith(['vani'], 10)).toEqual([]);
      expect(await archive.count()).toBe(1);
      expect((await archive.findKey(['guid:stays']))?.slug).toBe('stays');
      // Filed again under the same slug, it comes back clean.
      await archive.put(feed(article({ slug: 'gone', title: 'Back again' })));
      expect(await archive.keysOf('gone')).toEqual([]);
      expect(await archive.sharingBands([42], 10)).toEqual([]);
      expect(await archive.analyses(['gone'])).toEqual(new Map());
    });

    it("serves a reader content files, stories filed without a feed and its own feeds' stories, in every query", async () => {
      const A = 'https://a.example/rss';
      const B = 'https://b.example/rss';
      const seen = (feedUrl: string, backlog = false) => ({ provenance: { feed: feedUrl, seenAt: at(0), backlog } });
      const harbor = (slug: string, published: number) => article({ slug, title: `Harbor ${slug} report`, body: `Harbor cranes at ${slug}.`, published: at(published), receivedAt: at(published) });
      await archive.put(file(harbor('file-story', 1000)));
      await archive.put(feed(harbor('unattributed', 2000)));
      await archive.put(feed(harbor('only-a', 3000), seen(A)));
      await archive.put(feed(harbor('only-b', 4000), seen(B)));
      await archive.put(feed(harbor('both', 5000), seen(B)));
      await archive.putProvenance('both', { feed: A, seenAt: at(1000), backlog: false });
      const readerA = { feeds: [A] };
      const readerB = { feeds: [B] };
      const nobody = { feeds: [] };
      const forA = ['both', 'only-a', 'unattributed', 'file-story'];
      expect(slugs(await archive.latest(10, readerA))).toEqual(forA);
      expect(slugs(await archive.latest(10, readerB))).toEqual(['both', 'only-b', 'unattributed', 'file-story']);
      expect(slugs(await archive.latest(10, nobody))).toEqual(['unattributed', 'file-story']);
      expect(slugs(await archive.latest(10))).toEqual(['both', 'only-b', 'only-a', 'unattributed', 'file-story']);
      expect(slugs(await archive.news(at(0), at(DAY), 10, readerA))).toEqual(forA);
      expect((await archive.get('only-b', readerA))).toBeUndefined();
      expect((await archive.get('only-b', readerB))?.slug).toBe('only-b');
      expect((await archive.get('file-story', nobody))?.slug).toBe('file-story');
      expect((await archive.bestTitleMatch([{ word: 'only', prefix: false }, { word: 'b', prefix: false }], readerA))).toBeUndefined();
      expect((await archive.bestTitleMatch([{ word: 'only', prefix: false }, { word: 'b', prefix: false }], readerB))?.slug).toBe('only-b');
      expect(slugs(await archive.titlesStartingWith(['harb'], 10, readerA))).toEqual(forA);
      expect(slugs(await archive.titlesStartingWith([], 10, readerA))).toEqual(forA);
      expect(slugs(await archive.titlesWithAny(['harbor'], 10, readerA)).sort()).toEqual([...forA].sort());
      expect((await archive.search(['cranes'], 10, readerA)).map((h) => h.article.slug).sort()).toEqual([...forA].sort());
      expect((await archive.search(['cranes'], 10, readerB)).map((h) => h.article.slug)).not.toContain('only-a');
      // A reader of very many feeds gets the same answers.
      const many = { feeds: [...Array.from({ length: 450 }, (_, i) => `https://x${i}.example/rss`), A] };
      expect(slugs(await archive.latest(10, many))).toEqual(forA);
      expect(slugs(await archive.latest(2, many))).toEqual(forA.slice(0, 2));
      // An article put again with another date moves in a reader's latest as in everyone's.
      await archive.put(feed({ ...(await archive.get('only-a'))!, published: at(9000) }));
      expect(slugs(await archive.latest(1, readerA))).toEqual(['only-a']);
      expect(slugs(await archive.latest(1, many))).toEqual(['only-a']);
    });

    it("gives a reader's digest a later-followed feed's news only from when it followed it", async () => {
      const A = 'https://a.example/rss';
      const B = 'https://b.example/rss';
      const news = (slug: string, at_: number) => article({ slug, title: `News ${slug}`, published: at(at_), receivedAt: at(at_) });
      await archive.put(feed(news('before', 1000), { provenance: { feed: A, seenAt: at(1000), backlog: false } }));
      await archive.put(feed(news('after', 3000), { provenance: { feed: A, seenAt: at(3000), backlog: false } }));
      // Brought at the very moment it was followed: already in the feed, as for a first follower.
      await archive.put(feed(news('at-follow', 2000), { provenance: { feed: A, seenAt: at(2000), backlog: false } }));
      // News elsewhere, only a backlog item in A after the reader followed it.
      await archive.put(feed(news('backlog-in-a', 4000), { provenance: { feed: B, seenAt: at(4000), backlog: false } }));
      await archive.putProvenance('backlog-in-a', { feed: A, seenAt: at(4500), backlog: true });
      await archive.put(file(news('content', 2500)));
      const reader = { feeds: [A], followedSince: { [A]: at(2000).getTime() } };
      expect(slugs(await archive.news(at(0), at(DAY), 10, reader))).toEqual(['after', 'content']);
      expect(slugs(await archive.news(at(0), at(DAY), 10, { feeds: [A] }))).toEqual(['backlog-in-a', 'after', 'content', 'at-follow', 'before']);
      // A since for a feed it does not read changes nothing.
      expect(slugs(await archive.news(at(0), at(DAY), 10, { feeds: [B], followedSince: { [A]: 0 } }))).toEqual(['backlog-in-a', 'content']);
      // Everything else a reader is served stays as it was.
      expect(slugs(await archive.latest(10, reader))).toEqual(['backlog-in-a', 'after', 'content', 'at-follow', 'before']);
    });

    it('keeps provenance per feed, the first sighting winning, and lists a feed\'s arrivals after a time', async () => {
      const A = 'https://a.example/rss';
      const B = 'https://b.example/rss';
      const story = (slug: string) => article({ slug, title: `Story ${slug}` });
      await archive.put(feed(story('early'), { provenance: { feed: A, seenAt: at(1000), backlog: false } }));
      await archive.put(feed(story('backlog'), { provenance: { feed: A, seenAt: at(1000), backlog: true } }));
      await archive.put(feed(story('tie-b'), { provenance: { feed: A, seenAt: at(3000), backlog: false } }));
      await archive.put(feed(story('tie-a'), { provenance: { feed: A, seenAt: at(3000), backlog: false } }));
      await archive.put(feed(story('elsewhere'), { provenance: { feed: B, seenAt: at(2000), backlog: false } }));
      // Seen again through A later, and through B: A keeps its first sighting, B gets its own.
      await archive.put(feed(story('early'), { provenance: { feed: A, seenAt: at(9000), backlog: true } }));
      await archive.putProvenance('early', { feed: B, seenAt: at(4000), backlog: false });
      await archive.putProvenance('early', { feed: B, seenAt: at(8000), backlog: true });
      await archive.putProvenance('missing', { feed: B, seenAt: at(8000), backlog: false });
      expect(await archive.provenanceOf('early')).toEqual([
        { feed: A, seenAt: at(1000), backlog: false },
        { feed: B, seenAt: at(4000), backlog: false },
      ]);
      expect(await archive.provenanceOf('missing')).toEqual([]);
      const arrived = async (feedUrl: string, after: number, limit: number) => (await archive.arrivals(feedUrl, at(after), limit)).map((a) => [a.article.slug, a.seenAt.getTime() - T0]);
      expect(await arrived(A, 0, 10)).toEqual([['early', 1000], ['tie-a', 3000], ['tie-b', 3000]]);
      expect(await arrived(A, 1000, 10)).toEqual([['tie-a', 3000], ['tie-b', 3000]]);
      expect(await arrived(A, 0, 2)).toEqual([['early', 1000], ['tie-a', 3000]]);
      expect(await arrived(B, 0, 10)).toEqual([['elsewhere', 2000], ['early', 4000]]);
      expect(await arrived('https://none.example/rss', 0, 10)).toEqual([]);
      expect((await archive.arrivals(A, at(0), 1))[0]!.article).toEqual(await archive.get('early'));
    });

    it('drops provenance with its article: pruned or removed, a slug filed again starts clean', async () => {
      const A = 'https://a.example/rss';
      await archive.put(feed(article({ slug: 'old', title: 'Old', published: at(-2 * DAY), receivedAt: at(-2 * DAY) }), { provenance: { feed: A, seenAt: at(-2 * DAY), backlog: false } }));
      await archive.put(feed(article({ slug: 'gone', title: 'Gone' }), { provenance: { feed: A, seenAt: at(1000), backlog: false } }));
      expect(await archive.pruneBefore(at(0), 10)).toBe(1);
      expect(await archive.remove('gone')).toBe(true);
      expect(await archive.arrivals(A, at(-3 * DAY), 10)).toEqual([]);
      await archive.put(feed(article({ slug: 'gone', title: 'Gone again' })));
      expect(await archive.provenanceOf('gone')).toEqual([{ feed: '', seenAt: (await archive.get('gone'))!.published, backlog: true }]);
      expect(slugs(await archive.latest(10, { feeds: [] }))).toEqual(['gone']);
    });

    it('takes quotes, operators and unicode in queries literally, never throwing', async () => {
      await archive.put(file(article({ slug: 'obrien', title: "O'Brien backs covid-19 plan", body: 'He said "AND" OR "NOT" at the café in Москва.' })));
      await archive.put(file(article({ slug: 'tokyo', title: '東京 report', body: 'Emoji 🙂 here.' })));
      for (const word of AWKWARD) {
        await archive.search([word], 5);
        await archive.search([word, 'plan'], 5);
        await archive.bestTitleMatch([{ word, prefix: true }]);
        await archive.bestTitleMatch([{ word, prefix: false }, { word: 'plan', prefix: false }]);
        await archive.titlesStartingWith([word], 5);
        await archive.titlesWithAny([word], 5);
        await archive.wordsLike(word, 5);
        await archive.get(word);
        await archive.findKey([word]);
        await archive.taken([word]);
        await archive.byCanonicalUrl(word);
      }
      // Operators are words, not syntax.
      expect((await archive.search(['and'], 5)).map((h) => h.article.slug)).toEqual(['obrien']);
      expect((await archive.search(['NOT'], 5)).map((h) => h.article.slug)).toEqual(['obrien']);
      expect((await archive.bestTitleMatch([{ word: "o'brien", prefix: false }]))?.slug).toBe('obrien');
      expect((await archive.bestTitleMatch([{ word: 'covid-19', prefix: false }]))?.slug).toBe('obrien');
      expect((await archive.bestTitleMatch([{ word: 'covid-1', prefix: true }]))?.slug).toBe('obrien');
      expect(slugs(await archive.titlesStartingWith(["o'bri"], 5))).toEqual(['obrien']);
      expect((await archive.search(['москва'], 5)).map((h) => h.article.slug)).toEqual(['obrien']);
      expect((await archive.search(['cafe'], 5)).map((h) => h.article.slug)).toEqual(['obrien']);
    });
  });
}

/**
 * Two processes (two archive handles on one database) accepting the same new feed item at once:
 * both look it up before either files it, and it is filed once, the other told it is a duplicate.
 * The interleaving is forced, not hoped for: each handle's filing waits until both have looked.
 */
export function concurrentFiling(name: string, openPair: () => Promise<readonly [Archive, Archive]>, cleanup: (one: Archive, two: Archive) => Promise<void>): void {
  it(`${name}: two replicas filing the same new item at once file it once`, async () => {
    const [one, two] = await openPair();
    try {
      let looked!: () => void;
      const bothLooked = new Promise<void>((resolve) => (looked = resolve));
      let filed!: () => void;
      const firstFiled = new Promise<void>((resolve) => (filed = resolve));
      const putOne = one.putNew.bind(one);
      const putTwo = two.putNew.bind(two);
      one.putNew = async (record) => {
        await bothLooked;
        const result = await putOne(record);
        filed();
        return result;
      };
      two.putNew = async (record) => {
        looked();
        await firstFiled;
        return putTwo(record);
      };
      const silent = pino({ level: 'silent' });
      const story = { guid: 'https://news.example/race', title: 'Council race story', url: 'https://news.example/race', published: at(0), source: 'Race', tags: [], body: 'The council met on Tuesday.\n\nIt voted on the budget.' };
      const accept = (archive: Archive) => new Wire(archive, silent).accept(story, { backlog: false, itemHash: 'h1', feed: 'https://news.example/rss' });
      const outcomes = await Promise.all([accept(one), accept(two)]);
      expect(outcomes.map((o) => o.outcome).sort()).toEqual(['duplicate', 'new']);
      expect(outcomes[0].article.slug).toBe(outcomes[1].article.slug);
      expect(await two.count()).toBe(1);
    } finally {
      await cleanup(one, two);
    }
  });
}
