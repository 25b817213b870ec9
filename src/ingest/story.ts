// One feed item (or one web page) into a cleaned story ready to become an article. A teaser-only
// item gets its full text from the page it links to.
// The parsing and cleaning steps go through a TextWork: the worker pool's (./workers.ts), so no
// feed, page or long text is parsed on the event loop, or IN_PROCESS (the CLI, the bench baseline).
import type { Logger } from '../core/context';
import { type Article, slugify } from '../newsroom/article';
import type { AddressGuard } from './address-guard';
import { cleanStory } from './clean';
import { type FetchLimits, fetchLimited } from './fetch';
import { feedLinkIn, htmlToText, type PageArticle, readPage } from './html';
import { canonicalUrl } from './identity';
import { type FeedItem, type ParsedFeed, parseFeed } from './parse';

/** An article before it has a slug of its own, with the keys that identify its story. */
export type Story = Omit<Article, 'slug' | 'backlog'> & { readonly guid?: string };

/** Where a story came from: its feed's name and tags. */
export interface StorySource {
  readonly name: string;
  readonly tags: readonly string[];
}

/** Fewer words than this, or a trailing "…" / "Read more", and the item is only a teaser. */
const TEASER_WORDS = 80;

/** Text that stops short: "…", "[...]", "Read more". */
const CUT_OFF = /(…|\.\.\.|\[…\]|\[\.\.\.\])\s*$|\b(read more|continue reading)\W*$/i;

export function isTeaser(text: string): boolean {
  return text.split(/\s+/).filter(Boolean).length < TEASER_WORDS || CUT_OFF.test(text);
}

export function tagsOf(source: readonly string[], categories: readonly string[]): string[] {
  // A category with no Latin letters slugs to a placeholder ("article", "article-<hash>"): no use as a tag.
  return [...new Set([...source, ...categories.map((c) => slugify(c, 4))])].filter((t) => !/^article(?:-[0-9a-f]{8})?$/.test(t)).slice(0, 10);
}

/**
 * The CPU-heavy steps of reading feeds and pages (rss-parser, linkedom, Readability, cleaning):
 * each takes text and gives plain data, so it can run in a worker thread.
 */
export interface TextWork {
  parseFeed(xml: string, baseUrl?: string): Promise<ParsedFeed>;
  /** The feed a web page announces, if any. */
  feedLinkIn(html: string, url: string): Promise<string | undefined>;
  /** The article in a page, or null when there is none. */
  readPage(html: string, url: string): Promise<PageArticle | null>;
  /** Whether an item's HTML is only a teaser, so its page is worth fetching. */
  isTeaser(html: string): Promise<boolean>;
  /** An item (with its page's article, when one was read) as a cleaned story, or null when it has no title or no text. */
  storyOf(item: FeedItem, source: StorySource, page: PageArticle | null): Promise<Story | null>;
  /** An item read on its own: its story, or 'teaser' when its text is only a teaser (one task where a full-text item would take two). */
  itemStory(item: FeedItem, source: StorySource): Promise<Story | null | 'teaser'>;
}

/** The same steps on the calling thread: for the CLI's one-off runs and as the benchmark's baseline. */
export const IN_PROCESS: TextWork = {
  parseFeed: (xml, baseUrl) => parseFeed(xml, baseUrl),
  feedLinkIn: async (html, url) => feedLinkIn(html, url),
  readPage: async (html, url) => readPage(html, url),
  isTeaser: async (html) => isTeaser(htmlToText(html)),
  storyOf: async (item, source, page) => storyOf(item, source, page),
  itemStory: async (item, source) => itemStory(item, source),
};

export interface PageFetcher {
  (url: string): Promise<PageArticle | null>;
}

/** Fetches a page under the limits, through the guard, and reads its article (null when there is none). */
export function pageFetcher(limits: FetchLimits, access: { readonly guard?: AddressGuard; readonly signal?: AbortSignal; readonly work?: TextWork } = {}): PageFetcher {
  const { guard, signal, work = IN_PROCESS } = access;
  return async (url) => {
    const page = await fetchLimited(url, { limits, ...(signal && { signal }), ...(guard && { guard }), accept: 'text/html,application/xhtml+xml' });
    if (page.status !== 200) return null;
    return work.readPage(page.text, page.url);
  };
}

