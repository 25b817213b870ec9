// The speaker model's patterns (single quotation marks, names, documents, title case, appositions)
// on 20 kB of hostile input: each must stay linear. Bounds as in quotes-adversarial.test.ts.
import { describe, expect, it } from 'vitest';
import { personNamesIn } from '../../src/newsroom/attribution/introduced';
import { extractQuotes } from '../../src/newsroom/quotes';
import { cpuStopwatch } from '../support/cpu';

const BOUND_MS = 1000;
const SIZE = 20_000;

function repeated(unit: string, size = SIZE): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

describe('speaker model on adversarial input', () => {
  it.each([
    "‘", "'", "‘a ", "'a ", "a’ ", "a' ", "‘a b c’ ", "s’ a ", "‘a “b” c’ ", '“a ‘b’ c” ',
    'Ab ', 'Ab of ', 'McAb ', 'Ab’s ', 'envoy to Ab ', 'Ab Cd, ', 'The ab, Cd Ef, ',
    'a statement from ', 'said a report by ', 'Ab Cd (AC) ', '(ABCDEFG) ', 'on Monday night ', 'Ab on Monday said "a b c" ', 'spokesman for Ab ', 'R-Ab, ', 'at Ab claims ', 'Ab of the of the Cd ', 'AB Ab Bc ', 'Abc Bcd for Cde ABC ', 'Ab de la Cd ', 'de de de Ab ', 'But Ab de Cd, ', "'a' ", "‘a’s b’ ", 'the statement said "a b c." ', 'Ab Cd Ef Gh ',
    '"A B C" ', '“Ab Of The Cd” ', 'said Ab, ', ', said another, Ab Cd, ', 'the ab’s “a b c” ',
  ])('extracts from 20 kB of %j quickly', (unit) => {
    const elapsed = cpuStopwatch();
    extractQuotes(repeated(unit));
    expect(elapsed()).toBeLessThan(BOUND_MS);
  });

  it('finds names in 20 kB of capitalised words quickly', () => {
    const elapsed = cpuStopwatch();
    personNamesIn(repeated('Ab Cd of Ef McGh ambassador to '));
    expect(elapsed()).toBeLessThan(BOUND_MS);
  });

  it('splits the same text into the same paragraphs after all that', () => {
    expect(extractQuotes("‘We are ready for the vote,’ Ms. Ida Lamb said.").map((q) => q.speaker)).toEqual(['Ida Lamb']);
  });
});
