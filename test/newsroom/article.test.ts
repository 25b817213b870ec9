import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArticleFileError, formatArticle, parseArticle, slugify } from '../../src/newsroom/article';
import { loadArticles } from '../../src/newsroom/articles';

const good = `---
slug: a-story
title: "A story"
published: 2024-01-02
tags: [one]
---

First paragraph.

Second paragraph.
`;

describe('parseArticle', () => {
  it('reads the front matter fields and the body', () => {
    const article = parseArticle(good, 'a.md');
    expect(article).toMatchObject({ slug: 'a-story', title: 'A story', tags: ['one'], body: 'First paragraph.\n\nSecond paragraph.' });
    expect(article.published.toISOString()).toBe('2024-01-02T00:00:00.000Z');
  });

  it.each([
    ['a missing title', good.replace('title: "A story"\n', ''), 'title', 'field "title" is missing'],
    ['a bad date', good.replace('2024-01-02', 'last tuesday'), 'published', 'must be a date'],
    ['a bad slug', good.replace('a-story', 'A Story!'), 'slug', 'lower-case words'],
    ['a relative url', good.replace('tags:', 'url: /x\ntags:'), 'url', 'full http(s) URL'],
    ['a javascript: url', good.replace('tags:', 'url: "javascript:alert(1)"\ntags:'), 'url', 'full http(s) URL'],
    ['no body', good.replace(/---\n\nFirst[\s\S]*$/, '---\n'), 'body', 'no body text'],
  ])('names the file and the field for %s', (_, text, field, message) => {
    try {
      parseArticle(text, 'content/articles/broken.md');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ArticleFileError);
      expect((error as ArticleFileError).field).toBe(field);
      expect((error as Error).message).toContain('content/articles/broken.md');
      expect((error as Error).message).toContain(message);
    }
  });

  it('reports malformed YAML and a missing front matter', () => {
    expect(() => parseArticle('---\ntitle: [unclosed\n---\nBody', 'x.md')).toThrow(/x\.md: front matter is not valid YAML/);
    expect(() => parseArticle('Just text', 'y.md')).toThrow(/y\.md: no front matter/);
  });

  it('round-trips through formatArticle', () => {
    const article = parseArticle(good, 'a.md');
    expect(parseArticle(formatArticle(article), 'b.md')).toEqual(article);
  });

  it('slugifies titles', () => {
    expect(slugify('North Korea’s Kim Jong Un arrives in Russia!')).toBe('north-koreas-kim-jong-un-arrives-in-russia');
  });

  it('gives a title with no Latin letters or digits a slug of its own, the same each time', () => {
    const putin = slugify('Путин прибыл во Владивосток');
    expect(putin).toMatch(/^article-[0-9a-f]{8}$/);
    expect(slugify('Путин прибыл во Владивосток')).toBe(putin);
    const others = ['Землетрясение в Турции', '金正恩抵达俄罗斯', 'Ελλάδα: νέα μέτρα', '—'].map((t) => slugify(t));
    expect(new Set([putin, ...others]).size).toBe(5);
    for (const slug of others) expect(slug).toMatch(/^article-[0-9a-f]{8}$/);
    expect(slugify('Путин: G20 2024')).toBe('g20-2024');
    expect(parseArticle(formatArticle({ slug: putin, title: 'Путин', published: new Date('2024-05-02'), tags: [], body: 'Текст.' }), 'p.md').slug).toBe(putin);
  });
});

describe('loadArticles', () => {
  it('loads the good files and reports each broken one, naming file and field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'articles-'));
    writeFileSync(join(dir, 'good.md'), good);
    writeFileSync(join(dir, 'bad-date.md'), good.replace('a-story', 'b-story').replace('2024-01-02', 'soon'));
    writeFileSync(join(dir, 'z-duplicate.md'), good);
    writeFileSync(join(dir, 'notes.txt'), 'not an article');
    const { articles, problems } = await loadArticles(dir);
    expect(articles.map((a) => a.slug)).toEqual(['a-story']);
    expect(problems.map((p) => [p.file.replace(`${dir}/`, ''), p.field])).toEqual([
      ['bad-date.md', 'published'],
      ['z-duplicate.md', 'slug'],
    ]);
  });
});
