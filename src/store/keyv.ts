import Keyv, { type KeyvStoreAdapter } from 'keyv';
import { StoreUnavailableError } from '../core/errors';
import type { AddIfAbsent, ListPrefix, PurgePrefix } from './claims';
import { storeKey, type Store } from './store';

/** How long a store call may take before we call the store unavailable. */
const CALL_TIMEOUT_MS = 3000;

/** The Store port over any keyv adapter (SQLite, Redis, PostgreSQL). */
export class KeyvStore implements Store {
  private readonly keyv: Keyv;

  constructor(
    adapter: KeyvStoreAdapter | Map<unknown, unknown>,
    /** The backend's native set-if-absent (./claims.ts); without it add() refuses. */
    private readonly addIfAbsent?: AddIfAbsent,
    /** The backend's one-query listing (./claims.ts); without it entries() pages through keyv. */
    private readonly listPrefix?: ListPrefix,
    /** Deletes expired rows (SQL backends); Redis expires keys itself, so it has none. */
    private readonly purgePrefix?: PurgePrefix,
  ) {
    // throwOnErrors: a failed write must reach the caller, not vanish into an 'error' event.
    this.keyv = new Keyv({ store: adapter, namespace: 'newsroom', throwOnErrors: true });
    this.keyv.on('error', () => {
      // Errors are thrown to the caller as well; the listener only keeps the emitter from crashing.
    });
  }

  private async call<T>(what: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        what(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`store call timed out after ${CALL_TIMEOUT_MS} ms`)), CALL_TIMEOUT_MS);
        }),
      ]);
    } catch (error) {
      throw error instanceof StoreUnavailableError ? error : new StoreUnavailableError(error);
    } finally {
      clearTimeout(timer);
    }
  }

  get<T>(namespace: string, key: string): Promise<T | undefined> {
    return this.call(() => this.keyv.get<T>(storeKey(namespace, key)));
  }

  async set<T>(namespace: string, key: string, value: T, ttlMs?: number): Promise<void> {
    await this.call(() => this.keyv.set(storeKey(namespace, key), value, ttlMs));
  }

  add<T>(namespace: string, key: string, value: T, ttlMs?: number): Promise<boolean> {
    const addIfAbsent = this.addIfAbsent;
    if (!addIfAbsent) return Promise.reject(new Error('this store backend cannot claim keys atomically'));
    return this.call(async () => {
      // keyv's own row format and key prefix, so get() and expiry treat the row like any other.
      const now = Date.now();
      const row = { value, ...(ttlMs !== undefined && { expires: now + ttlMs }) };
      const raw = this.keyv.serialize ? await this.keyv.serialize(row) : JSON.stringify(row);
      return addIfAbsent(`newsroom:${storeKey(namespace, key)}`, String(raw), ttlMs, now);
    });
  }

  purgeExpired(namespace: string): Promise<number> {
    const purgePrefix = this.purgePrefix;
    if (!purgePrefix) return Promise.resolve(0);
    return this.call(() => purgePrefix(`newsroom:${storeKey(namespace, '')}`, Date.now()));
  }

  delete(namespace: string, key: string): Promise<boolean> {
    return this.call(() => this.keyv.delete(storeKey(namespace, key)));
  }

  entries<T>(namespace: string): Promise<Array<[string, T]>> {
    const prefix = storeKey(namespace, '');
    const listPrefix = this.listPrefix;
    if (listPrefix) {
      return this.call(async () => {
        const out: Array<[string, T]> = [];
        const now = Date.now();
        const full = `newsroom:${prefix}`;
        for (const [key, raw] of await listPrefix(full)) {
          const row = (this.keyv.deserialize ? await this.keyv.deserialize(raw) : JSON.parse(raw)) as { value: T; expires?: number } | undefined;
          if (!row || (typeof row.expires === 'number' && row.expires <= now)) continue;
          out.push([key.slice(full.length), row.value]);
        }
        return out;
      });
    }
    return this.call(async () => {
      const out: Array<[string, T]> = [];
      if (!this.keyv.iterator) throw new Error('this store backend cannot list keys');
      for await (const [key, value] of this.keyv.iterator(undefined)) {
        if (typeof key === 'string' && key.startsWith(prefix)) out.push([key.slice(prefix.length), value as T]);
      }
      return out;
    });
  }

  async ping(): Promise<void> {
    await this.get('health', 'ping');
  }

  async close(): Promise<void> {
    await this.keyv.disconnect().catch(() => undefined);
  }
}
