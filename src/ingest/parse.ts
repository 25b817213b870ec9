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

/**
 * Zone abbreviations feeds put after RFC 822 dates, as UTC offsets: V8 reads only the US ones and
 * GMT/UT/Z, and "Tue, 12 Sep 2023 10:00:00 BST" is otherwise an Invalid Date (the item skipped as
 * undated). Summer and winter names are told apart by the feed itself (BST vs GMT, CEST vs CET).
 */
const ZONES: Readonly<Record<string, string>> = {
  GMT: '+0000', UTC: '+0000', UT: '+0000', Z: '+0000', WET: '+0000',
  BST: '+0100', WEST: '+0100', CET: '+0100',
  // IST is ambiguous: India Standard Time (+05:30), Irish Standard Time (+01:00, Ireland's summer
  // time) and Israel Standard Time (+02:00). We read it as India's: Indian English-language news
  // sites write "IST" in their feeds, while Irish and Israeli ones give numeric offsets.
  IST: '+0530',
  CEST: '+0200', EET: '+0200', EEST: '+0300', MSK: '+0300',
  EST: '-0500', EDT: '-0400', CST: '-0600', CDT: '-0500', MST: '-0700', MDT: '-0600', PST: '-0800', PDT: '-0700',
  HKT: '+0800', SGT: '+0800', JST: '+0900', KST: '+0900', AEST: '+1000', AEDT: '+1100',
};

const ISO_LOCAL = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** An offset or a UTC name at the end, after a time or a space: "+0100", "-05:00", "GMT", "Z". */
const HAS_ZONE = /(?:(?:\d|\s)[+-]\d{2}(?::?\d{2})?|(?:\d|\s)Z|\b(?:GMT|UTC|UT)(?:[+-]\d{2}:?\d{2})?)\s*(?:\([^()]{0,40}\))?$/i;

/**
 * A feed's date, read the same on every server: zone abbreviations mapped to offsets, and a date
 * with no zone at all taken as UTC (V8 would read it in the server's local time zone).
 */
export function parseFeedDate(raw: string): Date | undefined {
  let value = raw.trim().replace(/\s+/g, ' ');
  if (!value || value.length > 100) return undefined;
  const iso = ISO_LOCAL.exec(value);
  if (iso) value = `${iso[1]}T${iso[2]!.replace(',', '.')}Z`;
  else if (!ISO_DATE.test(value)) {
    // "... 10:00:00 BST" -> "... 10:00:00 +0100"; "... +0100 (BST)" keeps its offset.
    const named = / \(?([A-Za-z]{1,5})\)?$/.exec(value);
    const offset = named && ZONES[named[1]!.toUpperCase()];
    if (named && offset) {
      const rest = value.slice(0, named.index);
      value = /[+-]\d{2}:?\d{2}$/.test(rest) ? rest : `${rest} ${offset}`;
    }
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return undefined;
  if (iso || ISO_DATE.test(value) || HAS_ZONE.test(value)) return date;
  // Read in local time: the same wall-clock reading, in UTC.
  return new Date(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate(), date.getHours(), date.getMinutes(), date.getSeconds(), date.getMilliseconds()));
}

function dateOf(item: RawItem): Date | undefined {
  // The raw text first: rss-parser's isoDate is V8's reading of it, in the server's time zone.
  for (const raw of [text(item.pubDate), text(item['dc:date']), text(item['updated']), item.isoDate]) {
    const date = raw ? parseFeedDate(raw) : undefined;
    if (date) return date;
  }
  return undefined;
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
 * Every date element rewritten as the instant we read in it (ISO 8601, UTC), or blanked when it
 * cannot be read: rss-parser converts dates with V8 in the server's time zone, and rejects a whole
 * Atom feed when one entry's date is unreadable (now only that entry is skipped, as undated).
 */
function normalizeDates(xml: string): string {
  return xml.replace(
    /<(pubDate|published|updated|dc:date|atom:published|atom:updated)(\s[^<>]{0,200})?>(?:\s*<!\[CDATA\[([^\]<]{0,200})\]\]>\s*|([^<]{0,200}))<\/\1>/g,
    (_whole, tag: string, attributes: string | undefined, cdata: string | undefined, plain: string | undefined) => {
      const date = parseFeedDate(cdata ?? plain ?? '');
      return `<${tag}${attributes ?? ''}>${date ? date.toISOString() : ''}</${tag}>`;
    },
  );
}

export async function parseFeed(xml: string, baseUrl?: string): Promise<ParsedFeed> {
  const parser = new Parser({ customFields: { item: ['id', 'updated'] } });
  let feed: Awaited<ReturnType<typeof parser.parseString>>;
  try {
    feed = await parser.parseString(normalizeDates(xml.replace(/^\uFEFF/, '')));
  } catch (error) {
    const message = (error as Error).message.split('\n').slice(0, 2).join(' ').slice(0, 200);
    throw new FeedFormatError(`not a readable RSS or Atom feed: ${message}`);
  }
  const title = text(feed.title);
  return { ...(title && { title }), items: feed.items.map((item) => toItem(item as unknown as RawItem, baseUrl)) };
}
