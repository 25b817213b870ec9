// One poll of one feed: conditional GET under limits, parse, each item to a story (full text for
// teasers), into the wire. Never throws: a failure becomes the feed's lastError and its backoff.
import { createHash } from 'node:crypto';
import type { Clock, Logger } from '../core/context';
import type { AddressGuard } from './address-guard';
import { type FetchLimits, fetchLimited } from './fetch';
import type { Feed, FeedState } from './feeds';
import { FeedFormatError, looksLikeFeed } from './parse';
import { IN_PROCESS, type PageFetcher, pageFetcher, storyFromItem, type TextWork } from './story';
import type { Wire } from './wire';

export interface PollResult {
  readonly feed: Feed;
  readonly state: FeedState;
  readonly ok: boolean;
  readonly error?: string;
  /** The server answered 304 Not Modified. */
  readonly notModified?: boolean;
  /** The feed's own title, when it has one. */
  readonly feedTitle?: string;
  readonly added: number;
  readonly updated: number;
  readonly duplicates: number;
  readonly skipped: number;
  /** Teaser items left for the next poll (page budget spent). */
  readonly deferred: number;
  /** New items dated before the retention window (INGEST_RETENTION_DAYS): not filed. */
  readonly expired: number;
}

export interface PollFeedInput {
  readonly feed: Feed;
  readonly state: FeedState;
  readonly wire: Wire;
  readonly clock: Clock;
  readonly limits: FetchLimits;
  /** The poller's connections: the feed, its redirects and its pages all go through it. */
  readonly guard: AddressGuard;
  readonly signal: AbortSignal;
  readonly logger: Logger;
  /**
   * Where feeds and pages are parsed: the poller's worker pool (./workers.ts), so a 5 MB page does
   * not hold up the event loop; IN_PROCESS (on this thread) when absent.
   */
  readonly workers?: TextWork;
}

/** The newest items a single poll reads; older ones were seen before or are not news. */
const MAX_ITEMS = 100;
const MAX_BACKOFF_MS = 6 * 60 * 60_000;
/** A poll put off because the store cannot be read is tried again this soon (not the feed's fault: no backoff). */
const STORE_RETRY_MS = 60_000;
/** Pages fetched for full text in one poll; teaser items past it wait for the next poll. */
export const MAX_PAGES_PER_POLL = 20;

export const FEED_TYPES = 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';

function itemHash(item: object): string {
  return createHash('sha1').update(JSON.stringify(item)).digest('base64url');
}

