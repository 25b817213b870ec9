// How long ingested articles are kept (INGEST_RETENTION_DAYS), and the prune that removes older
// ones from the archive. The wire (./wire.ts) asks the window whether a feed item is too old to
// file and runs the prune (Wire.prune); the poller runs that at start-up and daily.
import type { Logger } from '../core/context';
import type { Archive } from '../newsroom/archive';

export interface PruneResult {
  /** Ingested articles taken out of the archive. */
  readonly removed: number;
  /** False when the archive could not be read or written: the caller tries again later. */
  readonly complete: boolean;
}

const DAY_MS = 24 * 60 * 60_000;

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

/** Articles a prune removes per statement: short transactions, so commands and filing go on between them. */
const PRUNE_BATCH = 500;

/**
 * Removes the ingested articles whose publication and arrival are both older than the cutoff
 * (with their keys, aliases and band entries), and the file-twin keys of items last seen before
 * it, in batches from the archive's age index. Content files are never touched. Safe beside other
 * replicas: deletes are idempotent. Never throws: an archive that cannot be reached is logged and
 * the prune is reported incomplete, to be tried again later.
 */
export async function pruneArchive(archive: Archive, logger: Logger, cutoff: Date | undefined): Promise<PruneResult> {
  if (!cutoff) return { removed: 0, complete: true };
  let removed = 0;
  try {
    for (;;) {
      const batch = await archive.pruneBefore(cutoff, PRUNE_BATCH);
      removed += batch;
      if (batch < PRUNE_BATCH) break;
    }
    await archive.pruneTwins(cutoff);
  } catch (error) {
    logger.error({ err: error, removed }, 'ingested articles not pruned: the archive is unavailable; trying again later');
    return { removed, complete: false };
  }
  if (removed > 0) logger.info({ removed, before: cutoff.toISOString() }, 'old ingested articles pruned');
  return { removed, complete: true };
}
