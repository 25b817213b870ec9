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
  readonly summary?: string;
  readonly tags: readonly string[];
}

const MAX_TERMS = 20;
const MAX_TERM_LENGTH = 200;

/** Lower case without accents: "Zelenskyy's Café" -> "zelenskyy's cafe". */
function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
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
  for (const term of terms) {
    if (term.length > MAX_TERM_LENGTH) throw new UserError(`${option}: a term may be at most ${MAX_TERM_LENGTH} characters.`);
    compileTerm(term, option);
  }
  return terms;
}

type Test = (input: { readonly plain: string; readonly folded: string }) => boolean;

function compileTerm(term: string, option: string): Test {
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
    return ({ plain }) => compiled.test(plain);
  }
  const words = fold(term.replace(/^["“]|["”]$/g, '')).trim();
  if (!words) throw new UserError(`${option}: an empty phrase matches nothing.`);
  // A literal (escaped) between word edges: nothing here can backtrack badly.
  const whole = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(words).replace(/\s+/g, '\\s+')}(?![\\p{L}\\p{N}])`, 'u');
  return ({ folded }) => whole.test(folded);
}

export type StoryFilter = (story: FilterInput) => boolean;

/** The filter the terms describe (terms come from parseTerms, so they compile). */
export function storyFilter(terms: FilterTerms): StoryFilter {
  const match = terms.match.map((t) => compileTerm(t, 'match'));
  const exclude = terms.exclude.map((t) => compileTerm(t, 'exclude'));
  if (match.length === 0 && exclude.length === 0) return () => true;
  return (story) => {
    // Each field on its own, so ^ and $ mean the start and end of a title, a summary or a tag.
    const fields = [story.title, story.summary, ...story.tags].filter((f): f is string => Boolean(f)).map((plain) => ({ plain, folded: fold(plain) }));
    const found = (test: Test) => fields.some(test);
    return (match.length === 0 || match.some(found)) && !exclude.some(found);
  };
}

/** `match: putin "climate change" · exclude: /opinion/i`, or '' for no filter. */
export function describeFilter(terms: FilterTerms): string {
  return [terms.match.length > 0 && `match: ${terms.match.join(' ')}`, terms.exclude.length > 0 && `exclude: ${terms.exclude.join(' ')}`].filter(Boolean).join(' · ');
}
