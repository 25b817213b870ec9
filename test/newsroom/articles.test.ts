// The domain's lookups over the archive: by slug, title words, "did you mean", autocomplete and
// full-text search, each an index query (a real SQLite archive in memory).
import { describe, expect, it } from 'vitest';
import type { ArticleAnalysis } from '../../src/newsroom/analysis';
import type { Article } from '../../src/newsroom/article';
import { Articles } from '../../src/newsroom/articles';
import { addArticle, allArticles, archiveWith } from '../support/archive';
import { cpuStopwatch } from '../support/cpu';
import { buildTestBot, SEED_SLUG } from '../support/newsroom';

function article(slug: string, title: string, published: string, body = 'Some words here.'): Article {
  return { slug, title, published: new Date(published), tags: [], body };
}

const noAnalysis = async () => ({}) as ArticleAnalysis;

async function articlesOf(list: Article[], analyze = noAnalysis): Promise<Articles> {
  return new Articles(await archiveWith(list), analyze);
}

describe('Articles', () => {
  it('finds by slug, by title words, or the latest; refuses with the closest titles', async () => {
    const { newsroom } = await buildTestBot();
    const repo = newsroom.articles;
    expect((await repo.find(SEED_SLUG)).slug).toBe(SEED_SLUG);
    expect((await repo.find('Kim Jong')).slug).toBe(SEED_SLUG);
    expect((await repo.find(undefined)).slug).toBe('harbor-brewing-summer-sales');
    await expect(repo.find('kim jong unn arives')).rejects.toThrow(/Closest: “North Korea’s Kim Jong Un/);
  });

  it('prefers the title the words describe best, and takes the start of a word', async () => {
    const repo = await articlesOf([
      article('council-vote', 'Council vote', '2024-01-02'),
      article('council-vote-on-river-bridge', 'Council vote on the river bridge delayed', '2024-01-03'),
      article('storm-warning', 'Storm warning', '2024-01-01'),
    ]);
    expect((await repo.lookup('council vote'))!.slug).toBe('council-vote');
    expect((await repo.lookup('counc brid'))!.slug).toBe('council-vote-on-river-bridge');
    // Two letters are a whole word, not a prefix.
    expect(await repo.lookup('st')).toBeUndefined();
    expect(await repo.lookup('zeppelin')).toBeUndefined();
    // Prefixes of every word, the last one a start that some title word has, or none has.
    expect((await repo.lookup('storm warn'))!.slug).toBe('storm-warning');
    expect((await repo.lookup('riv counc'))!.slug).toBe('council-vote-on-river-bridge');
    expect(await repo.lookup('council vote zeppel')).toBeUndefined();
  });

  it('removes an article by slug, from listings, lookups and search', async () => {
    let runs = 0;
    const repo = await articlesOf([article('council-vote', 'Council vote', '2024-01-02'), article('storm-warning', 'Storm warning', '2024-01-01')], async () => {
      runs++;
      return {} as ArticleAnalysis;
    });
    expect((await repo.lookup('council'))!.slug).toBe('council-vote');
    await repo.analysisOf((await repo.get('council-vote'))!);
    expect(await repo.archive.remove('council-vote')).toBe(true);
    expect(await repo.archive.remove('council-vote')).toBe(false);
    expect(await repo.get('council-vote')).toBeUndefined();
    expect(await repo.count()).toBe(1);
    expect((await allArticles(repo)).map((a) => a.slug)).toEqual(['storm-warning']);
    expect(await repo.lookup('council')).toBeUndefined();
    expect(await repo.search('council')).toEqual([]);
    // Filed again: analysed afresh, not served from the removed one's.
    await addArticle(repo, article('council-vote', 'Council vote', '2024-01-02'));
    await repo.analysisOf((await repo.get('council-vote'))!);
    expect(runs).toBe(2);
  });

  it('suggests at most the limit, newest first, for autocomplete', async () => {
    const repo = await articlesOf(Array.from({ length: 40 }, (_, i) => article(`story-${i}`, `Council story ${i}`, `2024-01-${String((i % 28) + 1).padStart(2, '0')}`)));
    const suggestions = await repo.suggest('council', 25);
    expect(suggestions).toHaveLength(25);
    for (let i = 1; i < suggestions.length; i++) expect(suggestions[i - 1]!.published.getTime()).toBeGreaterThanOrEqual(suggestions[i]!.published.getTime());
    expect(await repo.suggest('coun sto')).toHaveLength(25);
    expect(await repo.suggest('nothing like it')).toEqual([]);
  });

  it('analyses an article once (kept in the archive), and again only after its text changes', async () => {
    let runs = 0;
    const repo = await articlesOf([article('a', 'A', '2024-01-01')], async () => {
      runs++;
      return { quotes: [] } as unknown as ArticleAnalysis;
    });
    const a = (await repo.get('a'))!;
    await repo.analysisOf(a);
    await repo.analysisOf(a);
    expect(runs).toBe(1);
    await addArticle(repo, article('a', 'A updated', '2024-01-01'));
    await repo.analysisOf((await repo.get('a'))!);
    expect(runs).toBe(2);
  });

  it('answers a long unknown query among 2,000 articles, with the closest titles', async () => {
    const repo = await articlesOf(manyArticles(2000));
    const elapsed = cpuStopwatch(); // CPU time: a loaded machine barely moves it
    expect(await repo.lookup('zq '.repeat(66))).toBeUndefined();
    await expect(repo.find('zq '.repeat(66))).rejects.toThrow(/^No article matches “zq zq/);
    await expect(repo.find(`${'x'.repeat(10_000)}`)).rejects.toThrow(/^No article matches/);
    expect(elapsed()).toBeLessThan(2000);
    expect((await repo.lookup('police court approves 17'))?.slug).toBe('story-17');
    expect((await repo.lookup(''))?.slug).toBe((await repo.latest(1))[0]!.slug);
    await expect(repo.find('hospitl markt')).rejects.toThrow(/Closest: “[^”]*hospital/);
  });

  it('takes full-text syntax and odd input as plain words', async () => {
    const repo = await articlesOf(manyArticles(50));
    for (const query of ['"council', 'council AND', 'NEAR(council budget)', 'council*', '-council', 'title:council', '😀 ünïcödé', "o'brien", '{title}: x']) {
      await expect(repo.search(query), query).resolves.toBeInstanceOf(Array);
      await expect(repo.lookup(query), query).resolves.not.toThrow;
      await expect(repo.suggest(query), query).resolves.toBeInstanceOf(Array);
    }
    expect((await repo.search('"council')).length).toBeGreaterThan(0);
  });

  it('ranks by full text: any of the words, a title hit above a body-only hit, rarer words weigh more', async () => {
    const repo = await articlesOf([
      article('in-body', 'Weather update', '2024-01-03', 'The zeppelin flew over the harbour. Crowds watched from the pier.'),
      article('in-title', 'Zeppelin visits the harbour', '2024-01-01', 'Crowds watched from the pier as it passed.'),
      article('other', 'Council meets', '2024-01-02', 'Nothing about airships here, only the harbour budget.'),
    ]);
    expect((await repo.search('zeppelin')).map((h) => h.article.slug)).toEqual(['in-title', 'in-body']);
    const both = await repo.search('zeppelin harbour', 5);
    expect(both.map((h) => h.article.slug)).toEqual(['in-title', 'in-body', 'other']);
    expect(both[0]!.score).toBeGreaterThan(both[2]!.score);
    // Each hit with its analysis: stored with the article, or computed once when none is.
    expect(both[0]!.analysis).toEqual(await repo.analysisOf(both[0]!.article));
    expect(await repo.search('the of and')).toEqual([]);
  });
});

const VOCAB = 'council budget mayor police storm river school court election hospital market bridge festival airport'.split(' ');

function manyArticles(count: number): Article[] {
  return Array.from({ length: count }, (_, i) => ({
    slug: `story-${i}`,
    title: `${VOCAB[i % 14]} ${VOCAB[(i * 7) % 14]} approves ${i} plan for the ${VOCAB[(i * 3) % 14]} district`,
    published: new Date(Date.UTC(2023, 0, 1 + (i % 300))),
    tags: [],
    body: `${VOCAB.slice(0, 1 + (i % 14)).join(' ')} ${VOCAB[(i * 5) % 14]} unique${i % 50}.`,
  }));
}
