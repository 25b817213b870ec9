import Keyv, { type KeyvStoreAdapter } from 'keyv';
import { StoreUnavailableError } from '../core/errors';
import type { AddIfAbsent, ListPrefix, PurgePrefix } from './claims';
import { storeKey, type Store } from './store';
import { DEFAULT_STORE_NAMESPACE } from './url';

/** How long a store call may take before we call the store unavailable. */
const CALL_TIMEOUT_MS = 3000;

export interface KeyvStoreOptions {
  /** STORE_URL's ?namespace= (./url.ts): the first part of every key, so bots sharing a server stay apart. */
  readonly namespace?: string;
  /** The backend's native set-if-absent (./claims.ts); without it add() refuses. */
  readonly addIfAbsent?: AddIfAbsent;
  /** The backend's own prefix listing (./claims.ts); without it entries() pages through keyv. */
  readonly listPrefix?: ListPrefix;
  /** Deletes expired rows (SQL backends); Redis expires keys itself, so it has none. */
  readonly purgePrefix?: PurgePrefix;
}

/** The Store port over any keyv adapter (SQLite, Redis, PostgreSQL). */
export class KeyvStore implements Store {
  private readonly keyv: Keyv;
  private readonly namespace: string;
  private readonly addIfAbsent: AddIfAbsent | undefined;
  private readonly listPrefix: ListPrefix | undefined;
  private readonly purgePrefix: PurgePrefix | undefined;

  constructor(adapter: KeyvStoreAdapter | Map<unknown, unknown>, options: KeyvStoreOptions = {}) {
    this.namespace = options.namespace ?? DEFAULT_STORE_NAMESPACE;
    this.addIfAbsent = options.addIfAbsent;
    this.listPrefix = options.listPrefix;
    this.purgePrefix = options.purgePrefix;
    // throwOnErrors: a failed write must reach the caller, not vanish into an 'error' event.
    // We prefix keys ourselves (useKeyPrefix: false): keyv skips its prefix for a key that already
    // starts with "NAME:", so a STORE_URL namespace named like a store namespace ("feeds") would
    // split get/set from add/entries. The keys are still keyv's own: NAME:namespace:key (and on
    // Redis NAME::NAME:namespace:key, the adapter adding "NAME::"), so existing data is found.
    this.keyv = new Keyv({ store: adapter, namespace: this.namespace, useKeyPrefix: false, throwOnErrors: true });
    this.keyv.on('error', () => {
      // Errors are thrown to the caller as well; the listener only keeps the emitter from crashing.
    });
  }

  /** The keyv key: what SQL rows are keyed by, and what the Redis adapter prefixes once more. */
  private keyvKey(namespace: string, key: string): string {
    return `${this.namespace}:${storeKey(namespace, key)}`;
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
    return this.call(() => this.keyv.get<T>(this.keyvKey(namespace, key)));
  }

  async set<T>(namespace: string, key: string, value: T, ttlMs?: number): Promise<void> {
    await this.call(() => this.keyv.set(this.keyvKey(namespace, key), value, ttlMs));
  }

  add<T>(namespace: string, key: string, value: T, ttlMs?: number): Promise<boolean> {
    const addIfAbsent = this.addIfAbsent;
    if (!addIfAbsent) return Promise.reject(new Error('this store backend cannot claim keys atomically'));
    return this.call(async () => {
      // keyv's own row format and key, so get() and expiry treat the row like any other.
      const now = Date.now();
      const row = { value, ...(ttlMs !== undefined && { expires: now + ttlMs }) };
      const raw = this.keyv.serialize ? await this.keyv.serialize(row) : JSON.stringify(row);
      return addIfAbsent(this.keyvKey(namespace, key), String(raw), ttlMs, now);
    });
  }

  purgeExpired(namespace: string): Promise<number> {
    const purgePrefix = this.purgePrefix;
    if (!purgePrefix) return Promise.resolve(0);
    return this.call(() => purgePrefix(this.keyvKey(namespace, ''), Date.now()));
  }

  delete(namespace: string, key: string): Promise<boolean> {
    return this.call(() => this.keyv.delete(this.keyvKey(namespace, key)));
  }

  entries<T>(namespace: string): Promise<Array<[string, T]>> {
    const prefix = this.keyvKey(namespace, '');
    const listPrefix = this.listPrefix;
    if (listPrefix) {
      return this.call(async () => {
        const out: Array<[string, T]> = [];
        const now = Date.now();
        for (const [key, raw] of await listPrefix(prefix)) {
          const row = (this.keyv.deserialize ? await this.keyv.deserialize(raw) : JSON.parse(raw)) as { value: T; expires?: number } | undefined;
          if (!row || (typeof row.expires === 'number' && row.expires <= now)) continue;
          out.push([key.slice(prefix.length), row.value]);
        }
        return out;
      });
    }
    return this.call(async () => {
      const out: Array<[string, T]> = [];
      if (!this.keyv.iterator) throw new Error('this store backend cannot list keys');
      // Without keyv's key prefixing its iterator yields the keyv keys whole.
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
