// What crosses the thread boundary between the ingest worker pool (./workers.ts) and its workers
// (./workers-entry.ts): one typed task in, one typed outcome out, plain data only. Dates travel as
// ISO strings and regular expressions as source and flags, revived on the other side, so the
// messages mean the same under any serialization (structured clone today, JSON for a child process).
import type { MessagePort } from 'node:worker_threads';
import type { Article } from '../newsroom/article';
import type { ArticleAnalysis } from '../newsroom/analysis';
import type { NoticeDefinition, NoticeTerm } from '../newsroom/notice';
import type { PageArticle } from './html';
import type { FeedItem, ParsedFeed } from './parse';
import type { Story, StorySource } from './story';

export type WireFeedItem = Omit<FeedItem, 'published'> & { readonly published?: string };
export interface WireParsedFeed {
  readonly title?: string;
  readonly items: readonly WireFeedItem[];
}
export type WirePage = Omit<PageArticle, 'published'> & { readonly published?: string };
export type WireStory = Omit<Story, 'published' | 'receivedAt'> & { readonly published: string; readonly receivedAt?: string };
export type WireArticle = Omit<Article, 'published' | 'receivedAt'> & { readonly published: string; readonly receivedAt?: string };

interface WirePattern {
  readonly source: string;
  readonly flags: string;
}
export interface WireNotice extends Omit<NoticeDefinition, 'terms' | 'ignore' | 'era'> {
  readonly terms: ReadonlyArray<Omit<NoticeTerm, 'pattern' | 'unless'> & { readonly pattern: WirePattern; readonly unless?: WirePattern }>;
  readonly ignore: readonly WirePattern[];
  readonly era?: { readonly since: string; readonly otherOutbreak: WirePattern; readonly marks: WirePattern };
}

/** One task for a worker. */
export type Task =
  | { readonly kind: 'parseFeed'; readonly xml: string; readonly baseUrl?: string }
  | { readonly kind: 'feedLink'; readonly html: string; readonly url: string }
  | { readonly kind: 'readPage'; readonly html: string; readonly url: string }
  | { readonly kind: 'isTeaser'; readonly html: string }
  | { readonly kind: 'story'; readonly item: WireFeedItem; readonly source: StorySource; readonly page: WirePage | null }
  | { readonly kind: 'itemStory'; readonly item: WireFeedItem; readonly source: StorySource }
  | { readonly kind: 'analyze'; readonly article: WireArticle };

/** What the pool posts: the task, and a port the worker signals on when it starts it (the time budget starts then). */
export interface TaskMessage {
  readonly task: Task;
  readonly started?: MessagePort;
}

/** What each kind of task answers. */
export interface TaskValues {
  readonly parseFeed: WireParsedFeed;
  readonly feedLink: string | null;
  readonly readPage: WirePage | null;
  readonly isTeaser: boolean;
  readonly story: WireStory | null;
  readonly itemStory: WireStory | null | 'teaser';
  readonly analyze: ArticleAnalysis;
}

/**
 * A task's outcome. An error comes back by name and message (a thrown FeedFormatError or
 * PageTooComplexError would otherwise arrive as a plain Error), and the pool throws it again.
 */
export type TaskOutcome<K extends Task['kind'] = Task['kind']> =
  | { readonly ok: true; readonly value: TaskValues[K] }
  | { readonly ok: false; readonly error: { readonly name: string; readonly message: string } };

/** What every worker is started with. */
export interface WorkerSetup {
  /** The COVID-19 notice analyze() detects; without it, analyze tasks fail. */
  readonly notice?: WireNotice;
}

function date(text: string | undefined): Date | undefined {
  return text === undefined ? undefined : new Date(text);
}

export function feedItemToWire({ published, ...item }: FeedItem): WireFeedItem {
  return { ...item, ...(published && { published: published.toISOString() }) };
}

export function feedItemFromWire({ published, ...item }: WireFeedItem): FeedItem {
  return { ...item, ...(published !== undefined && { published: date(published)! }) };
}

export function feedToWire(feed: ParsedFeed): WireParsedFeed {
  return { ...(feed.title !== undefined && { title: feed.title }), items: feed.items.map(feedItemToWire) };
}

export function feedFromWire(feed: WireParsedFeed): ParsedFeed {
  return { ...(feed.title !== undefined && { title: feed.title }), items: feed.items.map(feedItemFromWire) };
}

export function pageToWire({ published, ...page }: PageArticle): WirePage {
  return { ...page, ...(published && { published: published.toISOString() }) };
}

export function pageFromWire({ published, ...page }: WirePage): PageArticle {
  return { ...page, ...(published !== undefined && { published: date(published)! }) };
}

export function storyToWire({ published, receivedAt, ...story }: Story): WireStory {
  return { ...story, published: published.toISOString(), ...(receivedAt && { receivedAt: receivedAt.toISOString() }) };
}

export function storyFromWire({ published, receivedAt, ...story }: WireStory): Story {
  return { ...story, published: new Date(published), ...(receivedAt !== undefined && { receivedAt: new Date(receivedAt) }) };
}

export function articleToWire({ published, receivedAt, ...article }: Article): WireArticle {
  return { ...article, published: published.toISOString(), ...(receivedAt && { receivedAt: receivedAt.toISOString() }) };
}

export function articleFromWire({ published, receivedAt, ...article }: WireArticle): Article {
  return { ...article, published: new Date(published), ...(receivedAt !== undefined && { receivedAt: new Date(receivedAt) }) };
}

const pattern = (regex: RegExp): WirePattern => ({ source: regex.source, flags: regex.flags });
const regex = ({ source, flags }: WirePattern): RegExp => new RegExp(source, flags);

export function noticeToWire(notice: NoticeDefinition): WireNotice {
  const { terms, ignore, era, ...rest } = notice;
  return {
    ...rest,
    terms: terms.map(({ pattern: p, unless, ...term }) => ({ ...term, pattern: pattern(p), ...(unless && { unless: pattern(unless) }) })),
    ignore: ignore.map(pattern),
    ...(era && { era: { since: era.since.toISOString(), otherOutbreak: pattern(era.otherOutbreak), marks: pattern(era.marks) } }),
  };
}

export function noticeFromWire(notice: WireNotice): NoticeDefinition {
  const { terms, ignore, era, ...rest } = notice;
  return {
    ...rest,
    terms: terms.map(({ pattern: p, unless, ...term }) => ({ ...term, pattern: regex(p), ...(unless && { unless: regex(unless) }) })),
    ignore: ignore.map(regex),
    ...(era && { era: { since: new Date(era.since), otherOutbreak: regex(era.otherOutbreak), marks: regex(era.marks) } }),
  };
}
