// The feeds the newsroom follows: the operator's (listed in content/feeds.yaml, or added from chat
// before feeds belonged to a workspace) and each server's or workspace's own (/feeds add, kept in
// the store per workspace), plus what the poller knows about each URL (feed state).
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Logger } from '../core/context';
import type { Workspace } from '../newsroom/readers';
import { DURATION_FORMAT, parseDuration } from '../core/duration';
import type { Store } from '../store/store';

export interface Feed {
  readonly url: string;
  readonly name: string;
  readonly intervalMs: number;
  readonly tags: readonly string[];
  readonly origin: 'file' | 'command';
  readonly addedBy?: string;
  /** Added by URL alone: named after the feed's own title once it is fetched. */
  readonly autoName?: boolean;
  /** When the workspace that added it started following it (ISO): its digests count from then. */
  readonly addedAt?: string;
}

/** What the poller remembers per feed URL (namespace "feed-state"). ISO dates throughout. */
export interface FeedState {
  readonly addedAt: string;
  readonly lastFetchAt?: string;
  readonly lastSuccessAt?: string;
  readonly lastError?: string;
  readonly failures: number;
  readonly nextPollAt?: string;
  readonly etag?: string;
  readonly lastModified?: string;
  /** Articles this feed has brought in (new ones, not duplicates). */
  readonly articles: number;
}

/**
 * Feeds added from chat before they belonged to a workspace, keyed by URL: the operator's now,
 * served everywhere (README "Feeds": how one goes).
 */
export const FEEDS = 'feeds';
/** Each server's or workspace's own feeds, one record per workspace keyed `${platform}/${workspaceId}`. */
export const WORKSPACE_FEEDS = 'workspace-feeds';
export const FEED_STATE = 'feed-state';
/** How many feeds a workspace may follow unless the operator says otherwise (FEEDS_PER_WORKSPACE). */
export const DEFAULT_FEEDS_PER_WORKSPACE = 50;


/** What the store keeps for one workspace: its feeds, in the order they were added. */
export interface WorkspaceFeeds {
  readonly feeds: readonly Feed[];
}

export function workspaceKey({ platform, workspaceId }: Workspace): string {
  return `${platform}/${workspaceId}`;
}
export const DEFAULT_INTERVAL_MS = 15 * 60_000;
const MIN_INTERVAL_MS = 60_000;

/** A feed's interval: "15m", "2h", "90s" (a bare number has no unit and is refused). */
export function parseInterval(value: string | number): number | undefined {
  const ms = parseDuration(String(value));
  return ms !== undefined && ms > 0 ? ms : undefined;
}

/** https://Example.com/feed#x -> https://example.com/feed; null when it is not an http(s) URL. */
export function feedUrl(text: string): string | null {
  try {
    // Slack may wrap a link as <https://...> or <https://...|label>.
    const url = new URL(text.trim().replace(/^<([^|>]*)(\|[^>]*)?>$/, '$1'));
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    url.hash = '';
    return url.href;
  } catch {
    return null;
  }
}

const FeedEntry = z.object({
  url: z.string().refine((v) => feedUrl(v) !== null, 'must be an http(s) URL'),
  name: z.string().trim().min(1).max(100).optional(),
  interval: z
    .union([z.string(), z.number()])
    .optional()
    .refine((v) => v === undefined || parseInterval(v) !== undefined, `must be ${DURATION_FORMAT}`),
  tags: z.array(z.string().trim().min(1)).default([]),
});
const FeedFile = z.object({ feeds: z.array(FeedEntry).nullish() }).nullish();

/** A feed's display name when none is given: its host. */
export function nameFor(url: string): string {
  return new URL(url).hostname.replace(/^www\./, '');
}

/** Feeds from the YAML file. A missing file means none; a broken one is logged and yields none. */
export async function loadFeedFile(path: string, logger: Logger): Promise<Feed[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') logger.error({ file: path, err: error }, 'feed list unreadable');
    return [];
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    logger.error({ file: path }, `${path}: not valid YAML: ${(error as Error).message.split('\n')[0]}`);
    return [];
  }
  const result = FeedFile.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    logger.error({ file: path, field: issue.path.join('.') }, `${path}: field "${issue.path.join('.')}" ${issue.message}`);
    return [];
  }
  return (result.data?.feeds ?? []).map((entry) => {
    const url = feedUrl(entry.url)!;
    const interval = entry.interval === undefined ? DEFAULT_INTERVAL_MS : parseInterval(entry.interval)!;
    return { url, name: entry.name ?? nameFor(url), intervalMs: Math.max(interval, MIN_INTERVAL_MS), tags: entry.tags, origin: 'file' as const };
  });
}

/** Feeds added from chat before they belonged to a workspace: the operator's. */
export async function loadOperatorFeeds(store: Store): Promise<Feed[]> {
  return (await store.entries<Feed>(FEEDS)).map(([, feed]) => feed);
}

/** Every workspace's own feeds, by workspace key: what the poller fetches (each URL once). */
export async function loadWorkspaceFeeds(store: Store): Promise<Map<string, readonly Feed[]>> {
  return new Map((await store.entries<WorkspaceFeeds>(WORKSPACE_FEEDS)).map(([key, record]) => [key, record.feeds]));
}
