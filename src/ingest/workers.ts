// The ingest worker pool: feed parsing (rss-parser), page reading (Readability over linkedom),
// cleaning, and the article analysis (summaries, quotes, notice) run in worker threads, so a 5 MB
// page costs the event loop a copy of its text, not seconds of parsing. Each task has a size budget
// (checked here, before it is sent) and a time budget from the moment a worker starts it: a task
// past it is abandoned, its worker terminated and replaced, and the caller gets a one-line error
// (a page then keeps its teaser; the poll goes on).
//
// The pool is tinypool 2.2.0 (MIT, no dependencies, engines node ^20 || >=22, so Node 20 as the
// project runs it): a maintained fork of piscina, already the pool under vitest, whose per-task
// AbortSignal terminates the worker running a task (a busy loop cannot ignore it) and starts a
// replacement. piscina 5.3.2 (node >=20) would do the same, with more features than this needs and
// an optional native dependency (@napi-rs/nice); bare worker_threads would mean re-writing the
// queue, the replacement of killed workers and the idle shutdown that tinypool already has.
import { availableParallelism } from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import Tinypool from 'tinypool';
import type { Article } from '../newsroom/article';
import type { ArticleAnalysis } from '../newsroom/analysis';
import type { NoticeDefinition } from '../newsroom/notice';
import { PageTooComplexError } from './page-shape';
import { FeedFormatError } from './parse';
import type { TextWork } from './story';
import {
  articleToWire,
  feedFromWire,
  feedItemToWire,
  noticeToWire,
  pageFromWire,
  pageToWire,
  storyFromWire,
  type Task,
  type TaskMessage,
  type TaskOutcome,
  type TaskValues,
  type WorkerSetup,
} from './workers-protocol';

export interface IngestWorkersOptions {
  /** Worker threads (default: one per core beyond the first, at most 2, at least 1). */
  readonly size?: number;
  /** How long one task may run once a worker has started it; past it the worker is terminated (default 10 s). */
  readonly timeoutMs?: number;
  /** The largest feed, page, item or article text a task takes, in UTF-8 bytes (default 5 MiB, the fetch limit). */
  readonly maxBytes?: number;
  /** Heap of one worker (MB): a page that needs more ends only its worker (default 512). */
  readonly maxHeapMb?: number;
  /** Idle workers exit after this long, and start again at the next task (default 60 s). */
  readonly idleMs?: number;
  /** The COVID-19 notice (loadNotice) that analyze() detects; without it analyze() rejects. */
  readonly notice?: NoticeDefinition;
}

/** The pool: TextWork for the poller and the pages, analyze for the archive. */
export interface IngestWorkers extends TextWork {
  /** analyzeArticle(article, notice), in a worker. */
  analyze(article: Article): Promise<ArticleAnalysis>;
  /** Ends the workers; tasks still running or queued reject. */
  close(): Promise<void>;
  readonly options: Required<Omit<IngestWorkersOptions, 'notice'>>;
}

/** A task past its size or time budget, or a worker that died under it; one line, for the log. */
export class TaskBudgetError extends Error {
  override readonly name = 'TaskBudgetError';
}

export const DEFAULT_WORKER_OPTIONS = { timeoutMs: 10_000, maxBytes: 5 * 1024 * 1024, maxHeapMb: 512, idleMs: 60_000 } as const;

/**
 * The worker file next to this module: dist/ingest-worker.js beside the bundle's chunks
 * (src/build.mjs WORKERS), or under vitest and tsx, which run the sources, a shim that registers
 * tsx's loader in the worker and imports ./workers-entry.ts.
 */
function workerFile(): URL {
  const here = new URL(import.meta.url);
  return new URL(/\.[cm]?ts$/.test(here.pathname) ? './workers-tsx.mjs' : './ingest-worker.js', here);
}

const ERRORS: Readonly<Record<string, new (message: string) => Error>> = { FeedFormatError, PageTooComplexError, TaskBudgetError };

function thrown({ name, message }: { name: string; message: string }): Error {
  const Known = ERRORS[name];
  if (Known) return new Known(message);
  const error = new Error(message);
  error.name = name;
  return error;
}

