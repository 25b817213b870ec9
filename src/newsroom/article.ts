// An article as the newsroom publishes it: content/articles/*.md (YAML front matter + body), or an
// article ingested from a feed. Parsing reports the file and the field that is wrong.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { FrontMatterError, parseFrontMatter } from './front-matter';

export interface Article {
  readonly slug: string;
  readonly title: string;
  readonly dek?: string;
  readonly url?: string;
  readonly published: Date;
  readonly byline?: string;
  readonly source?: string;
  readonly tags: readonly string[];
  /** Plain text, paragraphs separated by a blank line. */
  readonly body: string;
  /**
   * Already in a feed when the feed was added: served by every command, but never "new" for a
   * digest (so adding a feed cannot flood channels). Absent for content files.
   */
  readonly backlog?: boolean;
  /**
   * When the bot first had it (feeds): a story published at 07:58 but fetched at 08:10 belongs in
   * the digest after 08:10, not in the 08:00 one that could not show it. Absent for content files.
   */
  readonly receivedAt?: Date;
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const ArticleFields = z.object({
  slug: z.string().regex(SLUG, 'must be lower-case words joined by hyphens'),
  title: z.string().trim().min(1, 'must not be empty').max(300),
  dek: z.string().trim().min(1).max(1000).optional(),
  // zod's url() also takes mailto:, javascript: and ftp:, which no platform will link.
  url: z
    .string()
    .url('must be a full http(s) URL')
    .refine((u) => /^https?:\/\//i.test(u), 'must be a full http(s) URL')
    .optional(),
  // YAML turns an unquoted 2023-09-12 into a Date; a quoted one stays a string.
  published: z.union([z.date(), z.string()]).transform((value, ctx) => {
    const date = value instanceof Date ? value : new Date(value);
    if (Number.isNaN(date.getTime())) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be a date like 2023-09-12' });
      return z.NEVER;
    }
    return date;
  }),
  byline: z.string().trim().min(1).optional(),
  source: z.string().trim().min(1).optional(),
  tags: z.array(z.string().trim().min(1)).default([]),
});

export class ArticleFileError extends Error {
  constructor(
    readonly file: string,
    readonly field: string | null,
    message: string,
  ) {
    super(message);
    this.name = 'ArticleFileError';
  }
}

export function parseArticle(text: string, file: string): Article {
  let parsed: ReturnType<typeof parseFrontMatter>;
  try {
    parsed = parseFrontMatter(text, file);
  } catch (error) {
    if (error instanceof FrontMatterError) throw new ArticleFileError(file, null, error.message);
    throw error;
  }
  const result = ArticleFields.safeParse(parsed.data);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.join('.') || '(front matter)';
    const message = issue.code === 'invalid_type' && issue.received === 'undefined' ? 'is missing' : issue.message;
    throw new ArticleFileError(file, field, `${file}: field "${field}" ${message}`);
  }
  const body = parsed.body.replace(/\r\n/g, '\n').trim();
  if (body === '') throw new ArticleFileError(file, 'body', `${file}: the article has no body text after the front matter`);
  const { dek, url, byline, source, ...rest } = result.data;
  return {
    ...rest,
    ...(dek !== undefined && { dek }),
    ...(url !== undefined && { url }),
    ...(byline !== undefined && { byline }),
    ...(source !== undefined && { source }),
    body,
  };
}

/** Writes an article back as Markdown with front matter (used by ingest and tests). */
export function formatArticle(article: Article): string {
  const lines = ['---', `slug: ${article.slug}`, `title: ${JSON.stringify(article.title)}`];
  if (article.dek) lines.push(`dek: ${JSON.stringify(article.dek)}`);
  if (article.url) lines.push(`url: ${article.url}`);
  lines.push(`published: ${article.published.toISOString()}`);
  if (article.byline) lines.push(`byline: ${JSON.stringify(article.byline)}`);
  if (article.source) lines.push(`source: ${JSON.stringify(article.source)}`);
  lines.push(`tags: [${article.tags.map((t) => JSON.stringify(t)).join(', ')}]`, '---', '', article.body, '');
  return lines.join('\n');
}

/**
 * "Kim Jong Un arrives in Russia!" -> "kim-jong-un-arrives-in-russia". A title with no Latin letters
 * or digits ("Путин прибыл во Владивосток") -> "article-" and 8 hex digits of a hash of the title:
 * stable for the same title, and different titles do not all become one "article".
 */
export function slugify(title: string, maxWords = 8): string {
  const latin = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’']/g, '')
    .match(/[a-z0-9]+/g)
    ?.slice(0, maxWords)
    .join('-');
  return latin ?? `article-${createHash('sha256').update(title.normalize('NFC').trim()).digest('hex').slice(0, 8)}`;
}
