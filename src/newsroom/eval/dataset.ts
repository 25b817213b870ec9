// Annotated articles in the eval format (test/fixtures/eval; the shared dev set beside the project):
// one JSON per article, {id, title, text | raw, reference_summary, mentions_covid,
// quotes[{text, speaker}]}. `raw` is a scraped page; it is
// cleaned here the way content/articles/*.md were cleaned from it. Only a body (`text` or `raw`) is
// required: an annotation left out is not scored, and fields we do not know are ignored.
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { z } from 'zod';

const AnnotatedQuote = z.object({
  // "" is a quotation not given: dropped below, not an error.
  text: z.string(),
  // "" or null: nobody named (an unattributed quotation).
  speaker: z
    .string()
    .nullable()
    .default(null)
    .transform((s) => s?.trim() || null),
});

const AnnotatedFile = z
  .object({
    id: z.union([z.string(), z.number()]).nullable().optional().transform((id) => (id == null || id === '' ? undefined : String(id))),
    source: z.string().nullable().optional(),
    title: z.string().nullable().default(''),
    text: z.string().nullable().optional(),
    raw: z.string().nullable().optional(),
    reference_summary: z.string().nullable().optional(),
    mentions_covid: z.boolean().nullable().optional(),
    // When the article was published, where the annotator gives it: the notice reads it.
    published: z.string().nullable().optional(),
    date: z.string().nullable().optional(),
    quotes: z
      .array(AnnotatedQuote)
      .nullable()
      .optional()
      .transform((qs) => qs?.filter((q) => q.text.trim() !== '')),
  })
  .refine((a) => a.text != null || a.raw != null, { message: 'needs "text" or "raw"' });

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
  /** Null when the file does not say: the notice is then not scored on it. */
  readonly mentionsCovid: boolean | null;
  /** Null when the file gives no (readable) date. */
  readonly published: Date | null;
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
  const referenceSummary = a.reference_summary?.trim() || null;
  const title = a.title ?? '';
  const published = new Date(a.published ?? a.date ?? Number.NaN);
  return {
    id: a.id ?? basename(file, '.json'),
    file,
    collection: /^([\w.-]+\/[\w.-]+):/.exec(a.source ?? '')?.[1] ?? null,
    title,
    body: a.text != null ? a.text.trim() : cleanRaw(a.raw!, title, referenceSummary),
    referenceSummary,
    mentionsCovid: a.mentions_covid ?? null,
    published: Number.isNaN(published.getTime()) ? null : published,
    quotes: a.quotes && a.quotes.length > 0 ? a.quotes : null,
  };
}

export type Half = 'a' | 'b';

/**
 * A fixed half of a set, for a cross-check (rules tuned on one half, measured on the other): in each
 * folder, its files in name order, half `a` takes those at odd positions (the 1st, 3rd, ...) and half
 * `b` those at even positions (the 2nd, 4th, ...). Each folder is split alike, so both halves draw
 * on every kind of article.
 */
export function halfOf(articles: readonly AnnotatedArticle[], half: Half): AnnotatedArticle[] {
  const byFolder = new Map<string, AnnotatedArticle[]>();
  for (const a of articles) byFolder.set(dirname(a.file), [...(byFolder.get(dirname(a.file)) ?? []), a]);
  const chosen = new Set<AnnotatedArticle>();
  for (const files of byFolder.values()) {
    files
      .slice()
      .sort((x, y) => basename(x.file).localeCompare(basename(y.file)))
      .forEach((a, i) => (i % 2 === 0) === (half === 'a') && chosen.add(a));
  }
  return articles.filter((a) => chosen.has(a));
}

/** Every *.json under `path` (or the one file `path`), in name order. */
export async function loadAnnotated(path: string): Promise<AnnotatedArticle[]> {
  const files = path.endsWith('.json') ? [path] : await jsonFiles(path);
  const base = path.endsWith('.json') ? join(path, '..') : path;
  return Promise.all(files.map(async (f) => parseAnnotated(await readFile(f, 'utf8'), relative(base, f))));
}
