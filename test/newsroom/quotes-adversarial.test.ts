// Quote extraction on input no newswire has but a feed can send: each case took seconds to minutes
// (an exponential regex, quadratic attribution) and could freeze the bot. The bounds are coarse on
// purpose, far above what the code now takes (a few tens of ms), and on CPU time, which other
// work on a shared, noisy machine barely moves.
import { describe, expect, it } from 'vitest';
import { extractQuotes } from '../../src/newsroom/quotes';
import { articleSentences, rankSentences } from '../../src/newsroom/summarize';
import { cpuStopwatch } from '../support/cpu';

const BOUND_MS = 1000;
const SIZE = 20_000;

function repeated(unit: string, size = SIZE): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

function timed<T>(run: () => T): { result: T; ms: number } {
  const elapsed = cpuStopwatch();
  const result = run();
  return { result, ms: elapsed() };
}

const pairs = (body: string) => extractQuotes(body).map((q) => [q.text, q.speaker]);

describe('extractQuotes on adversarial input', () => {
  // "recently" matched both its own alternative and `\w+ly`: 2^n ways to fail (2.6 s at 24, minutes at 30).
  it.each([24, 30, 200])('strips %i trailing adverbs before a speech verb quickly', (k) => {
    const { result, ms } = timed(() => extractQuotes(`Jim Bob ${'recently '.repeat(k)}x said "we are here now".`));
    expect(ms).toBeLessThan(BOUND_MS);
    expect(result.map((q) => q.text)).toEqual(['we are here now']);
  });

  it('strips adverbs in a sentence without a quotation quickly', () => {
    const { ms } = timed(() => extractQuotes(`Jim Bob ${'repeatedly '.repeat(40)}x said the thing was fine.`));
    expect(ms).toBeLessThan(BOUND_MS);
  });

  // Each quotation mark re-scanned every marker of its sentence: 60 s for 20 kB of “, 15 s of ", 7 s of "a.
  it.each(['“', '"', '"a ', '”', ' "', '“a ', 'A "', ' "a', '." ', '“a ” ', 'said "', 'said, ', 'recently ', ' -- ', 'quickly, ', ', said Abc of Abc ', '"a b c," he said. ', '“a b c” '])(
    'extracts from 20 kB of %j quickly',
    (unit) => {
      for (const body of [repeated(unit), `The mayor said ${repeated(unit)} and more.`, `"We are here now," ${repeated(unit)} said Jim Bob.`]) {
        const { ms } = timed(() => extractQuotes(body));
        expect(ms, JSON.stringify(body.slice(0, 40))).toBeLessThan(BOUND_MS);
      }
    },
  );

  it.each(['.', 'A. ', ' -- ', '“a ', '”', 'Monday ' + 'a'.repeat(200)])('summarizes 20 kB of %j quickly', (unit) => {
    const body = repeated(unit);
    const { ms } = timed(() => rankSentences({ title: 'T', body }, articleSentences(body)).pick(3));
    expect(ms).toBeLessThan(BOUND_MS * 3); // most of it is wink-nlp tokenizing 20 kB
  });

  it('still attributes a quotation after a run of adverbs and a dashed aside', () => {
    expect(pairs('"We will win this fight," said John Smith, a spokesman for the ministry.')).toEqual([['We will win this fight,', 'John Smith']]);
    expect(pairs('Jim Bob recently and repeatedly said: "We are here now and staying."')).toEqual([['We are here now and staying.', 'Jim Bob']]);
    expect(pairs('Rice -- who is in Turkey for talks -- said: "We will not give up on this."')).toEqual([['We will not give up on this.', 'Rice']]);
    expect(pairs('Laura Clark, 50, of Harlem, also recently said: "The rent is far too high now."')).toEqual([['The rent is far too high now.', 'Laura Clark']]);
  });

  it('keeps the speakers of many ordinary quotations in one paragraph', () => {
    const body = 'Mayor John Smith spoke on Monday. ' + '"We will win this fight," Smith said. '.repeat(500);
    const { result, ms } = timed(() => extractQuotes(body));
    expect(ms).toBeLessThan(BOUND_MS);
    expect(result).toHaveLength(500);
    expect(new Set(result.map((q) => q.speaker))).toEqual(new Set(['John Smith']));
  });
});

describe('occupational titles before a name', () => {
  it('drops "Lawyer" from "Lawyer Tom Brown", so "he" and "Brown" are Tom Brown', () => {
    const body =
      'Police Chief Jane Doe spoke to reporters. "We have made an arrest in the case," she said. Lawyer Tom Brown disagreed. "My client is innocent of all this," he said. "We will appeal the ruling at once," Brown said.';
    expect(pairs(body)).toEqual([
      ['We have made an arrest in the case,', 'Jane Doe'],
      ['My client is innocent of all this,', 'Tom Brown'],
      ['We will appeal the ruling at once,', 'Tom Brown'],
    ]);
  });

  it.each(['Attorney', 'Spokeswoman', 'Analyst', 'Economist', 'Professor', 'Coach', 'Prosecutor', 'Strategist'])('drops "%s" before a name', (title) => {
    expect(pairs(`"The numbers do not add up at all," ${title} Ann Lee said.`)).toEqual([['The numbers do not add up at all,', 'Ann Lee']]);
  });
});
