import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { articleSentences, closeRunOnQuote, stripDateline, summarize, withoutConnective } from '../../src/newsroom/summarize';

const fixtures = join(import.meta.dirname, '../fixtures/eval');
const articles = readdirSync(fixtures).map((f) => JSON.parse(readFileSync(join(fixtures, f), 'utf8')) as { id: string; title: string; text: string });

/** The summary of an article whose paragraphs are `paragraphs`. */
const summaryOf = (paragraphs: readonly string[], count: number, title = '') => summarize({ title, body: paragraphs.join('\n\n') }, count);

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
      // extractive: verbatim, or verbatim less an opening connective ("But ...") that linked to a sentence
      // left out, or with a run-on quotation closed
      for (const s of summary) expect(sentences.some((x) => x === s || withoutConnective(x) === s || closeRunOnQuote(x) === s)).toBe(true);
      // only the article's first sentence may open on a pronoun: it leans on nothing
      if (summary[0] !== sentences[0]) expect(summary[0]).not.toMatch(OPENS_ON_PRONOUN);
      expect(summary.join(' ')).not.toMatch(/\((?:AP|Reuters|CNN)\)/);
      // every quotation in the summary is whole and has its speaker's verb in the same sentence
      for (const s of summary.filter((x) => /[“"]/.test(x))) {
        expect((s.match(/“/g) ?? []).length).toBe((s.match(/”/g) ?? []).length);
        expect(s).toMatch(/\b(?:said|says|told|added|according)\b/);
      }
    }
  });

  it('skips photo captions and bylines, and keeps article order', () => {
    const p = [
      'They call it the slowest bus route in the country, and the riders on Main Street agree.',
      'By Jane Doe, Staff Reporter',
      'The city council approved a $40 million budget for new bus lanes on Tuesday after a long debate.',
      'Commuters wait for a bus on Main Street (pictured) in the rain.',
      'The lanes will be built on six of the busiest streets in the city over the next two years.',
      '“This is the best news riders have had in a decade,” said transit advocate Maria Lopez.',
    ];
    expect(summaryOf(p, 3, 'Council approves bus lanes')).toEqual([p[0], p[2], p[4]]);
  });

  it('takes the article’s first sentence even when it opens on a pronoun: it leans on nothing', () => {
    const p = [
      'He has swept the same stretch of pavement outside Leeds station every morning for 41 years.',
      'Now Arthur Benn, 78, has been named the city’s volunteer of the year by the lord mayor.',
      'Benn started sweeping when the station’s cleaning contract lapsed in 1983 and simply never stopped.',
    ];
    expect(summaryOf(p, 1)).toEqual([p[0]]);
    // a byline above it does not count as a sentence it could lean on
    expect(summaryOf(['By Kate Lowe, Chief Reporter', ...p], 1)).toEqual([p[0]]);
  });

  it('drops an opening connective when the sentence it links to is left out, and keeps it when it is in', () => {
    const p = [
      'Ruth Okonjo has spent three decades fixing other people’s clocks in a shop the size of a garage in Dundee.',
      '“Every clock that comes through that door has a story, and I have heard most of them,” said Okonjo, who is 64.',
      'But the shop will close its doors for the last time on Friday, because the lease on the building ends this month.',
      'The building is being converted into flats by a developer who bought it in the spring.',
      'And the city council has offered her a stall in the covered market at a reduced rent for a year.',
    ];
    expect(summaryOf(p, 4)).toEqual([p[0], 'The shop will close its doors for the last time on Friday, because the lease on the building ends this month.', p[3], p[4]]);
  });

  it('does not hold a quoted phrase against a lead sentence', () => {
    const p = [
      'The harbour board voted on Monday to close the north pier to cars from next spring.',
      'Local fishermen called the vote “a death sentence for the quay” and promised to appeal to the council.',
      '“We will fight it in every court in the land.”',
      'The board said the pier’s timber supports had rotted and could not carry vehicles safely.',
      'Repairs would cost about £2 million, money the board said it did not have.',
    ];
    expect(summaryOf(p, 3)).toEqual([p[0], p[1], p[3]]);
  });

  it('closes a quotation that runs on into the next sentence, so the sentence can stand alone', () => {
    expect(closeRunOnQuote("The coach, Sam Reid, said: 'We were second best for an hour and we got away with it.")).toBe(
      "The coach, Sam Reid, said: 'We were second best for an hour and we got away with it.'",
    );
    expect(closeRunOnQuote('Reid told reporters: “It was the best hour of football I have seen from them.')).toBe('Reid told reporters: “It was the best hour of football I have seen from them.”');
    // no speaker before it: half a quotation, left as it is (and left out of summaries)
    expect(closeRunOnQuote("'We were second best for an hour.")).toBe("'We were second best for an hour.");
    expect(closeRunOnQuote('The players’ union said the ruling was fair.')).toBe('The players’ union said the ruling was fair.');
  });

  it('reads an opening "There were" or "This week" as standing on its own', () => {
    const p = [
      'A fire broke out on a night ferry from Aberdeen to Lerwick early on Sunday, the coastguard said.',
      '“The smoke came under the cabin doors and every alarm on the ship went off at once,” said one passenger, Ann Kerr.',
      'There were 212 passengers and 40 crew on board, and all of them were taken off safely at Kirkwall.',
      'The ferry company said the cause of the fire was not yet known and the ship would be inspected.',
    ];
    expect(summaryOf(p, 2)).toEqual([p[0], p[2]]);
    const q = [...p.slice(0, 2), 'This week the ferry company ordered fire checks on its four other ships before the summer timetable.'];
    expect(summaryOf(q, 2)).toEqual([q[0], q[2]]);
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
