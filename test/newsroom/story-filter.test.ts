// A route's filter: words, phrases and RE2 patterns against title, summary and tags; bad input is
// a clear error; no pattern can stall the bot.
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors';
import { describeFilter, parseTerms, storyFilter } from '../../src/newsroom/story-filter';

const story = (title: string, summary = '', tags: string[] = []) => ({ title, summary, tags });

describe('story filter', () => {
  it('reads words, "phrases" and /patterns/ as typed, separated by spaces or commas', () => {
    expect(parseTerms(' putin, "climate change"  /ukrain(e|ian)/i,nato ', 'match')).toEqual(['putin', '"climate change"', '/ukrain(e|ian)/i', 'nato']);
    expect(parseTerms('“curly quotes” /a\\/b/', 'exclude')).toEqual(['“curly quotes”', '/a\\/b/']);
  });

  it('matches whole words and phrases, ignoring case and accents, in title, summary or tags', () => {
    const passes = storyFilter({ match: parseTerms('putin "climate change" cafe', 'match'), exclude: [] });
    expect(passes(story('Putin meets envoy'))).toBe(true);
    expect(passes(story('Talks', 'On CLIMATE   change, nothing new'))).toBe(true);
    expect(passes(story('Opening', '', ['Café culture']))).toBe(true);
    // A phrase matches a slugged tag or a hyphenated title alike.
    expect(storyFilter({ match: parseTerms('"climate change"', 'match'), exclude: [] })(story('Summit', '', ['climate-change']))).toBe(true);
    expect(storyFilter({ match: parseTerms('"climate change"', 'match'), exclude: [] })(story('Climate-change summit'))).toBe(true);
    // Not part of a longer word.
    expect(passes(story('Putinism explained'))).toBe(false);
    expect(passes(story('The climate of change'))).toBe(false);
  });

  it('exclude wins over match; no match terms means everything not excluded', () => {
    const both = storyFilter({ match: parseTerms('election', 'match'), exclude: parseTerms('/^opinion:/i', 'exclude') });
    expect(both(story('Election day in Ohio'))).toBe(true);
    expect(both(story('Opinion: the election we deserve'))).toBe(false);
    const onlyExclude = storyFilter({ match: [], exclude: parseTerms('sport', 'exclude') });
    expect(onlyExclude(story('Markets rally'))).toBe(true);
    expect(onlyExclude(story('Markets', '', ['sport']))).toBe(false);
    expect(storyFilter({ match: [], exclude: [] })(story('anything'))).toBe(true);
  });

  it('refuses what it cannot use, saying why', () => {
    const refusal = (input: string) => {
      try {
        parseTerms(input, 'match');
      } catch (error) {
        expect(error).toBeInstanceOf(UserError);
        return (error as Error).message;
      }
      throw new Error(`accepted ${input}`);
    };
    expect(refusal('/(unclosed/')).toMatch(/match: \/\(unclosed\/ is not a pattern I can use: missing closing \)/);
    expect(refusal('/(a)\\1/')).toMatch(/not a pattern I can use/); // a back-reference: RE2 has none
    expect(refusal('/open')).toMatch(/no closing \//);
    expect(refusal('"half a phrase')).toMatch(/closing quote/);
    expect(refusal('/x/g')).toMatch(/unknown flag "g"/);
    expect(refusal(Array.from({ length: 21 }, (_, i) => `w${i}`).join(' '))).toMatch(/at most 20 terms/);
    expect(refusal('x'.repeat(10_000))).toMatch(/at most 200 characters/);
  });

  it('a catastrophic pattern runs in linear time on RE2', () => {
    const passes = storyFilter({ match: parseTerms('/(a+)+$/', 'match'), exclude: [] });
    // A backtracking engine would not finish this in the age of the universe (the test would time
    // out); RE2 answers in milliseconds.
    expect(passes(story(`${'a'.repeat(290)}!`))).toBe(false);
    expect(passes(story('a'.repeat(290)))).toBe(true);
    // A counted repeat copies what it repeats: a pattern too large to run on every story is refused.
    expect(() => parseTerms('/(.{1,50}){1,10}x/', 'match')).toThrow(/too costly to run on every story/);
    expect(() => parseTerms(Array.from({ length: 12 }, () => '/.{1,20}.{1,20}.{1,20}x/').join(' '), 'match')).toThrow(/together are too costly/);
  });

  it('describes itself as typed', () => {
    expect(describeFilter({ match: ['putin', '"climate change"'], exclude: ['/opinion/i'] })).toBe('match: putin "climate change" · exclude: /opinion/i');
    expect(describeFilter({ match: [], exclude: [] })).toBe('');
  });
});