export async function pollFeed({ feed, state, wire, clock, limits, guard, signal, logger, workers = IN_PROCESS }: PollFeedInput): Promise<PollResult> {
  const now = clock.now();
  const counts = { added: 0, updated: 0, duplicates: 0, skipped: 0, deferred: 0, expired: 0 };
  const fetchedAt = now.toISOString();
  try {
    // Without the stored articles no item can be matched (a story could be filed twice), and
    // skipped items would hide behind the next 304: put the whole poll off instead.
    await wire.ready();
  } catch (error) {
    const reason = 'the store is unavailable, so no story can be filed; trying again in a minute';
    logger.warn({ reason, err: error }, 'feed poll put off');
    return { feed, state: { ...state, lastError: reason, nextPollAt: new Date(now.getTime() + STORE_RETRY_MS).toISOString() }, ok: false, error: reason, ...counts };
  }
  try {
    const validators = { ...(state.etag && { etag: state.etag }), ...(state.lastModified && { lastModified: state.lastModified }) };
    const fetched = await fetchLimited(feed.url, { limits, validators, signal, guard, accept: FEED_TYPES });
    const succeeded = (extra: Partial<FeedState>): FeedState => {
      const { lastError: _error, ...rest } = state;
      return { ...rest, ...extra, lastFetchAt: fetchedAt, lastSuccessAt: fetchedAt, failures: 0, nextPollAt: new Date(now.getTime() + feed.intervalMs).toISOString() };
    };
    if (fetched.status === 304) return { feed, state: succeeded({}), ok: true, notModified: true, ...counts };
    if (!looksLikeFeed(fetched.text)) {
      const announced = await workers.feedLinkIn(fetched.text, fetched.url);
      throw new FeedFormatError(announced ? `a web page, not a feed; its feed is ${announced}` : 'not an RSS or Atom feed');
    }
    const parsed = await workers.parseFeed(fetched.text, fetched.url);
    // Everything in the feed at its first fetch, or dated before it was added, is backlog: served,
    // but never "new" for a digest, so adding a feed cannot flood a channel.
    const firstFetch = state.lastSuccessAt === undefined;
    const addedAt = Date.parse(state.addedAt);
    const fetchOne = pageFetcher(limits, { guard, signal, work: workers });
    let pages = 0;
    const fetchPage: PageFetcher = (url) => {
      pages++;
      return fetchOne(url);
    };
    const source = { name: feed.autoName && parsed.title ? parsed.title.slice(0, 100) : feed.name, tags: feed.tags };
    for (const item of parsed.items.slice(0, MAX_ITEMS)) {
      if (signal.aborted) break;
      try {
        const hash = itemHash(item);
        const seen = await wire.seen({ ...(item.guid && { guid: item.guid }), ...(item.link && { url: item.link }), feed: feed.url, source: source.name }, hash);
        if (seen?.unchanged) continue;
        // An unknown item older than the retention window is not news: never filed, so a story
        // pruned while its feed still carries it does not come back as new. No page is fetched.
        if (!seen && wire.tooOld(item.published, now)) {
          counts.expired++;
          continue;
        }
        if (pages >= MAX_PAGES_PER_POLL && item.link && (await workers.isTeaser(item.html))) {
          counts.deferred++;
          continue;
        }
        const read = await storyFromItem(item, source, fetchPage, logger, workers);
        if (!read) {
          counts.skipped++;
          continue;
        }
        // A date still to come (a typo, a wrong time zone, 2099) would keep the story on top of /news
        // until then: it is dated when it arrived.
        const story = read.published.getTime() > now.getTime() ? { ...read, published: now } : read;
        const backlog = firstFetch || story.published.getTime() < addedAt;
        const { outcome } = await wire.accept(story, { backlog, itemHash: hash, feed: feed.url });
        if (outcome === 'new') counts.added++;
        else if (outcome === 'updated') counts.updated++;
        else if (outcome === 'duplicate') counts.duplicates++;
      } catch (error) {
        counts.skipped++;
        logger.warn({ item: item.title ?? item.link, reason: (error as Error).message }, 'feed item skipped');
      }
    }
    if (counts.added + counts.updated > 0) logger.info(counts, 'feed polled');
    // Validators only for a feed read to the end: a 304 next time must not hide deferred items.
    const { etag: _etag, lastModified: _lastModified, ...kept } = succeeded({ articles: state.articles + counts.added });
    const next: FeedState = {
      ...kept,
      ...(counts.deferred === 0 && fetched.etag && { etag: fetched.etag }),
      ...(counts.deferred === 0 && fetched.lastModified && { lastModified: fetched.lastModified }),
    };
    return { feed, state: next, ok: true, ...(parsed.title && { feedTitle: parsed.title }), ...counts };
  } catch (error) {
    const reason = (error as Error).message || String(error);
    if (signal.aborted) return { feed, state, ok: false, error: reason, ...counts };
    const failures = state.failures + 1;
    const delay = Math.min(feed.intervalMs * 2 ** Math.min(failures, 10), MAX_BACKOFF_MS);
    logger.warn({ reason, failures, retryInMs: delay }, 'feed poll failed');
    const next: FeedState = { ...state, lastFetchAt: fetchedAt, lastError: reason.slice(0, 300), failures, nextPollAt: new Date(now.getTime() + delay).toISOString() };
    return { feed, state: next, ok: false, error: reason, ...counts };
  }
}
