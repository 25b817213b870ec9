import { describe, expect, it } from 'vitest';
import { itemStory, storyOf, tagsOf } from '../../src/ingest/story';

describe('tagsOf', () => {
  it("keeps the feed's tags and the item's categories as slugs, once each, at most ten", () => {
    expect(tagsOf(['world'], ['World', 'North Korea', 'Russia–Ukraine war'])).toEqual(['world', 'north-korea', 'russia-ukraine-war']);
    expect(tagsOf([], Array.from({ length: 15 }, (_, i) => `Topic ${i}`))).toHaveLength(10);
  });

  it('drops categories with no Latin letters instead of keeping a placeholder slug', () => {
    expect(tagsOf(['world'], ['Политика', 'Россия', 'Economy'])).toEqual(['world', 'economy']);
  });
});

describe('itemStory', () => {
  const source = { name: 'Harbour Wire', tags: ['local'] };
  const published = new Date('2024-05-02T08:00:00Z');
  const paragraph = 'The harbour board voted on Tuesday to rebuild the north pier before the winter storms, after engineers found the old timbers had rotted through in several places along the quay.';

  it('reads a full-text item in one step, as storyOf does with no page', () => {
    const item = { link: 'https://news.example/pier', title: 'Harbour board votes to rebuild pier', published, categories: ['Harbour'], html: [1, 2, 3].map(() => `<p>${paragraph}</p>`).join('') };
    const story = itemStory(item, source);
    expect(story).not.toBe('teaser');
    expect(story).toEqual(storyOf(item, source, null));
    expect(story).toMatchObject({ title: 'Harbour board votes to rebuild pier', source: 'Harbour Wire', tags: ['local', 'harbour'] });
  });

  it('says "teaser" for a short or cut-off item, so its page is read first', () => {
    const short = { link: 'https://news.example/pier', title: 'Pier vote', published, categories: [], html: '<p>The harbour board voted on Tuesday.</p>' };
    const cutOff = { ...short, html: `<p>${paragraph} ${paragraph} ${paragraph} Read more</p>` };
    expect(itemStory(short, source)).toBe('teaser');
    expect(itemStory(cutOff, source)).toBe('teaser');
  });
});
