// The one place that turns STORE_URL into a Store. Backends load lazily, so a SQLite user never
// loads the Redis client and the reverse.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Clock } from '../core/context';
import { KeyvStore } from './keyv';
import { MemoryStore } from './memory';
import type { Store } from './store';

/** sqlite://data/newsroom.sqlite is relative to the working directory; sqlite:///abs/path is absolute. */
export function sqlitePath(url: string): string {
  const rest = url.slice('sqlite://'.length);
  return resolve(rest);
}

export async function openStore(url: string, clock?: Clock): Promise<Store> {
  const scheme = url.split(':', 1)[0];
  switch (scheme) {
    case 'memory':
      return new MemoryStore(clock);
    case 'sqlite': {
      const file = sqlitePath(url);
      mkdirSync(dirname(file), { recursive: true });
      const { default: KeyvSqlite } = await import('@keyv/sqlite');
      return new KeyvStore(new KeyvSqlite({ uri: `sqlite://${file}`, busyTimeout: 5000 }));
    }
    case 'redis':
    case 'rediss': {
      const { default: KeyvRedis } = await import('@keyv/redis');
      return new KeyvStore(new KeyvRedis(url));
    }
    case 'postgres':
    case 'postgresql': {
      const { default: KeyvPostgres } = await import('@keyv/postgres');
      return new KeyvStore(new KeyvPostgres({ uri: url }));
    }
    default:
      throw new Error(`STORE_URL: unsupported scheme "${scheme}" (use sqlite://, redis://, postgres:// or memory://)`);
  }
}
