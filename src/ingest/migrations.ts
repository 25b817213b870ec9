// Ingested articles stored under keys of an older scheme, and how they are moved to the current
// one. GUIDs that are not web addresses used to be keyed alone ("guid:1001"); they are now keyed
// within their feed ("guid:<feed url>#1001", ./ingested.ts guidKey). A record still carrying an
// old key is found by it only as a fallback, and only by its own feed's item; the old key is
// replaced by the scoped one the first time the article is saved again (Wire.accept).
import { canonicalUrl } from './identity';
import { isGlobalGuid, type ItemOrigin, type StoredArticle } from './ingested';

/**
 * The key a feed-scoped GUID was stored under before GUIDs were scoped ("guid:1001"). Such a key
 * is only a fallback, and only for a record that is plainly the same feed's item (same source name,
 * or same link), so old articles are updated in place, not filed again, while another feed's item
 * with the same GUID never matches them.
 */
export function legacyKey(guid: string | undefined, feed: string | undefined): string | undefined {
  return guid && feed && !isGlobalGuid(guid) ? `guid:${guid}` : undefined;
}

/** The record stored under this item's pre-scoping GUID key, when it is this feed's own item. */
export function legacyRecord(
  item: { guid?: string; url?: string },
  origin: ItemOrigin,
  byKey: ReadonlyMap<string, string>,
  records: ReadonlyMap<string, StoredArticle>,
): { slug: string; record: StoredArticle; key: string } | undefined {
  const key = legacyKey(item.guid, origin.feed);
  const slug = key && byKey.get(key);
  const record = slug ? records.get(slug) : undefined;
  if (!key || !slug || !record || !record.keys.includes(key)) return undefined;
  const url = item.url ? canonicalUrl(item.url) : undefined;
  const sameFeed = (origin.source !== undefined && record.article.source === origin.source) || (url !== undefined && record.keys.includes(`url:${url}`));
  return sameFeed ? { slug, record, key } : undefined;
}

/** The record with its old key replaced by the scoped one. */
export function rekeyed(stored: StoredArticle, oldKey: string, scopedKey: string): StoredArticle {
  return { ...stored, keys: [...new Set(stored.keys.map((k) => (k === oldKey ? scopedKey : k)))] };
}
