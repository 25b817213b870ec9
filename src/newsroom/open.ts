// Builds the newsroom services from a content folder and a store. main.ts, the CLI and tests all
// build theirs here, so each gets its own instances (no module singletons).
import { join } from 'node:path';
import { type Clock, type Logger, type Newsroom, systemClock } from '../core/context';
import type { Store } from '../store/store';
import { analyzeArticle } from './analysis';
import type { ArticleFileError } from './article';
import { ArticleRepository, loadArticles } from './articles';
import { loadNotice } from './notice';
import { WorkspaceSettings } from './settings';

export interface OpenNewsroomOptions {
  readonly contentDir: string;
  readonly store: Store;
  readonly logger: Logger;
  readonly clock?: Clock;
}

export interface OpenedNewsroom extends Newsroom {
  /** Article files that could not be loaded (already logged). */
  readonly problems: readonly ArticleFileError[];
}

export async function openNewsroom({ contentDir, store, logger, clock = systemClock }: OpenNewsroomOptions): Promise<OpenedNewsroom> {
  const covid = await loadNotice(join(contentDir, 'notices', 'covid-19.md'));
  const { articles, problems } = await loadArticles(join(contentDir, 'articles'));
  for (const problem of problems) logger.error({ file: problem.file, field: problem.field }, problem.message);
  const repository = new ArticleRepository((article) => analyzeArticle(article, covid), articles);
  logger.debug({ articles: repository.size }, 'articles loaded');
  return {
    articles: repository,
    notices: { covid },
    settings: new WorkspaceSettings(store, clock, logger),
    store,
    clock,
    logger,
    problems,
  };
}
