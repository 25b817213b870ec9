// The keys a feed item is found again by (its GUID, scoped by feed unless it is a URL; its
// canonical link), and what older versions kept in the key-value store for ingested articles
// (namespaces, records), which ./migrations.ts moves into the archive.
import type { Article } from '../newsroom/article';
import { canonicalUrl } from './identity';

/** Older versions: one store entry per ingested article, keyed by slug. */
export const INGESTED = 'ingested';
/** Feed items that repeat a content file's story: item key -> { slug, item hash }. */
export const FILE_TWINS = 'ingested-twins';

/** What older versions stored per ingested article. */
export interface StoredArticle {
  readonly article: Omit<Article, 'published' | 'receivedAt'> & { readonly published: string; readonly receivedAt?: string };
  /** The GUID and canonical URL of the item it was made from: a later item with these updates it. */
  readonly keys: readonly string[];
  /** Hash of the feed item as last seen, so an unchanged item costs no page fetch. */
  readonly itemHash?: string;
  /** Items elsewhere (another feed) telling the same story: key -> item hash. They never update it. */
  readonly aliases?: Readonly<Record<string, string>>;
}

/** A feed item that repeats a content file's story. The dates (absent on older records) let it be pruned. */
export interface FileTwin {
  readonly slug: string;
  readonly itemHash: string;
  readonly published?: string;
  readonly receivedAt?: string;
}

export function revive(stored: StoredArticle): Article {
  const { receivedAt, ...article } = stored.article;
  return { ...article, published: new Date(article.published), ...(receivedAt && { receivedAt: new Date(receivedAt) }) };
}

/** Which feed an item came from (its configured URL) and the name its stories are filed under. */
export interface ItemOrigin {
  readonly feed?: string;
  readonly source?: string;
}

/** A GUID that is itself a web address names one item wherever it appears. */
export const isGlobalGuid = (guid: string) => /^https?:\/\//i.test(guid) && canonicalUrl(guid) !== undefined;

/**
 * The GUID's key. Only a URL is unique across feeds: "1001" or "post-17" is unique within its feed
 * at best (two feeds both carrying <guid isPermaLink="false">1001</guid> took turns rewriting one
 * article), so any other GUID is keyed within its feed: "guid:<feed url>#<guid>". Without a feed
 * (a caller that does not know it) the key is the GUID alone, as before.
 */
export function guidKey(guid: string, feed: string | undefined): string {
  return feed && !isGlobalGuid(guid) ? `guid:${feed}#${guid}` : `guid:${guid}`;
}

/**
 * A feed's own key for a permalink GUID that names another feed's different story (a GUID copied
 * from the wire's URL over a rewritten story): "guid:<feed url>#<guid>". Saved only for such an
 * item, and looked up before the GUID's own key, so the item is its feed's story poll after poll
 * and never overwrites the story the GUID names.
 */
export function claimKey(guid: string | undefined, feed: string | undefined): string | undefined {
  return guid && feed && isGlobalGuid(guid) ? `guid:${feed}#${guid}` : undefined;
}

export function keysOf(story: { guid?: string; url?: string }, feed?: string): string[] {
  const url = story.url ? canonicalUrl(story.url) : undefined;
  return [...(story.guid ? [guidKey(story.guid, feed)] : []), ...(url ? [`url:${url}`] : [])];
}

/** Where an item may already be filed: this feed's claim on a permalink GUID first, then its own keys. */
export function lookupKeys(item: { guid?: string; url?: string }, feed?: string): string[] {
  const claim = claimKey(item.guid, feed);
  return [...(claim ? [claim] : []), ...keysOf(item, feed)];
}

/**
 * The key a feed-scoped GUID was stored under before GUIDs were scoped ("guid:1001"). Such a key
 * is only a fallback, and only for a record that is plainly the same feed's item (same source name,
 * or same link), so old articles are updated in place, not filed again, while another feed's item
 * with the same GUID never matches them.
 */
export function legacyKey(guid: string | undefined, feed: string | undefined): string | undefined {
  return guid && feed && !isGlobalGuid(guid) ? `guid:${guid}` : undefined;
}