/**
 * The story in a feed item. Returns null, with the reason logged, for an item that cannot become
 * an article (no link, no date, no text), and for one whose reading failed: one bad item never
 * ends the feed's poll or the CLI's run.
 */
export async function storyFromItem(item: FeedItem, source: StorySource, fetchPage: PageFetcher, log: Logger, work: TextWork = IN_PROCESS): Promise<Story | null> {
  try {
    return await readItem(item, source, fetchPage, log, work);
  } catch (error) {
    const reason = ((error as Error).message || String(error)).split('\n')[0]!.slice(0, 300);
    log.warn({ item: item.title ?? item.guid ?? item.link ?? '(untitled item)', reason }, 'feed item skipped');
    return null;
  }
}

async function readItem(item: FeedItem, source: StorySource, fetchPage: PageFetcher, log: Logger, work: TextWork): Promise<Story | null> {
  const label = item.title ?? item.guid ?? '(untitled item)';
  if (!item.link) {
    log.warn({ item: label }, 'feed item has no link; skipped');
    return null;
  }
  if (!item.published) {
    log.warn({ item: label, link: item.link }, 'feed item has no date; skipped');
    return null;
  }
  const own = await work.itemStory(item, source);
  let story: Story | null;
  if (own === 'teaser') {
    let page: PageArticle | null = null;
    try {
      page = await fetchPage(item.link);
    } catch (error) {
      log.warn({ link: item.link, reason: (error as Error).message }, 'full text not fetched; keeping the teaser');
    }
    story = await work.storyOf(item, source, page);
  } else {
    story = own;
  }
  if (!story) log.warn({ item: label, link: item.link }, 'feed item has no title or no text; skipped');
  return story;
}

/**
 * The story in an item with a link and a date, and in its page's article when the item is a teaser
 * whose page was read (the longer text wins). Null when it has no title or no text. Pure: it runs
 * in a worker thread as well as here.
 */
export function storyOf(item: FeedItem, source: StorySource, page: PageArticle | null, itemText = htmlToText(item.html)): Story | null {
  let text = itemText;
  if (page && page.text.length > text.length) text = page.text;
  const title = item.title ? htmlToText(item.title) : page?.title;
  const summary = item.summary ? htmlToText(item.summary) : undefined;
  // A summary makes a dek when it is one short paragraph, not a cut-off teaser or a second copy.
  const standfirst = summary && summary.length <= 400 && !summary.includes('\n\n') && !CUT_OFF.test(summary) ? summary : undefined;
  const dek = page?.dek ?? standfirst;
  const cleaned = cleanStory(text, { ...(title && { title }), ...(dek && { dek }) });
  if (!cleaned.title || cleaned.body === '' || !item.link || !item.published) return null;
  const url = canonicalUrl(page?.canonical ?? item.link);
  const byline = item.author ?? page?.byline;
  return {
    title: cleaned.title.slice(0, 300),
    ...(cleaned.dek && cleaned.dek !== cleaned.body && { dek: cleaned.dek.slice(0, 1000) }),
    ...(url && { url }),
    published: item.published,
    ...(byline && { byline }),
    source: source.name,
    tags: tagsOf(source.tags, item.categories),
    body: cleaned.body,
    ...(item.guid && { guid: item.guid }),
  };
}

/** The story in an item read on its own, or 'teaser' when its text is only a teaser (its page is worth reading). Pure, as storyOf. */
export function itemStory(item: FeedItem, source: StorySource): Story | null | 'teaser' {
  const text = htmlToText(item.html);
  return isTeaser(text) ? 'teaser' : storyOf(item, source, null, text);
}

/** The story in a web page (the CLI's `ingest page.html`, or a feed-less URL). */
export function storyFromPage(page: PageArticle, url: string | undefined, published: Date): Story | null {
  const cleaned = cleanStory(page.text, { ...(page.title && { title: page.title }), ...(page.dek && { dek: page.dek }) });
  if (!cleaned.title || cleaned.body === '') return null;
  const canonical = canonicalUrl(page.canonical ?? url ?? '');
  return {
    title: cleaned.title.slice(0, 300),
    ...(cleaned.dek && { dek: cleaned.dek.slice(0, 1000) }),
    ...(canonical && { url: canonical }),
    published: page.published ?? published,
    ...(page.byline && { byline: page.byline }),
    ...(page.siteName && { source: page.siteName }),
    tags: [],
    body: cleaned.body,
  };
}
