import { describe, expect, it } from 'vitest';
import type { ArticleAnalysis } from '../../src/newsroom/analysis';
import type { Article } from '../../src/newsroom/article';
import { ArticleRepository } from '../../src/newsroom/articles';
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
});
