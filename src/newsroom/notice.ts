// The COVID-19 notice: its wording and link, and the detector that decides which articles carry it.
// Terms, weights and exclusions live in content/notices/covid-19.md so editors can tune them.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { ReplyNotice } from '../core/reply';
import { parseFrontMatter } from './front-matter';

export interface NoticeTerm {
  readonly label: string;
  /** The term up to its end on a word boundary; `find` checks that it starts on one (see `compileTerm`). */
  readonly pattern: RegExp;
  readonly weight: number;
  /** The term does not count in an article that matches this ("the pandemic" in a story about AIDS). */
  readonly unless?: RegExp;
  /**
   * The term fits an earlier outbreak as well ("coronavirus" in a 2013 MERS story, "quarantine" in a
   * SARS one): it counts only when the article can be of the COVID-19 era (see `detect`).
   */
  readonly ambiguous: boolean;
}

/** What tells the COVID-19 era from the outbreaks before it. */
export interface NoticeEra {
  /** An article published before this cannot be about COVID-19: only unambiguous terms count. */
  readonly since: Date;
  /** Another outbreak named in the article (SARS, MERS, flu, Ebola) ... */
  readonly otherOutbreak: RegExp;
  /** ... explains the ambiguous terms unless the article also shows the COVID-19 era ("Wuhan", "2020"). */
  readonly marks: RegExp;
}

export interface NoticeDefinition {
  readonly id: string;
  readonly text: string;
  readonly url: string;
  readonly linkText: string;
  readonly threshold: number;
  readonly terms: readonly NoticeTerm[];
  readonly ignore: readonly RegExp[];
  readonly era?: NoticeEra;
}

export interface NoticeVerdict {
  readonly applies: boolean;
  readonly score: number;
  /** The words that matched, as the article writes them ("pandemic isolation"), one per term. */
  readonly terms: string[];
  /** Why the ambiguous terms did not count, when they did not: "dated 2014-05-02", "names MERS". */
  readonly discounted?: string;
}

