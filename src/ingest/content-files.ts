// The operator's articles (content/articles/*.md) in the archive: indexed at start-up, again only
// when a file changed (by the hash of its text), and taken out when the file is gone. A broken file
// is reported (file + field) and the rest still index. A file's slug wins over a feed article's.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../core/context';
import { type Article, ArticleFileError, parseArticle } from '../newsroom/article';
import type { Archive } from '../newsroom/archive';
import type { Analyze } from './wire';
import { fingerprint } from './wire';

export interface IndexedFiles {
  /** Files (re)indexed this time. */
  readonly indexed: number;
  /** Articles of files that are gone, taken out. */
  readonly removed: number;
  readonly problems: ArticleFileError[];
}

/** Files an article as one of the operator's: analysed, with its bands, replacing any with its slug. */
export async function fileArticle(archive: Archive, article: Article, analyze: Analyze | undefined, file?: { path: string; hash: string }): Promise<void> {
  await archive.put({
    article,
    origin: 'file',
    keys: [],
    bands: fingerprint(article).bands,
    ...(analyze && { analysis: await analyze(article) }),
    ...(file && { file }),
  });
}

export async function indexContentFiles(dir: string, archive: Archive, analyze: Analyze | undefined, logger: Logger): Promise<IndexedFiles> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.md')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    names = [];
  }
  const known = await archive.files();
  const problems: ArticleFileError[] = [];
  const slugs = new Map<string, string>();
  let indexed = 0;
  for (const name of names) {
    const file = join(dir, name);
    try {
      const text = await readFile(file, 'utf8');
      const hash = createHash('sha256').update(text).digest('base64url');
      const before = known.get(name);
      const article = before?.hash === hash ? undefined : parseArticle(text, file);
      const slug = article?.slug ?? before!.slug;
      const earlier = slugs.get(slug);
      if (earlier) throw new ArticleFileError(file, 'slug', `${file}: field "slug" repeats "${slug}" from ${earlier}`);
      slugs.set(slug, file);
      if (!article) continue;
      // A renamed slug: the old one goes.
      if (before && before.slug !== article.slug) await archive.remove(before.slug);
      await fileArticle(archive, article, analyze, { path: name, hash });
      indexed++;
    } catch (error) {
      if (error instanceof ArticleFileError) problems.push(error);
      else problems.push(new ArticleFileError(file, null, `${file}: ${(error as Error).message}`));
    }
  }
  let removed = 0;
  const present = new Set(names);
  for (const [name, { slug }] of known) {
    // A file that is gone, or broken now: its article is no longer the operator's to serve.
    const broken = problems.some((p) => p.file === join(dir, name));
    if ((!present.has(name) || broken) && !slugs.has(slug) && (await archive.remove(slug))) removed++;
  }
  for (const problem of problems) logger.error({ file: problem.file, field: problem.field }, problem.message);
  return { indexed, removed, problems };
}
