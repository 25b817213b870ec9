// How long ingested articles are kept (INGEST_RETENTION_DAYS), and the prune that removes older
// ones from the wire's memory and from the store. The wire (./wire.ts) asks the window whether a
// feed item is too old to file and runs the prune over its memory (Wire.prune); the poller runs
// that at start-up and daily.
import type { Logger } from '../core/context';
import type { Store } from '../store/store';
import { FILE_TWINS, type FileTwin, INGESTED, type StoredArticle } from './ingested';

export interface PruneResult {
  /** Ingested articles taken out of memory or the store. */
  readonly removed: number;
  /** False when the store could not be read or written: the caller tries again later. */
  readonly complete: boolean;
}

const DAY_MS = 24 * 60 * 60_000;

/** Both the publication and the arrival (when known) are before the cutoff; an unreadable date never is. */
function olderThan(cutoff: number, published: string | undefined, receivedAt: string | undefined): boolean {
  const when = published === undefined ? NaN : Date.parse(published);
  if (!(when < cutoff)) return false;
  const received = receivedAt === undefined ? NaN : Date.parse(receivedAt);
  return Number.isNaN(received) || received < cutoff;
}

/** The retention window: days an ingested article is kept; 0 keeps everything. */
export class RetentionWindow {
  private readonly retentionMs: number;

  constructor(retentionDays = 0) {
    this.retentionMs = Math.max(0, retentionDays) * DAY_MS;
  }

  /** The start of the window; undefined when ingested articles are kept forever. */
  cutoff(now: Date): Date | undefined {
    return this.retentionMs > 0 ? new Date(now.getTime() - this.retentionMs) : undefined;
  }

  /** A publication date before the window. */
  tooOld(published: Date | undefined, now: Date): boolean {
    const cutoff = this.cutoff(now);
    return cutoff !== undefined && published !== undefined && published.getTime() < cutoff.getTime();
  }
}

/** The wire's memory, as a prune works on it. */
export interface IngestedMemory {
  /** Reads the stored ingested articles into memory; rejects while the store cannot be read. */
  load(): Promise<void>;
  readonly records: ReadonlyMap<string, StoredArticle>;
  readonly fileTwins: Map<string, FileTwin>;
  /** Slugs whose store entries a prune is deleting: not handed to a new article meanwhile. */
  readonly pruning: Set<string>;
  /** Forgets an ingested article in memory and in the repository; true when there was one. */
  forget(slug: string): boolean;
}

/**
 * Removes the ingested articles whose publication and arrival are both older than the cutoff:
 * from memory (this process's repository, GUID/URL keys and aliases, page fingerprints) and from
 * the store (the article's entry holds its keys and aliases), with the file-twin records of old
 * items. Content files are never touched. Safe beside other replicas: each prunes its own memory,
 * store deletes are idempotent, and an entry is re-read just before it is deleted so one another
 * replica has just filed under a freed slug is kept. Never throws: a store that cannot be read or
 * written is logged and the prune is reported incomplete, to be tried again later.
 */
export async function pruneIngested(memory: IngestedMemory, store: Store, logger: Logger, cutoffDate: Date | undefined): Promise<PruneResult> {
  if (!cutoffDate) return { removed: 0, complete: true };
  const cutoff = cutoffDate.getTime();
  const expired = (stored: StoredArticle | undefined) => stored !== undefined && olderThan(cutoff, stored.article?.published, stored.article?.receivedAt);
  const twinExpired = (twin: FileTwin | undefined) => twin !== undefined && olderThan(cutoff, twin.published, twin.receivedAt);
  const gone = new Set<string>();
  try {
    await memory.load();
  } catch (error) {
    logger.error({ err: error }, 'ingested articles not pruned: the store is unavailable; trying again later');
    return { removed: 0, complete: false };
  }
  // Memory first, synchronously: no poll in between can match an item against a pruned article.
  for (const [slug, record] of [...memory.records]) if (expired(record) && memory.forget(slug)) gone.add(slug);
  for (const [key, twin] of [...memory.fileTwins]) if (twinExpired(twin)) memory.fileTwins.delete(key);
  try {
    const stored = await store.entries<StoredArticle>(INGESTED);
    for (const [slug, record] of stored) {
      if (!expired(record) || memory.records.has(slug)) continue;
      memory.pruning.add(slug);
      try {
        // Re-read: another replica may have filed a new story under this slug since the listing.
        if (!expired(await store.get<StoredArticle>(INGESTED, slug))) continue;
        await store.delete(INGESTED, slug);
        memory.forget(slug);
        gone.add(slug);
      } finally {
        memory.pruning.delete(slug);
      }
    }
    const twins = await store.entries<FileTwin>(FILE_TWINS);
    for (const [key, twin] of twins) {
      if (!twinExpired(twin) || memory.fileTwins.has(key)) continue;
      await store.delete(FILE_TWINS, key);
    }
  } catch (error) {
    logger.error({ err: error, removed: gone.size }, 'ingested articles not pruned from the store: it is unavailable; trying again later');
    return { removed: gone.size, complete: false };
  }
  if (gone.size > 0) logger.info({ removed: gone.size, before: cutoffDate.toISOString() }, 'old ingested articles pruned');
  return { removed: gone.size, complete: true };
}
