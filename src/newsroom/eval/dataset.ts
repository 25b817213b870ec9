// Annotated articles in the ../shared/eval format: one JSON per article, {id, title, text | raw,
// reference_summary, mentions_covid, quotes[{text, speaker}]}. `raw` is a scraped page; it is
// cleaned here the way content/articles/*.md were cleaned from it.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { z } from 'zod';

const AnnotatedQuote = z.object({
  text: z.string().min(1),
  speaker: z.string().min(1).nullable(),
});

const AnnotatedFile = z
  .object({
    id: z.string().min(1),
    source: z.string().optional(),
    title: z.string().default(''),
    text: z.string().optional(),
    raw: z.string().optional(),
    reference_summary: z.string().min(1).nullable().optional(),
    mentions_covid: z.boolean(),
    quotes: z.array(AnnotatedQuote).nullable().optional(),
  })
  .refine((a) => a.text !== undefined || a.raw !== undefined, { message: 'needs "text" or "raw"' });

export interface AnnotatedArticle {
  readonly id: string;
  /** Path relative to the evaluated directory. */
  readonly file: string;
  /**
   * The collection the article was drawn from: the "owner/name" repository that opens its `source`
   * ("owner/name:path@commit ..."), or null. Summaries are scored per collection as well as overall.
   */
  readonly collection: string | null;
  readonly title: string;
  /** Cleaned body: paragraphs separated by a blank line. */
  readonly body: string;
  readonly referenceSummary: string | null;
  readonly mentionsCovid: boolean;
  /** Null when the article's quotes were not annotated (an empty list there means "none given"). */
  readonly quotes: readonly { text: string; speaker: string | null }[] | null;
}

/** Page furniture around a scraped article: the notice banner, paywall and related-link lines. */
const FURNITURE = [
  /^this post may refer to covid-19\.?$/i,
  /^to access official information about the coronavirus\b/i,
  /^(?:click|tap) (?:here )?to (?:continue|keep) reading\.?$/i,
  /^(?:continue reading|read more|advertisement|related:?|share this article)\b.{0,60}$/i,
];

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The body of a scraped page: drops the banner lines, every copy of the headline, the standfirst
 * (the paragraph(s) between the headline and the body, set off by an extra blank line, and any
 * paragraph that is the reference summary: keeping it would hand the summarizer the answer), and
 * "Click to continue reading".
 */
export function cleanRaw(raw: string, title: string, referenceSummary: string | null): string {
  let text = raw.replace(/\r\n/g, '\n');
  // The standfirst sits before the first wider gap (two blank lines) that follows the headline.
  const gap = text.indexOf('\n\n\n');
  const headlineAt = title ? text.lastIndexOf(title, gap < 0 ? undefined : gap) : -1;
  if (gap >= 0 && headlineAt >= 0 && gap - headlineAt < 1200) text = text.slice(0, headlineAt + title.length) + text.slice(gap);
  const dropped = new Set([normalise(title), normalise(referenceSummary ?? '')].filter(Boolean));
  return text
    .split(/\n\s*\n/)
    .map(normalise)
    .filter((p) => p !== '' && !dropped.has(p) && !FURNITURE.some((f) => f.test(p)))
    .join('\n\n');
}

async function jsonFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((e) => (e.isDirectory() ? jsonFiles(join(dir, e.name)) : Promise.resolve(e.name.endsWith('.json') ? [join(dir, e.name)] : []))),
  );
  return nested.flat();
}

export function parseAnnotated(text: string, file: string): AnnotatedArticle {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = AnnotatedFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: field "${issue.path.join('.') || '(root)'}": ${issue.message}`);
  }
  const a = parsed.data;
  const referenceSummary = a.reference_summary ?? null;
  return {
    id: a.id,
    file,
    collection: /^([\w.-]+\/[\w.-]+):/.exec(a.source ?? '')?.[1] ?? null,
    title: a.title,
    body: a.text !== undefined ? a.text.trim() : cleanRaw(a.raw!, a.title, referenceSummary),
    referenceSummary,
    mentionsCovid: a.mentions_covid,
    quotes: a.quotes && a.quotes.length > 0 ? a.quotes : null,
  };
}

/** Every *.json under `path` (or the one file `path`), in name order. */
export async function loadAnnotated(path: string): Promise<AnnotatedArticle[]> {
  const files = path.endsWith('.json') ? [path] : await jsonFiles(path);
  const base = path.endsWith('.json') ? join(path, '..') : path;
  return Promise.all(files.map(async (f) => parseAnnotated(await readFile(f, 'utf8'), relative(base, f))));
}
