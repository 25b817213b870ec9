// Builds the newsroom services, and the ingest that feeds them, from a content folder and a store.
// main.ts, the CLI, the Discord shard process and tests all build theirs here, so each gets its own
// instances (no module singletons). It sits above src/newsroom and src/ingest: the domain never
// imports the ingest that writes into it.
import { join } from 'node:path';
import { type Clock, type Logger, type Meter, noMeter, systemClock } from './core/context';
import type { FetchLimits } from './ingest/fetch';
import { indexContentFiles } from './ingest/content-files';
import { moveStoredArticles } from './ingest/migrations';
import { FeedPoller } from './ingest/poller';
import { type Analyze, Wire } from './ingest/wire';
import { createIngestWorkers, type IngestWorkers } from './ingest/workers';
import type { Store } from './store/store';
import { analyzeArticle } from './newsroom/analysis';
import type { ArticleFileError } from './newsroom/article';
import type { Archive } from './newsroom/archive';
import { Articles } from './newsroom/articles';
import { openArchive } from './archive/open';
import { loadNotice } from './newsroom/notice';
import type { Newsroom } from './newsroom/newsroom';
import { WorkspaceSettings } from './newsroom/settings';
import { DEFAULT_ALERTS_PER_HOUR, DEFAULT_ROUTES_PER_WORKSPACE, RouteDesk } from './schedule/route-desk';

export interface OpenNewsroomOptions {
  readonly contentDir: string;
  readonly store: Store;
  /** Where articles are kept and searched (src/archive/open.ts); default: a new one in memory. */
  readonly archive?: Archive;
  /** Computes an article's analysis; default: the worker pool when `workers` is on, else this thread. */
  readonly analyze?: Analyze;
  /**
   * Parse feeds and pages and analyse articles in a pool of worker threads (src/ingest/workers.ts),
   * as a serving bot does, with `size` threads (unset: the pool's default for this machine); off
   * (this thread) for the CLI's one-off runs and most tests.
   */
  readonly workers?: false | { readonly size?: number | undefined };
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
  /** Feeds one server or workspace may add with /feeds add (FEEDS_PER_WORKSPACE; default 50). */
  readonly feedsPerWorkspace?: number;
  /** Routes (a feed sent to a channel) one server or workspace may have (ROUTES_PER_WORKSPACE). */
  readonly routesPerWorkspace?: number;
  /** Live alerts per channel per hour before the rest go into one overflow post (ALERTS_PER_HOUR). */
  readonly alertsPerHour?: number;
  readonly meter?: Meter;
}

export interface OpenedNewsroom extends Newsroom {
  /** Article files that could not be loaded (already logged). */
  readonly problems: readonly ArticleFileError[];
  /** The feed poller: main.ts starts and stops it; /feeds reaches it through the context. */
  readonly feeds: FeedPoller;
  /** Feeds sent to channels as live alerts: /feeds reaches it; the alert pass posts them. */
  readonly routes: RouteDesk;
  /** Ends the worker pool, if there is one (the store and archive belong to the caller). */
  close(): Promise<void>;
}

export async function openNewsroom({ contentDir, store, archive: givenArchive, analyze: given, workers = false, logger, clock = systemClock, feedLimits, feedsAllowPrivate = false, ingestRetentionDays = 0, feedsPerWorkspace, routesPerWorkspace = DEFAULT_ROUTES_PER_WORKSPACE, alertsPerHour = DEFAULT_ALERTS_PER_HOUR, meter = noMeter }: OpenNewsroomOptions): Promise<OpenedNewsroom> {
  const covid = await loadNotice(join(contentDir, 'notices', 'covid-19.md'));
  const pool: IngestWorkers | undefined = workers ? createIngestWorkers({ notice: covid, ...(workers.size !== undefined && { size: workers.size }) }) : undefined;
  const analyze: Analyze = given ?? pool?.analyze ?? (async (article) => analyzeArticle(article, covid));
  const archive = givenArchive ?? (await openArchive('memory://'));
  let problems: readonly ArticleFileError[];
  try {
    // Content files first, so an article moved from the store below never takes a file's slug.
    ({ problems } = await indexContentFiles(join(contentDir, 'articles'), archive, analyze, logger));
    // Articles an older version kept in the store move into the archive once; a store that cannot
    // be read now is tried again at the next start (nothing is deleted before it is filed).
    await moveStoredArticles(store, archive, logger, clock.now()).catch((error: unknown) => logger.error({ err: error }, 'stored articles not moved into the archive yet; trying again at the next start'));
  } catch (error) {
    await pool?.close();
    throw error;
  }
  const articles = new Articles(archive, analyze);
  const wire = new Wire(archive, logger, clock, { retentionDays: ingestRetentionDays, analyze });
  const feedFile = join(contentDir, 'feeds.yaml');
  const feeds = new FeedPoller({
    store,
    logger: logger.child({ part: 'feeds' }),
    clock,
    meter,
    wire,
    feedFile,
    allowPrivate: feedsAllowPrivate,
    ...(feedsPerWorkspace !== undefined && { feedsPerWorkspace }),
    ...(feedLimits && { limits: feedLimits }),
    ...(pool && { workers: pool }),
  });
  const newsroom: Newsroom = {
    articles,
    notices: { covid },
    // Each server or workspace is served the operator's content and the feeds it follows.
    readership: feeds,
    settings: new WorkspaceSettings(store, clock, logger),
    store,
    clock,
    logger,
    meter,
  };
  return {
    ...newsroom,
    problems,
    feeds,
    routes: new RouteDesk(newsroom, { maxRoutes: routesPerWorkspace, perHour: alertsPerHour }),
    close: async () => {
      await pool?.close();
    },
  };
}
