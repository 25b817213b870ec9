import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { articleSentences, stripDateline, summarize, withoutConnective } from '../../src/newsroom/summarize';

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
    ['Orlando, Fla. – In ordinary times the beaches would be packed.', 'In ordinary times the beaches would be packed.'],
    ['Casper, Wyo. — The clinic stopped providing abortions on Friday.', 'The clinic stopped providing abortions on Friday.'],
    ['Hamas – which runs Gaza – said the talks had failed.', 'Hamas – which runs Gaza – said the talks had failed.'],
    ['Smith, the coach – and a former player – said the team was ready.', 'Smith, the coach – and a former player – said the team was ready.'],
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
      // extractive: verbatim, or verbatim less an opening connective ("But ...") that linked to a sentence left out
      for (const s of summary) expect(sentences.some((x) => x === s || withoutConnective(x) === s)).toBe(true);
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

  it('drops an opening connective when the sentence it links to is left out, and keeps it when it is in', () => {
    const body = [
      'She spent three decades fixing other people’s clocks in a shop the size of a garage.',
      'But Ruth Okonjo will close the doors of her repair shop in Dundee for the last time on Friday, after 31 years.',
      'The shop’s lease ends this month and the building is being converted into flats by a developer.',
      'And the city council has offered her a stall in the covered market at a reduced rent for a year.',
    ].join('\n\n');
    expect(summarize({ title: '', body }, 3)).toEqual([
      'Ruth Okonjo will close the doors of her repair shop in Dundee for the last time on Friday, after 31 years.',
      'The shop’s lease ends this month and the building is being converted into flats by a developer.',
      'And the city council has offered her a stall in the covered market at a reduced rent for a year.',
    ]);
  });

  it('takes only a connective off, and only when what is left opens on its own', () => {
    expect(withoutConnective('But the court ruled that the state had acted too early.')).toBe('The court ruled that the state had acted too early.');
    expect(withoutConnective('However, the ministry said the talks would resume next week.')).toBe('The ministry said the talks would resume next week.');
    expect(withoutConnective('But he said the talks would resume next week in Geneva.')).toBeNull(); // still a pronoun
    expect(withoutConnective('But for the rain, the final would have been played on Sunday afternoon.')).toBeNull();
    expect(withoutConnective('So far, nobody has claimed responsibility for the attack on the base.')).toBeNull();
    expect(withoutConnective('Still photos from the scene showed a burned-out truck on the road.')).toBeNull();
    expect(withoutConnective('The court ruled that the state had acted too early.')).toBeNull();
  });

  it('lets a pronoun follow its sentence across a caption, and reads "was pictured" as prose', () => {
    const body = [
      'Regional airline Skyhop grounded its fleet of 12 turboprops on Monday after an engine fire on a flight from Leeds.',
      'A Skyhop plane on the runway at Leeds Bradford Airport (pictured) on Sunday.',
      'It said the checks would take at least three days and offered refunds to passengers.',
      'The pilot, who was pictured waving from the cockpit after landing safely, was praised by the passengers.',
      'Engineers from the manufacturer flew in from Toulouse to inspect the damaged engine.',
    ].join('\n\n');
    expect(summarize({ title: '', body }, 3)).toEqual([
      'Regional airline Skyhop grounded its fleet of 12 turboprops on Monday after an engine fire on a flight from Leeds.',
      'It said the checks would take at least three days and offered refunds to passengers.',
      'The pilot, who was pictured waving from the cockpit after landing safely, was praised by the passengers.',
    ]);
  });

  it('keeps a quotation credited to "she" only right after the sentence before it', () => {
    const body = [
      'Should the town build 400 homes on the old gasworks site, asked the mayor of Harlow, Dana Whitcombe, at the meeting?',
      '“We cannot wait another decade for somebody else to fix this,” she said after the vote on Tuesday night.',
      'Work on the first 120 homes is due to start in the spring, with the rest finished by 2029.',
      'The council approved the plan by nine votes to four after a debate that ran past midnight.',
    ].join('\n\n');
    expect(summarize({ title: '', body }, 3)).toEqual([
      'Work on the first 120 homes is due to start in the spring, with the rest finished by 2029.',
      'The council approved the plan by nine votes to four after a debate that ran past midnight.',
    ]);
  });

  it('returns nothing for an empty body', () => {
    expect(summarize({ title: 'Empty', body: '' }, 3)).toEqual([]);
  });
});