export function createIngestWorkers(options: IngestWorkersOptions = {}): IngestWorkers {
  const settings = {
    size: Math.max(1, Math.floor(options.size ?? Math.min(2, availableParallelism() - 1))),
    timeoutMs: options.timeoutMs ?? DEFAULT_WORKER_OPTIONS.timeoutMs,
    maxBytes: options.maxBytes ?? DEFAULT_WORKER_OPTIONS.maxBytes,
    maxHeapMb: options.maxHeapMb ?? DEFAULT_WORKER_OPTIONS.maxHeapMb,
    idleMs: options.idleMs ?? DEFAULT_WORKER_OPTIONS.idleMs,
  };
  const file = workerFile();
  const setup: WorkerSetup = { ...(options.notice && { notice: noticeToWire(options.notice) }) };
  const pool = new Tinypool({
    filename: file.href,
    minThreads: 0, // none until the first task: a bot with no feeds never starts one
    maxThreads: settings.size,
    idleTimeout: settings.idleMs,
    resourceLimits: { maxOldGenerationSizeMb: settings.maxHeapMb },
    workerData: setup,
  });
  let closed = false;
  /** Why the last worker could not start, while none can. */
  let broken: Error | undefined;
  // A worker that fails to start has no task of its own to fail: the tasks waiting for it are
  // cancelled with the reason (a later task tries a new worker).
  pool.on('error', (error: Error) => {
    broken = error;
    pool.cancelPendingTasks();
  });

  async function run<K extends Task['kind']>(task: Task & { readonly kind: K }, text: string, what: string): Promise<TaskValues[K]> {
    if (closed) throw new Error('the ingest workers are closed');
    // UTF-8 takes 1 to 3 bytes per UTF-16 unit: counted only when the length alone cannot tell.
    const surely = text.length > settings.maxBytes;
    const bytes = surely ? text.length : text.length * 3 <= settings.maxBytes ? 0 : Buffer.byteLength(text);
    if (bytes > settings.maxBytes) throw new TaskBudgetError(`${what} not read: ${surely ? 'at least ' : ''}${bytes} bytes, more than the ${settings.maxBytes} a worker takes`);
    // The time budget starts when a worker picks the task up (it says so on this port): time in the
    // queue and a new worker's start-up are not the task's.
    const { port1, port2 } = new MessageChannel();
    const abandon = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    port1.once('message', () => {
      if (!settled) timer = setTimeout(() => abandon.abort(), settings.timeoutMs);
    });
    try {
      const message: TaskMessage = { task, started: port2 };
      const outcome = (await pool.run(message, { transferList: [port2], signal: abandon.signal })) as TaskOutcome<K>;
      broken = undefined;
      if (!outcome.ok) throw thrown(outcome.error);
      return outcome.value;
    } catch (error) {
      if (abandon.signal.aborted) throw new TaskBudgetError(`${what} abandoned: not read within ${settings.timeoutMs} ms`);
      if ((error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') throw new TaskBudgetError(`${what} abandoned: it needed more than ${settings.maxHeapMb} MB`);
      if (closed) throw new Error('the ingest workers are closed');
      if (broken) throw new Error(`no ingest worker could start: ${broken.message}`);
      throw error;
    } finally {
      settled = true;
      clearTimeout(timer);
      port1.close();
    }
  }

  return {
    options: settings,
    async parseFeed(xml, baseUrl) {
      return feedFromWire(await run({ kind: 'parseFeed', xml, ...(baseUrl !== undefined && { baseUrl }) }, xml, 'feed'));
    },
    async feedLinkIn(html, url) {
      return (await run({ kind: 'feedLink', html, url }, html, 'page')) ?? undefined;
    },
    async readPage(html, url) {
      const page = await run({ kind: 'readPage', html, url }, html, 'page');
      return page && pageFromWire(page);
    },
    isTeaser(html) {
      return run({ kind: 'isTeaser', html }, html, 'item');
    },
    async storyOf(item, source, page) {
      const story = await run({ kind: 'story', item: feedItemToWire(item), source, page: page && pageToWire(page) }, page && page.text.length > item.html.length ? page.text : item.html, 'item');
      return story && storyFromWire(story);
    },
    async itemStory(item, source) {
      const story = await run({ kind: 'itemStory', item: feedItemToWire(item), source }, item.html, 'item');
      return story === 'teaser' ? story : story && storyFromWire(story);
    },
    analyze(article) {
      return run({ kind: 'analyze', article: articleToWire(article) }, article.body, 'article');
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.destroy();
    },
  };
}
