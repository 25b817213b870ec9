// RSS 2.0 / RSS 1.0 / Atom into plain feed items, with rss-parser on text we fetched ourselves (so
// our size, time and redirect limits apply, not the parser's own HTTP client).
import Parser from 'rss-parser';

export interface FeedItem {
  readonly guid?: string;
  readonly link?: string;
  readonly title?: string;
  readonly published?: Date;
  readonly author?: string;
  readonly categories: readonly string[];
  /** The fullest HTML the item carries: content:encoded, Atom content, else description/summary. */
  readonly html: string;
  /** A shorter summary when the item has one beside its content. */
  readonly summary?: string;
}

export interface ParsedFeed {
  readonly title?: string;
  readonly items: readonly FeedItem[];
}

/** Thrown when text is not a feed we can read; the message names the problem in one line. */
export class FeedFormatError extends Error {
  override readonly name = 'FeedFormatError';
}

type RawItem = Parser.Item & Record<string, unknown>;

/** RSS or Atom, judged by the root element. */
export function looksLikeFeed(text: string): boolean {
  const head = text.replace(/^\uFEFF/, '').slice(0, 16_384);
  return /<(rss|feed|rdf:RDF)[\s>]/i.test(head) && !/<html[\s>]/i.test(head.split(/<(rss|feed|rdf:RDF)[\s>]/i)[0] ?? '');
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (value && typeof value === 'object' && typeof (value as { _?: unknown })._ === 'string') return text((value as { _: string })._);
  return undefined;
}

function absolute(href: string | undefined, base: string | undefined): string | undefined {
  if (!href) return undefined;
  try {
    return new URL(href, base).href;
  } catch {
    return undefined;
  }
}

function dateOf(item: RawItem): Date | undefined {
  const raw = item.isoDate ?? item.pubDate ?? text(item['dc:date']) ?? text(item['updated']);
  if (!raw) return undefined;
  const date = new Date(raw);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function toItem(item: RawItem, base: string | undefined): FeedItem {
  const encoded = text(item['content:encoded']);
  const content = text(item.content);
  const summary = text(item.summary);
  const html = encoded ?? content ?? summary ?? '';
  const shorter = encoded ? content : content ? summary : undefined;
  const guid = text(item.guid) ?? text(item['id']);
  const link = absolute(text(item.link), base);
  const title = text(item.title);
  const published = dateOf(item);
  const author = text(item.creator) ?? text(item['author']);
  const categories = (Array.isArray(item.categories) ? item.categories : []).map(text).filter((c): c is string => !!c);
  return {
    ...(guid && { guid }),
    ...(link && { link }),
    ...(title && { title }),
    ...(published && { published }),
    ...(author && { author }),
    categories,
    html,
    ...(shorter && { summary: shorter }),
  };
}

/**
 * rss-parser rejects a whole Atom feed when one entry's date is unreadable; blanking such dates
 * lets only that entry be skipped (as an item with no date).
 */
function blankUnreadableDates(xml: string): string {
  return xml.replace(/<(published|updated)>([^<]*)<\/\1>/g, (whole, tag: string, value: string) =>
    Number.isNaN(Date.parse(value.trim())) ? `<${tag}></${tag}>` : whole,
  );
}

export async function parseFeed(xml: string, baseUrl?: string): Promise<ParsedFeed> {
  const parser = new Parser({ customFields: { item: ['id', 'updated'] } });
  let feed: Awaited<ReturnType<typeof parser.parseString>>;
  try {
    feed = await parser.parseString(blankUnreadableDates(xml.replace(/^\uFEFF/, '')));
  } catch (error) {
    const message = (error as Error).message.split('\n').slice(0, 2).join(' ').slice(0, 200);
    throw new FeedFormatError(`not a readable RSS or Atom feed: ${message}`);
  }
  const title = text(feed.title);
  return { ...(title && { title }), items: feed.items.map((item) => toItem(item as unknown as RawItem, baseUrl)) };
}
