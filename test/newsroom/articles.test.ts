import { describe, expect, it } from 'vitest';
import type { ArticleAnalysis } from '../../src/newsroom/analysis';
import type { Article } from '../../src/newsroom/article';
import { ArticleRepository, type SearchHit } from '../../src/newsroom/articles';
import { contentWords } from '../../src/newsroom/text/words';
import { cpuStopwatch } from '../support/cpu';
import { buildTestBot, SEED_SLUG } from '../support/newsroom';

function article(slug: string, title: string, published: string, body = 'Some words here.'): Article {
  return { slug, title, published: new Date(published), tags: [], body };
}

describe('ArticleRepository', () => {
  it('finds by slug, by title words, or the latest; refuses with the closest titles', async () => {
    const { newsroom } = await buildTestBot();
    const repo = newsroom.articles;
    expect(repo.find(SEED_SLUG).slug).toBe(SEED_SLUG);
    expect(repo.find('Kim Jong').slug).toBe(SEED_SLUG);
    expect(repo.find(undefined).slug).toBe('harbor-brewing-summer-sales');
    expect(() => repo.find('kim jong unn arives')).toThrow(/Closest: “North Korea’s Kim Jong Un/);
  });

  it('removes an article by slug, from listings, lookups and the analysis cache', () => {
    let runs = 0;
    const repo = new ArticleRepository(() => {
      runs++;
      return {} as ArticleAnalysis;
    }, [article('council-vote', 'Council vote', '2024-01-02'), article('storm-warning', 'Storm warning', '2024-01-01')]);
    expect(repo.lookup('council')!.slug).toBe('council-vote'); // cached by query
    repo.analysisOf(repo.get('council-vote')!);
    expect(repo.remove('council-vote')).toBe(true);
    expect(repo.remove('council-vote')).toBe(false);
    expect(repo.get('council-vote')).toBeUndefined();
    expect(repo.size).toBe(1);
    expect(repo.all().map((a) => a.slug)).toEqual(['storm-warning']);
    expect(repo.lookup('council')).toBeUndefined();
    expect(repo.search('council')).toEqual([]);
    // Filed again: analysed afresh, not served from the removed one's cache.
    repo.upsert(article('council-vote', 'Council vote', '2024-01-02'));
    repo.analysisOf(repo.get('council-vote')!);
    expect(runs).toBe(2);
  });

  it('suggests at most the limit, newest first, for autocomplete', () => {
    const repo = new ArticleRepository(
      () => ({}) as ArticleAnalysis,
      Array.from({ length: 40 }, (_, i) => article(`story-${i}`, `Council story ${i}`, `2024-01-${String((i % 28) + 1).padStart(2, '0')}`)),
    );
    const suggestions = repo.suggest('council', 25);
    expect(suggestions).toHaveLength(25);
    expect(suggestions[0]!.published.getTime()).toBeGreaterThanOrEqual(suggestions[24]!.published.getTime());
    expect(repo.suggest('nothing like it')).toEqual([]);
  });

  it('analyses an article once, and again only after it is replaced', () => {
    let runs = 0;
    const repo = new ArticleRepository(() => {
      runs++;
      return {} as ArticleAnalysis;
    }, [article('a', 'A', '2024-01-01')]);
    const a = repo.get('a')!;
    repo.analysisOf(a);
    repo.analysisOf(a);
    expect(runs).toBe(1);
    repo.upsert(article('a', 'A updated', '2024-01-01'));
    repo.analysisOf(repo.get('a')!);
    expect(runs).toBe(2);
  });

  it('answers a long unknown query quickly among 2,000 articles, with the closest titles once', () => {
    const repo = new ArticleRepository(() => ({}) as ArticleAnalysis, manyArticles(2000));
    const elapsed = cpuStopwatch(); // CPU time: a loaded machine barely moves it
    expect(repo.lookup('zq '.repeat(66))).toBeUndefined();
    expect(() => repo.find('zq '.repeat(66))).toThrow(/^No article matches “zq zq/);
    expect(elapsed()).toBeLessThan(2000);
    expect(repo.lookup('police court approves 17')?.slug).toBe('story-17');
    expect(repo.lookup('')?.slug).toBe(repo.all()[0]!.slug);
    expect(() => repo.find('hospitl markt')).toThrow(/Closest: “hospital court approves/);
  });

  it('searches 2,000 articles for 14 words quickly, ranking exactly as BM25 counted per article', () => {
    const articles = manyArticles(2000);
    const repo = new ArticleRepository(() => ({}) as ArticleAnalysis, articles);
    const query = VOCAB.join(' ');
    const elapsed = cpuStopwatch();
    const hits = repo.search(query, 2000);
    expect(elapsed()).toBeLessThan(2000);
    expect(hits.length).toBeGreaterThan(0);
    const fewer = new ArticleRepository(() => ({}) as ArticleAnalysis, articles.slice(0, 400));
    for (const q of [query, 'police', 'river storm', 'unique7 council airport', 'zeppelin']) {
      expect(fewer.search(q, 400), q).toEqual(naiveSearch(articles.slice(0, 400), q, 400));
    }
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

/** The ranking as it was first written: document frequency counted again for every article. */
function naiveSearch(articles: Article[], query: string, limit: number): SearchHit[] {
  const terms = [...new Set(contentWords(query))];
  if (terms.length === 0) return [];
  const indexed = articles.map((article) => {
    const tokens = [...Array(3).fill(contentWords(article.title)).flat(), ...contentWords(article.dek ?? ''), ...contentWords(article.body)] as string[];
    const counts = new Map<string, number>();
    for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
    return { article, terms: counts, length: tokens.length };
  });
  const n = indexed.length;
  const avgLength = indexed.reduce((sum, e) => sum + e.length, 0) / Math.max(n, 1);
  const hits: SearchHit[] = [];
  for (const entry of indexed) {
    let score = 0;
    for (const term of terms) {
      const tf = entry.terms.get(term) ?? 0;
      if (tf === 0) continue;
      const df = indexed.filter((e) => e.terms.has(term)).length;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      score += (idf * tf * 2.2) / (tf + 1.2 * (1 - 0.75 + (0.75 * entry.length) / avgLength));
    }
    if (score > 0) hits.push({ article: entry.article, score });
  }
  return hits.sort((x, y) => y.score - x.score || y.article.published.getTime() - x.article.published.getTime()).slice(0, limit);
}
