// Rules added in the half-a cross-check of issue 14: more reporting verbs, slogans that are chanted,
// and crowds as anonymous speakers. Every example is invented for the test.
import { describe, expect, it } from 'vitest';
import { extractQuotes } from '../../src/newsroom/quotes';

const pairs = (body: string) => extractQuotes(body).map((q) => [q.text, q.speaker]);

describe('reported fragments', () => {
  it('credits a fragment in a dashed aside to whoever "requested" it, not the sentence subject', () => {
    const body = 'Council members balked at the budget Mayor Ida Fenn requested — a sum “larger than anything this city has ever spent, by far” — and sent it back.';
    expect(pairs(body)).toEqual([['larger than anything this city has ever spent, by far', 'Ida Fenn']]);
  });

  it('reads "touted" and "decried" as reporting verbs', () => {
    expect(pairs('At the fair, the governor’s rival Jo Marsh touted the plan as “the cheapest fix on the table.”')).toEqual([['the cheapest fix on the table.', 'Jo Marsh']]);
    expect(pairs('Farmers’ groups applauded, but Rep. Tom Ochs decried the deal as “a giveaway to the largest mills.”')).toEqual([['a giveaway to the largest mills.', 'Tom Ochs']]);
  });
});

describe('chanted slogans and crowds', () => {
  it('keeps a slogan in title case when it is chanted or shouted, and drops it on a sign', () => {
    const body = 'Protesters chanted, “No More Cuts,” as the council met. Many carried signs reading “Save Our Wards Today.”';
    expect(pairs(body)).toEqual([['No More Cuts,', 'protesters (unnamed)']]);
  });

  it('makes "some nurses" an anonymous crowd, whom a later "they" means', () => {
    const body = ['Hundreds marched on the capitol on Monday.', 'Some Ohio nurses shouted, “Staff the wards now,” at the doors.', '“We are exhausted and we are not going away,” they said.'].join('\n\n');
    expect(pairs(body)).toEqual([
      ['Staff the wards now,', 'Ohio nurses (unnamed)'],
      ['We are exhausted and we are not going away,', 'Ohio nurses (unnamed)'],
    ]);
  });
});
