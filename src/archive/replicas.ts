// Replicas of one bot (one STORE_URL and namespace) must serve one archive. A SQLite archive is a
// file on one machine: processes there share it, but a replica on another machine would file and
// serve stories of its own. Each running process notes itself in the shared store (a short-lived
// entry it renews); one that finds a live replica with a different archive refuses to start.
import { hostname } from 'node:os';
import type { Logger } from '../core/context';
import type { Archive } from '../newsroom/archive';
import type { Store } from '../store/store';

const REPLICAS = 'replicas';
const ENTRY_TTL_MS = 90_000;
const RENEW_MS = 30_000;

interface ReplicaEntry {
  readonly host: string;
  readonly archive: string;
}

export class ArchiveMismatchError extends Error {}

export interface Replica {
  /** Stops renewing and takes this process's entry out. */
  leave(): Promise<void>;
}

/**
 * Notes this process among the bot's replicas, after checking every live one serves this archive.
 * Throws ArchiveMismatchError (a configuration to fix) when one does not; a store that does not
 * answer skips the check with a warning rather than stopping the bot.
 */
export async function joinReplicas(store: Store, archive: Archive, logger: Logger, host = hostname()): Promise<Replica> {
  const me = `${host}:${process.pid}`;
  const entry: ReplicaEntry = { host, archive: archive.location };
  try {
    const others = (await store.entries<ReplicaEntry>(REPLICAS)).filter(([key]) => key !== me);
    const other = others.find(([, e]) => e.archive !== archive.location || (!archive.shared && e.host !== host));
    if (other) {
      const [, them] = other;
      throw new ArchiveMismatchError(
        archive.shared || them.host === host
          ? `Another replica of this bot (${them.host}) serves the archive at ${them.archive}, this one ${archive.location}: every replica must use the same ARCHIVE_URL (or leave it unset and share one STORE_URL).`
          : `Another replica of this bot runs on ${them.host}, and the archive here is a SQLite file on this machine (${archive.location}): replicas on several machines need one shared archive. Set ARCHIVE_URL=postgres://... (or use a PostgreSQL STORE_URL) on every replica.`,
      );
    }
    await store.set(REPLICAS, me, entry, ENTRY_TTL_MS);
  } catch (error) {
    if (error instanceof ArchiveMismatchError) throw error;
    logger.warn({ err: error }, 'replicas not checked: the store is unavailable');
  }
  const renew = setInterval(() => {
    store.set(REPLICAS, me, entry, ENTRY_TTL_MS).catch((error: unknown) => logger.debug({ err: error }, 'replica entry not renewed'));
  }, RENEW_MS);
  renew.unref();
  return {
    async leave() {
      clearInterval(renew);
      await store.delete(REPLICAS, me).catch(() => undefined);
    },
  };
}
