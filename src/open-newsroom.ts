// Builds the newsroom services, and the ingest that feeds them, from a content folder and a store.
// main.ts, the CLI, the Discord shard process and tests all build theirs here, so each gets its own
// instances (no module singletons). It sits above src/newsroom and src/ingest: the domain never
// imports the ingest that writes into it.
import { join } from 'node:path';
import { type Clock, type Logger, type Meter, noMeter, systemClock } from './core/context';
import type { FetchLimits } from './ingest/fetch';
import { FeedPoller } from './ingest/poller';
import { loadIngestedArticles, Wire } from './ingest/wire';
import type { Store } from './store/store';
import { analyzeArticle } from './newsroom/analysis';
import type { ArticleFileError } from './newsroom/article';
import { ArticleRepository, loadArticles } from './newsroom/articles';
import { loadNotice } from './newsroom/notice';
import type { Newsroom } from './newsroom/newsroom';
import { WorkspaceSettings } from './newsroom/settings';

export interface OpenNewsroomOptions {
  readonly contentDir: string;
  readonly store: Store;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Fetch limits for feeds and their pages (tests shorten the timeout). */
  readonly feedLimits?: FetchLimits;
  /** Let feeds and their pages come from private and local addresses (FEEDS_ALLOW_PRIVATE). */
  readonly feedsAllowPrivate?: boolean;
  /**
   * Days ingested articles are kept (INGEST_RETENTION_DAYS; the poller prunes at start-up and daily,
   * and does not file older feed items). 0, the default here, keeps them forever; main.ts passes
   * the configured value (180 unless set).
   */
  readonly ingestRetentionDays?: number;
  readonly meter?: Meter;
}

export interface OpenedNewsroom extends Newsroom {
  /** Article files that could not be loaded (already logged). */
  readonly problems: readonly ArticleFileError[];
  /** The feed poller: main.ts starts and stops it; /feeds reaches it through the context. */
  readonly feeds: FeedPoller;
}

export async function openNewsroom({ contentDir, store, logger, clock = systemClock, feedLimits, feedsAllowPrivate = false, ingestRetentionDays = 0, meter = noMeter }: OpenNewsroomOptions): Promise<OpenedNewsroom> {
  const covid = await loadNotice(join(contentDir, 'notices', 'covid-19.md'));
  const { articles, problems } = await loadArticles(join(contentDir, 'articles'));
  for (const problem of problems) logger.error({ file: problem.file, field: problem.field }, problem.message);
  // Content files come last, so a file wins over an ingested article with the same slug.
  const ingested = await loadIngestedArticles(store, logger);
  const repository = new ArticleRepository((article) => analyzeArticle(article, covid), [...ingested, ...articles]);
  const wire = new Wire(store, repository, logger, clock, { retentionDays: ingestRetentionDays });
  const feedFile = join(contentDir, 'feeds.yaml');
  const feeds = new FeedPoller({ store, logger: logger.child({ part: 'feeds' }), clock, meter, wire, feedFile, allowPrivate: feedsAllowPrivate, ...(feedLimits && { limits: feedLimits }) });
  logger.debug({ articles: repository.size }, 'articles loaded');
  return {
    articles: repository,
    notices: { covid },
    settings: new WorkspaceSettings(store, clock, logger),
    store,
    clock,
    logger,
    meter,
    problems,
    feeds,
  };
}
