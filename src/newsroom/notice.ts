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
  /** The terms found, as written in the notice file. */
  readonly terms: string[];
}

const NoticeFile = z.object({
  id: z.string().min(1),
  link: z.string().url(),
  link_text: z.string().min(1),
  threshold: z.number().positive(),
  terms: z.array(z.object({ term: z.string().min(1), weight: z.number() })).min(1),
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
    terms: n.terms.map((t) => ({ label: t.term, pattern: compileTerm(t.term), weight: t.weight })),
    ignore: n.ignore.map(compileTerm),
  };
}

export async function loadNotice(file: string): Promise<NoticeDefinition> {
  return parseNotice(await readFile(file, 'utf8'), file);
}

/** Decides whether a text may refer to the notice's subject. */
export function detect(notice: NoticeDefinition, text: string): NoticeVerdict {
  let cleaned = text.replace(/[’‘]/g, "'");
  for (const pattern of notice.ignore) cleaned = cleaned.replace(pattern, ' ');
  let score = 0;
  const terms: string[] = [];
  for (const term of notice.terms) {
    term.pattern.lastIndex = 0;
    if (term.pattern.test(cleaned)) {
      score += term.weight;
      terms.push(term.label);
    }
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
