// What older versions stored, and how it moves to the current form. (1) Ingested articles used to
// live in the key-value store (namespaces "ingested" and "ingested-twins"); the first start of
// this version moves them into the archive, deleting each store entry once its article is filed.
// (2) GUIDs that are not web addresses used to be keyed alone ("guid:1001"); they are now keyed
// within their feed ("guid:<feed url>#1001", ./ingested.ts guidKey). An article still carrying an
// old key is found by it only as a fallback, and only by its own feed's item; the old key is
// replaced by the scoped one the first time the article is saved again (Wire.accept).
import type { Logger } from '../core/context';
import type { Archive } from '../newsroom/archive';
import type { Store } from '../store/store';
import { FILE_TWINS, type FileTwin, INGESTED, revive, type StoredArticle } from './ingested';
import { fingerprint, freeSlug } from './wire';

/** Entries read from the store per call: no single store call moves the whole archive. */
const PAGE = 500;

/**
 * Moves the articles an older version kept in the store into the archive, losing nothing: each
 * with its keys, item hash and aliases, under its slug (or a free one, when a content file has
 * taken it since); then the file twins. The store is read a page at a time, and an entry is
 * deleted only after its article is filed, so a move cut short goes on at the next start, and the
 * next page is simply what is left. Analyses are computed on first use.
 */
export async function moveStoredArticles(store: Store, archive: Archive, logger: Logger, now: Date): Promise<{ moved: number; twins: number }> {
  let moved = 0;
  for (let page = await store.entries<StoredArticle>(INGESTED, PAGE); page.length > 0; page = await store.entries<StoredArticle>(INGESTED, PAGE)) {
    for (const [slug, record] of page) {
      await moveArticle(slug, record, archive, logger, now);
      await store.delete(INGESTED, slug);
      moved++;
    }
  }
  let twins = 0;
  for (let page = await store.entries<FileTwin>(FILE_TWINS, PAGE); page.length > 0; page = await store.entries<FileTwin>(FILE_TWINS, PAGE)) {
    for (const [key, twin] of page) {
      const seen = twin.receivedAt ?? twin.published;
      await archive.putKey({ key, slug: twin.slug, kind: 'twin', itemHash: twin.itemHash, seenAt: seen ? new Date(seen) : now });
      await store.delete(FILE_TWINS, key);
      twins++;
    }
  }
  if (moved > 0 || twins > 0) logger.info({ moved, twins }, 'ingested articles moved from the store into the archive');
  return { moved, twins };
}

async function moveArticle(slug: string, record: StoredArticle, archive: Archive, logger: Logger, now: Date): Promise<void> {
  const revived = revive(record);
  // An unreadable date is dated at the move rather than left behind (nothing is lost).
  const dateless = Number.isNaN(revived.published.getTime());
  if (dateless) logger.warn({ slug }, 'stored article with an unreadable date: dated at its move into the archive');
  const article = dateless ? { ...revived, published: now } : revived;
  const existing = await archive.findKey(record.keys);
  // Already moved (a move cut short after filing, before the delete).
  if (existing?.slug !== undefined && existing.kind === 'own') return;
  const free = (await archive.taken([slug])).has(slug) ? await freeSlug(archive, article.title) : slug;
  await archive.put({ article: { ...article, slug: free }, origin: 'feed', keys: record.keys, bands: fingerprint(article).bands, ...(record.itemHash && { itemHash: record.itemHash }) });
  for (const [key, itemHash] of Object.entries(record.aliases ?? {})) await archive.putKey({ key, slug: free, kind: 'alias', itemHash });
}
