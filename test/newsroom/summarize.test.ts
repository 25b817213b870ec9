import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { articleSentences, stripDateline, summarize } from '../../src/newsroom/summarize';

const fixtures = join(import.meta.dirname, '../fixtures/eval');
const articles = readdirSync(fixtures).map((f) => JSON.parse(readFileSync(join(fixtures, f), 'utf8')) as { id: string; title: string; text: string });

const OPENS_ON_PRONOUN = /^[“"‘']?(?:he|she|it|they|his|her|its|their|this|these|those|but|and)\b/i;

describe('stripDateline', () => {
  it.each([
    ['WASHINGTON (AP) — The Senate passed the bill.', 'The Senate passed the bill.'],
    ['SAN JOSE, Calif. (Reuters) - Arclight cut its forecast.', 'Arclight cut its forecast.'],
    ['BOGOTA, Colombia (CNN) -- A rebel commander was killed.', 'A rebel commander was killed.'],
    ['(CNN)Hillary Clinton spoke on Tuesday.', 'Hillary Clinton spoke on Tuesday.'],
    ['The Senate passed the bill.', 'The Senate passed the bill.'],
  ])('%s', (sentence, expected) => {
    expect(stripDateline(sentence)).toBe(expected);
  });
});

describe('summarize', () => {
  it.each(articles.map((a) => [a.id, a] as const))('%s: 1-3 whole sentences of the article that read on their own', (_id, a) => {
    const sentences = articleSentences(a.text);
    for (const count of [1, 2, 3]) {
      const summary = summarize({ title: a.title, body: a.text }, count, sentences);
      expect(summary).toHaveLength(count);
      for (const s of summary) expect(sentences).toContain(s); // extractive, verbatim
      expect(summary[0]).not.toMatch(OPENS_ON_PRONOUN);
      expect(summary.join(' ')).not.toMatch(/\((?:AP|Reuters|CNN)\)/);
      // every quotation in the summary is whole and has its speaker's verb in the same sentence
      for (const s of summary.filter((x) => /[“"]/.test(x))) {
        expect((s.match(/“/g) ?? []).length).toBe((s.match(/”/g) ?? []).length);
        expect(s).toMatch(/\b(?:said|says|told|added|according)\b/);
      }
    }
  });

  it('skips photo captions, bylines and an opening pronoun, and keeps article order', () => {
    const body = [
      'He picked up the nickname on the football pitch years ago.',
      'By Jane Doe, Staff Reporter',
      'The city council approved a $40 million budget for new bus lanes on Tuesday after a long debate.',
      'Commuters wait for a bus on Main Street (pictured) in the rain.',
      'The lanes will be built on six of the busiest streets in the city over the next two years.',
      '“This is the best news riders have had in a decade,” said transit advocate Maria Lopez.',
    ].join('\n\n');
    expect(summarize({ title: 'Council approves bus lanes', body }, 3)).toEqual([
      'The city council approved a $40 million budget for new bus lanes on Tuesday after a long debate.',
      'The lanes will be built on six of the busiest streets in the city over the next two years.',
      '“This is the best news riders have had in a decade,” said transit advocate Maria Lopez.',
    ]);
  });

  it('returns nothing for an empty body', () => {
    expect(summarize({ title: 'Empty', body: '' }, 3)).toEqual([]);
  });
});
