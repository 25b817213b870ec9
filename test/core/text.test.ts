import { describe, expect, it } from 'vitest';
import { truncate } from '../../src/core/text';

describe('truncate', () => {
  it('truncates at a word boundary with an ellipsis, never splitting an emoji', () => {
    expect(truncate('The council met on Tuesday evening', 20)).toBe('The council met on…');
    expect(truncate('short', 20)).toBe('short');
    const cut = truncate('ab😀cd', 4);
    expect(cut).toBe('ab…');
    expect(truncate('x'.repeat(5000), 4096)).toHaveLength(4096);
  });

  it('drops a tail the caller names (a half-cut entity) before the ellipsis', () => {
    expect(truncate('Fish &amp; chips are served', 8, { dropTail: /&[a-z]*$/ })).toBe('Fish…');
  });
});
