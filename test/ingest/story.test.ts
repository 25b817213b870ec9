import { describe, expect, it } from 'vitest';
import { tagsOf } from '../../src/ingest/story';

describe('tagsOf', () => {
  it("keeps the feed's tags and the item's categories as slugs, once each, at most ten", () => {
    expect(tagsOf(['world'], ['World', 'North Korea', 'Russia–Ukraine war'])).toEqual(['world', 'north-korea', 'russia-ukraine-war']);
    expect(tagsOf([], Array.from({ length: 15 }, (_, i) => `Topic ${i}`))).toHaveLength(10);
  });

  it('drops categories with no Latin letters instead of keeping a placeholder slug', () => {
    expect(tagsOf(['world'], ['Политика', 'Россия', 'Economy'])).toEqual(['world', 'economy']);
  });
});
