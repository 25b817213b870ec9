// The ingest worker: tinypool loads this file in each worker thread and calls its default export
// with one Task at a time (./workers-protocol.ts). Feed parsing, Readability over linkedom, text
// cleaning and the article analysis all run here, never on the bot's event loop. The bundle ships
// it as dist/ingest-worker.js (src/build.mjs WORKERS).
import { workerData } from 'node:worker_threads';
import { analyzeArticle } from '../newsroom/analysis';
import type { NoticeDefinition } from '../newsroom/notice';
import { feedLinkIn, htmlToText, readPage } from './html';
import { parseFeed } from './parse';
import { isTeaser, itemStory, storyOf } from './story';
import {
  articleFromWire,
  feedItemFromWire,
  feedToWire,
  noticeFromWire,
  pageFromWire,
  pageToWire,
  storyToWire,
  type Task,
  type TaskMessage,
  type TaskOutcome,
  type TaskValues,
  type WorkerSetup,
} from './workers-protocol';

/** tinypool starts each worker with [its own data, the pool's workerData]. */
const setup = ((workerData as unknown[] | undefined)?.[1] ?? {}) as WorkerSetup;
let notice: NoticeDefinition | undefined;

async function perform(task: Task): Promise<TaskValues[Task['kind']]> {
  switch (task.kind) {
    case 'parseFeed':
      return feedToWire(await parseFeed(task.xml, task.baseUrl));
    case 'feedLink':
      return feedLinkIn(task.html, task.url) ?? null;
    case 'readPage': {
      const page = readPage(task.html, task.url);
      return page && pageToWire(page);
    }
    case 'isTeaser':
      return isTeaser(htmlToText(task.html));
    case 'story': {
      const story = storyOf(feedItemFromWire(task.item), task.source, task.page && pageFromWire(task.page));
      return story && storyToWire(story);
    }
    case 'itemStory': {
      const story = itemStory(feedItemFromWire(task.item), task.source);
      return story === 'teaser' ? story : story && storyToWire(story);
    }
    case 'analyze':
      if (!setup.notice) throw new Error('the ingest workers were started without a notice definition, so they cannot analyse articles');
      notice ??= noticeFromWire(setup.notice);
      return analyzeArticle(articleFromWire(task.article), notice);
  }
}

export default async function run({ task, started }: TaskMessage): Promise<TaskOutcome> {
  started?.postMessage(0);
  started?.close();
  try {
    return { ok: true, value: await perform(task) };
  } catch (error) {
    const { name = 'Error', message = String(error) } = (error ?? {}) as Partial<Error>;
    return { ok: false, error: { name, message } };
  }
}
