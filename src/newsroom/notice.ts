// The COVID-19 notice: its wording and link, and the detector that decides which articles carry it.
// Terms, weights and exclusions live in content/notices/covid-19.md so editors can tune them.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { ReplyNotice } from '../core/reply';
import { parseFrontMatter } from './front-matter';

export interface NoticeTerm {
  readonly label: string;
  readonly pattern: RegExp;
  readonly weight: number;
  /** The term does not count in an article that matches this ("the pandemic" in a story about AIDS). */
  readonly unless?: RegExp;
}

export interface NoticeDefinition {
  readonly id: string;
  readonly text: string;
  readonly url: string;
  readonly linkText: string;
  readonly threshold: number;
  readonly terms: readonly NoticeTerm[];
  readonly ignore: readonly RegExp[];
}

export interface NoticeVerdict {
  readonly applies: boolean;
  readonly score: number;
  /** The words that matched, as the article writes them ("pandemic isolation"), one per term. */
  readonly terms: string[];
}

const NoticeFile = z.object({
  id: z.string().min(1),
  link: z.string().url(),
  link_text: z.string().min(1),
  threshold: z.number().positive(),
  terms: z.array(z.object({ term: z.string().min(1), weight: z.number(), unless: z.string().min(1).optional() })).min(1),
  ignore: z.array(z.string().min(1)).default([]),
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** "/regex/" is a pattern; anything else a literal phrase. Matched on word boundaries, any case. */
function compileTerm(term: string): RegExp {
  const source = /^\/.+\/$/.test(term) ? term.slice(1, -1) : escapeRegExp(term);
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${source})(?![\\p{L}\\p{N}])`, 'giu');
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
    terms: n.terms.map((t) => ({ label: t.term, pattern: compileTerm(t.term), weight: t.weight, ...(t.unless ? { unless: compileTerm(t.unless) } : {}) })),
    ignore: n.ignore.map(compileTerm),
  };
}

export async function loadNotice(file: string): Promise<NoticeDefinition> {
  return parseNotice(await readFile(file, 'utf8'), file);
}

/** Decides whether a text may refer to the notice's subject. */
export function detect(notice: NoticeDefinition, text: string): NoticeVerdict {
  // Ignored phrases are blanked to the same length, so a match's position is its place in `text`.
  let cleaned = text.replace(/[’‘]/g, "'");
  for (const pattern of notice.ignore) cleaned = cleaned.replace(pattern, (m) => ' '.repeat(m.length));
  let score = 0;
  const terms: string[] = [];
  for (const term of notice.terms) {
    term.pattern.lastIndex = 0;
    const match = term.pattern.exec(cleaned);
    if (!match) continue;
    if (term.unless) {
      term.unless.lastIndex = 0;
      if (term.unless.test(cleaned)) continue;
    }
    score += term.weight;
    const words = text.slice(match.index, match.index + match[0].length).replace(/\s+/g, ' ');
    if (!terms.some((t) => t.toLowerCase() === words.toLowerCase())) terms.push(words);
  }
  return { applies: score >= notice.threshold, score, terms };
}

/** The notice as it travels on a reply. */
export function noticeForReply(notice: NoticeDefinition): ReplyNotice {
  return { text: notice.text, url: notice.url, linkText: notice.linkText };
}

export interface NoticeService {
  readonly covid: NoticeDefinition;
}
