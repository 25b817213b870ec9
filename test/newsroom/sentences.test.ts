import { describe, expect, it } from 'vitest';
import { splitParagraphs, splitSentences } from '../../src/newsroom/text/sentences';

describe('splitSentences', () => {
  it.each([
    ['U.S. officials said Monday that talks would resume. The State Department declined to comment.', 2],
    ['Sen. Maria Delgado, D-N.M., wrote the bill. It passed 71-27.', 2],
    ['The clinics run through Jan. 15 at libraries. A list is online.', 2],
    ['Gov. J.B. Pritzker signed the order. Schools will close.', 2],
    ['Inflation rose 3.5 percent in March. Food prices led the rise.', 2],
    ['A spokesperson, Brig. Gen. Pat Ryder, told reporters. He declined to say more.', 2],
    ['The company, Arclight Inc., cut its forecast. Shares fell 11% to $4.50 a share.', 2],
  ])('keeps abbreviations, initials and decimals inside a sentence: %s', (text, count) => {
    const sentences = splitSentences(text);
    expect(sentences).toHaveLength(count);
    // Nothing lost or reordered: the sentences put back together are the paragraph.
    expect(sentences.join(' ')).toBe(text);
  });

  it('keeps a quotation and its attribution together', () => {
    expect(splitSentences('“Stop. Now,” he said. Then he left.')).toEqual(['“Stop. Now,” he said.', 'Then he left.']);
    expect(splitSentences('“Is it over?” she asked. Nobody answered.')).toEqual(['“Is it over?” she asked.', 'Nobody answered.']);
  });

  it('splits paragraphs on blank lines and folds line breaks', () => {
    expect(splitParagraphs('One line\ncontinues.\n\n\nTwo.\n')).toEqual(['One line continues.', 'Two.']);
  });
});
