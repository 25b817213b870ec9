// The one place that turns STORE_URL into a Store. Backends load lazily, so a SQLite user never
// loads the Redis client and the reverse.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Clock } from '../core/context';
import { type CallLimit, KeyvStore } from './keyv';
import { MemoryStore } from './memory';
import type { Store } from './store';
import { parseStoreUrl } from './url';

/** sqlite://data/newsroom.sqlite is relative to the working directory; sqlite:///abs/path is absolute. */
export function sqlitePath(url: string): string {
  const rest = parseStoreUrl(url).url.slice('sqlite://'.length);
  return resolve(rest);
}

/**
 * STORE_URL may end in ?namespace=NAME (./url.ts); the backend clients get the URL without it.
 * `clock` decides when entries with a time to live expire (Redis also expires them on its own clock).
 */
export async function openStore(storeUrl: string, clock?: Clock, options: { readonly callLimit?: CallLimit } = {}): Promise<Store> {
  const { callLimit } = options;
  const { url, namespace } = parseStoreUrl(storeUrl);
  const scheme = url.split(':', 1)[0];
  switch (scheme) {
    case 'memory':
      // Nothing is shared between processes, so there is nothing to keep apart: accepted, unused.
      return new MemoryStore(clock);
    case 'sqlite': {
      const file = sqlitePath(url);
      mkdirSync(dirname(file), { recursive: true });
      const { default: KeyvSqlite } = await import('@keyv/sqlite');
      const { sqliteAdd, sqliteList, sqlitePurge } = await import('./claims');
      const adapter = new KeyvSqlite({ uri: `sqlite://${file}`, busyTimeout: 5000 });
      // WAL with synchronous=NORMAL: a commit no longer waits for an fsync (durable at checkpoints,
      // crash-safe), which takes a write from ~15 ms to well under 1 ms on these disks.
      await adapter.query('PRAGMA journal_mode = WAL');
      await adapter.query('PRAGMA synchronous = NORMAL');
      return new KeyvStore(adapter, { namespace, clock, ...(callLimit && { callLimit }), addIfAbsent: sqliteAdd(adapter), listPrefix: sqliteList(adapter), purgePrefix: sqlitePurge(adapter) });
    }
    case 'redis':
    case 'rediss': {
      const { default: KeyvRedis } = await import('@keyv/redis');
      const { redisAdd, redisList } = await import('./claims');
      // Fail fast while Redis is away (no offline queue, bounded connect) instead of hanging callers,
      // and throw instead of answering "no value" (throwOnErrors): a lost write must not look saved.
      const adapter = new KeyvRedis(
        { url, disableOfflineQueue: true, socket: { connectTimeout: 1000, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000) } },
        { throwOnConnectError: true, throwOnErrors: true, connectionTimeout: 1000 },
      );
      return new KeyvStore(adapter, { namespace, clock, ...(callLimit && { callLimit }), addIfAbsent: redisAdd(adapter), listPrefix: redisList(adapter) });
    }
    case 'postgres':
    case 'postgresql': {
      const { PostgresAdapter } = await import('./postgres');
      const { postgresAdd, postgresList, postgresPurge } = await import('./claims');
      const adapter = new PostgresAdapter(url);
      return new KeyvStore(adapter, { namespace, clock, ...(callLimit && { callLimit }), addIfAbsent: postgresAdd(adapter), listPrefix: postgresList(adapter), purgePrefix: postgresPurge(adapter) });
    }
    default:
      throw new Error(`STORE_URL: unsupported scheme "${scheme}" (use sqlite://, redis://, postgres:// or memory://)`);
  }
}
