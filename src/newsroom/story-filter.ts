// A route's filter: `match` and `exclude`, each a list of words, "quoted phrases" and
// /regular expressions/, tested against a story's title, summary and each tag. A story passes when
// `match` is empty or one of its terms is found, and no `exclude` term is. Words and phrases match
// whole words, ignoring case and accents. Regular expressions run on RE2 (re2js, pure JavaScript):
// matching is linear in the text, so no pattern a moderator types can stall the bot, and a
// pattern RE2 cannot run (a back-reference, a look-around) is refused when the route is made.
import { RE2JS } from 're2js';
import { UserError } from '../core/errors';

export interface FilterTerms {
  readonly match: readonly string[];
  readonly exclude: readonly string[];
}

/** What a filter reads of a story. */
export interface FilterInput {
  readonly title: string;
  /** The story's one-sentence summary, and its dek where it has one. */
  readonly summary?: string;
  readonly dek?: string;
  readonly tags: readonly string[];
}

const MAX_TERMS = 20;
const MAX_TERM_LENGTH = 200;
/**
 * RE2's time is linear in the text times the size of the compiled pattern, and a counted repeat
 * copies what it repeats ("x{1,999}" is a thousand x's): patterns are held to a program size (RE2's
 * own measure of cost; 120 for ".{1,20}.{1,20}.{1,20}x", about 0.15 ms on a 600-character summary),
 * and each field is cut to a length that a story's title, summary or tag never needs to pass.
 */
const MAX_PROGRAM = 300;
const MAX_FILTER_PROGRAM = 1_000;
const FIELD_LIMITS = { title: 300, summary: 600, tag: 60, tags: 20 } as const;

/**
 * Lower case without accents, anything between words one space: "Climate-Change, Café" ->
 * "climate change cafe", so a phrase matches a slugged tag and a hyphenated title alike.
 */
function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ');
}

/**
 * `putin, "climate change" /ukrain(e|ian)/i` -> ['putin', '"climate change"', '/ukrain(e|ian)/i'].
 * Words are split on spaces and commas; a phrase keeps its quotes and a pattern its slashes, so the
 * stored terms read back as typed.
 */
export function parseTerms(input: string, option: 'match' | 'exclude'): string[] {
  const terms: string[] = [];
  let rest = input.trim();
  while (rest.length > 0) {
    let term: string;
    if (rest.startsWith('/')) {
      // Up to the next unescaped slash, then flags.
      const end = /^\/((?:\\.|[^\\/])+)\/([a-z]*)/.exec(rest);
      if (!end) throw new UserError(`${option}: ${rest.slice(0, 60)} has no closing /. Write a pattern as /pattern/ or /pattern/i.`);
      term = end[0];
    } else if (rest.startsWith('"') || rest.startsWith('“')) {
      const end = /^["“]([^"”]+)["”]/.exec(rest);
      if (!end) throw new UserError(`${option}: a phrase is missing its closing quote.`);
      term = end[0];
    } else {
      term = /^[^\s,]+/.exec(rest)![0];
    }
    terms.push(term);
    if (terms.length > MAX_TERMS) throw new UserError(`${option}: at most ${MAX_TERMS} terms.`);
    rest = rest.slice(term.length).replace(/^[\s,]+/, '');
  }
  let program = 0;
  for (const term of terms) {
    if (term.length > MAX_TERM_LENGTH) throw new UserError(`${option}: a term may be at most ${MAX_TERM_LENGTH} characters.`);
    program += compileTerm(term, option).size;
  }
  if (program > MAX_FILTER_PROGRAM) throw new UserError(`${option}: these patterns together are too costly to run on every story; use fewer or simpler ones.`);
  return terms;
}

type Test = (input: { readonly plain: string; readonly folded: string }) => boolean;

function compileTerm(term: string, option: string): { readonly size: number; readonly test: Test } {
  const pattern = /^\/(.+)\/([a-z]*)$/s.exec(term);
  if (pattern) {
    const [, source, flags] = pattern as unknown as [string, string, string];
    const unknown = flags.replace(/[ims]/g, '');
    if (unknown) throw new UserError(`${option}: ${term}: unknown flag "${unknown[0]}" (use i, m or s).`);
    let compiled: RE2JS;
    try {
      compiled = RE2JS.compile(source, (flags.includes('i') ? RE2JS.CASE_INSENSITIVE : 0) | (flags.includes('m') ? RE2JS.MULTILINE : 0) | (flags.includes('s') ? RE2JS.DOTALL : 0));
    } catch (error) {
      throw new UserError(`${option}: ${term} is not a pattern I can use: ${(error as Error).message.replace(/^error parsing regexp: /, '')}.`);
    }
    if (compiled.programSize() > MAX_PROGRAM) throw new UserError(`${option}: ${term} is too costly to run on every story (program size ${compiled.programSize()}, at most ${MAX_PROGRAM}); use fewer or smaller counted repeats.`);
    return { size: compiled.programSize(), test: ({ plain }) => compiled.test(plain) };
  }
  // Folded, a text is words between single spaces: a whole-word match is a plain substring test.
  const words = fold(term.replace(/^["“]|["”]$/g, '')).trim();
  if (!words) throw new UserError(`${option}: an empty phrase matches nothing.`);
  return { size: 1, test: ({ folded }) => folded.includes(` ${words} `) };
}

export type StoryFilter = (story: FilterInput) => boolean;

/** The filter the terms describe (terms come from parseTerms, so they compile). */
export function storyFilter(terms: FilterTerms): StoryFilter {
  const match = terms.match.map((t) => compileTerm(t, 'match').test);
  const exclude = terms.exclude.map((t) => compileTerm(t, 'exclude').test);
  if (match.length === 0 && exclude.length === 0) return () => true;
  return (story) => {
    // Each field on its own, so ^ and $ mean the start and end of a title, a summary or a tag.
    const fields = [story.title.slice(0, FIELD_LIMITS.title), story.summary?.slice(0, FIELD_LIMITS.summary), story.dek?.slice(0, FIELD_LIMITS.summary), ...story.tags.slice(0, FIELD_LIMITS.tags).map((t) => t.slice(0, FIELD_LIMITS.tag))]
      .filter((f): f is string => Boolean(f))
      .map((plain) => ({ plain, folded: ` ${fold(plain).trim()} ` }));
    const found = (test: Test) => fields.some(test);
    return (match.length === 0 || match.some(found)) && !exclude.some(found);
  };
}

/** `match: putin "climate change" · exclude: /opinion/i`, or '' for no filter. */
export function describeFilter(terms: FilterTerms): string {
  return [terms.match.length > 0 && `match: ${terms.match.join(' ')}`, terms.exclude.length > 0 && `exclude: ${terms.exclude.join(' ')}`].filter(Boolean).join(' · ');
}