const NoticeFile = z.object({
  id: z.string().min(1),
  link: z.string().url(),
  link_text: z.string().min(1),
  threshold: z.number().positive(),
  terms: z
    .array(z.object({ term: z.string().min(1), weight: z.number(), unless: z.string().min(1).optional(), ambiguous: z.boolean().default(false) }))
    .min(1),
  ignore: z.array(z.string().min(1)).default([]),
  era: z
    .object({
      // YAML reads an unquoted 2019-12-01 as a Date.
      since: z.union([z.date(), z.string().date()]).transform((d) => new Date(d)),
      other_outbreak: z.string().min(1),
      marks: z.string().min(1),
    })
    .optional(),
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * "/regex/" is a pattern; anything else a literal phrase. Matched on word boundaries, any case. The
 * boundary before the term is left to `find`: opening on a lookbehind, a pattern is tried at every
 * character of the article (V8 cannot skip to where its first letters are), which cost about twice
 * as much over the 30-odd terms as the rest of the notice.
 */
function compileTerm(term: string): RegExp {
  const source = /^\/.+\/$/.test(term) ? term.slice(1, -1) : escapeRegExp(term);
  return new RegExp(`(?:${source})(?![\\p{L}\\p{N}])`, 'giu');
}

export function parseNotice(text: string, file: string): NoticeDefinition {
  const { data, body } = parseFrontMatter(text, file);
  const parsed = NoticeFile.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: field "${issue.path.join('.')}": ${issue.message}`);
  }
  const n = parsed.data;
  return {
    id: n.id,
    text: body.trim(),
    url: n.link,
    linkText: n.link_text,
    threshold: n.threshold,
    terms: n.terms.map((t) => ({
      label: t.term,
      pattern: compileTerm(t.term),
      weight: t.weight,
      ambiguous: t.ambiguous,
      ...(t.unless ? { unless: compileTerm(t.unless) } : {}),
    })),
    ignore: n.ignore.map(compileTerm),
    ...(n.era ? { era: { since: n.era.since, otherOutbreak: compileTerm(n.era.other_outbreak), marks: compileTerm(n.era.marks) } } : {}),
  };
}

export async function loadNotice(file: string): Promise<NoticeDefinition> {
  return parseNotice(await readFile(file, 'utf8'), file);
}

/** Where a word starts: no letter or digit right before (sticky, tried at one place). */
const WORD_START = /(?<![\p{L}\p{N}])/uy;

/**
 * The first match of a term at or after `from` that starts a word: the same match as the term with
 * `(?<![\p{L}\p{N}])` in front would give, since that lookbehind only decides where a match may start.
 */
function find(pattern: RegExp, text: string, from = 0): RegExpExecArray | null {
  pattern.lastIndex = from;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    WORD_START.lastIndex = match.index;
    if (WORD_START.test(text)) return match;
    pattern.lastIndex = nextIndex(text, match.index);
  }
  return null;
}

/** The next position after `at`, a whole code point on (as a Unicode pattern steps). */
function nextIndex(text: string, at: number): number {
  return at + ((text.codePointAt(at) ?? 0) > 0xffff ? 2 : 1);
}

/** `text` with every match of a term blanked to spaces of the same length, as `replace` would find them. */
function blank(pattern: RegExp, text: string): string {
  let out = '';
  let done = 0;
  for (let match = find(pattern, text); match; match = find(pattern, text, match[0] === '' ? nextIndex(text, match.index) : match.index + match[0].length)) {
    out += text.slice(done, match.index) + ' '.repeat(match[0].length);
    done = match.index + match[0].length;
  }
  return out + text.slice(done);
}

/**
 * Why the ambiguous terms cannot mean COVID-19 here, or undefined when they can: the article is dated
 * before the era, or names another outbreak and nothing of the COVID-19 era.
 */
function outsideEra(era: NoticeEra | undefined, text: string, published: Date | undefined): string | undefined {
  if (!era) return undefined;
  if (published && published < era.since) return `dated ${published.toISOString().slice(0, 10)}`;
  // Dated within the era or not, a story about another outbreak (a 2023 measles outbreak: "the
  // outbreak", "quarantine", masks) reads its weak cues as that outbreak's, unless it shows the
  // COVID-19 era. A year shows the era only in an undated story: a dated one names its own years.
  const other = find(era.otherOutbreak, text);
  if (!other) return undefined;
  const marked = find(era.marks, published ? text.replace(/(?<!\d)(?:19|20)\d\d(?!\d)/g, '    ') : text);
  return marked ? undefined : `names ${other[0].replace(/\s+/g, ' ')}`;
}

/**
 * Decides whether a text may refer to the notice's subject: the weights of the terms it contains add
 * up to the threshold, so one plain name ("COVID-19") is enough and so are several weak cues together
 * ("social distancing", "hand sanitiser", "reopening"). `published`, when known, rules out the
 * ambiguous terms in an article from before the era.
 */
export function detect(notice: NoticeDefinition, text: string, published?: Date): NoticeVerdict {
  // Ignored phrases are blanked to the same length, so a match's position is its place in `text`.
  let cleaned = text.replace(/[’‘]/g, "'");
  for (const pattern of notice.ignore) cleaned = blank(pattern, cleaned);
  const discounted = outsideEra(notice.era, cleaned, published);
  // In a story dated within the era, "coronavirus" and "the pandemic" mean COVID-19 whatever else it
  // names: only the weak cues, which add up only together, are read as the other outbreak's.
  const weakOnly = discounted !== undefined && published !== undefined && notice.era !== undefined && published >= notice.era.since;
  let score = 0;
  const terms: string[] = [];
  for (const term of notice.terms) {
    if (term.ambiguous && discounted && !(weakOnly && term.weight >= notice.threshold)) continue;
    const match = find(term.pattern, cleaned);
    if (!match || (term.unless && find(term.unless, cleaned))) continue;
    score += term.weight;
    const words = text.slice(match.index, match.index + match[0].length).replace(/\s+/g, ' ');
    if (!terms.some((t) => t.toLowerCase() === words.toLowerCase())) terms.push(words);
  }
  return { applies: score >= notice.threshold, score, terms, ...(discounted ? { discounted } : {}) };
}

/** What the detector reads of an article: the headline (a story may name COVID-19 only there), the dek, the body. */
export interface NoticeInput {
  readonly title: string;
  readonly dek?: string;
  readonly body: string;
  /** Unknown when absent or the epoch (a plain-text file read by the CLI has no date). */
  readonly published?: Date | null;
}

/** The verdict on a whole article: in the bot, the CLI's `classify` and `eval` alike. */
export function detectArticle(notice: NoticeDefinition, article: NoticeInput): NoticeVerdict {
  const published = article.published && article.published.getTime() > 0 ? article.published : undefined;
  return detect(notice, [article.title, article.dek ?? '', article.body].join('\n\n'), published);
}

/** The notice as it travels on a reply. */
export function noticeForReply(notice: NoticeDefinition): ReplyNotice {
  return { text: notice.text, url: notice.url, linkText: notice.linkText };
}

export interface NoticeService {
  readonly covid: NoticeDefinition;
}
