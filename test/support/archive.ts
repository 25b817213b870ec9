// Archives for tests: a fresh one in memory (the same SQLite engine the bot runs on a file),
// optionally holding some articles already.
import { openArchive } from '../../src/archive/open';
import { fileArticle } from '../../src/ingest/content-files';
import type { Analyze } from '../../src/ingest/wire';
import type { Article } from '../../src/newsroom/article';
import type { Archive } from '../../src/newsroom/archive';
import { Articles } from '../../src/newsroom/articles';

export async function archiveWith(articles: readonly Article[] = [], analyze?: Analyze): Promise<Archive> {
  const archive = await openArchive('memory://');
  for (const article of articles) await fileArticle(archive, article, analyze);
  return archive;
}

/** The domain's lookups over an archive holding these articles. */
export async function articlesWith(articles: readonly Article[], analyze: Analyze): Promise<Articles> {
  return new Articles(await archiveWith(articles, analyze), analyze);
}

/** Every article, newest first: tests look at all of a small archive. */
export function allArticles(articles: Articles | Archive): Promise<Article[]> {
  return articles.latest(100_000);
}

/** Files one more article as the operator's. */
export function addArticle(articles: Articles, article: Article): Promise<void> {
  return fileArticle(articles.archive, article, undefined);
}
