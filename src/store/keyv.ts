import Keyv, { type KeyvStoreAdapter } from 'keyv';
import { type Clock, systemClock } from '../core/context';
import { StoreUnavailableError } from '../core/errors';
import type { AddIfAbsent, ListPrefix, PurgePrefix } from './claims';
import { storeKey, type Store } from './store';
import { DEFAULT_STORE_NAMESPACE } from './url';

/** How long a store call may take before we call the store unavailable. */
export const CALL_TIMEOUT_MS = 3000;

/**
 * Starts the store-call limit for one call: `expired` resolves when the limit has passed, `cancel`
 * stops it once the call has answered. The default is a timer; tests pass their own so that
 * "the limit has passed" is an event they control, not a race against the wall clock.
 */
export type CallLimit = (ms: number) => { readonly expired: Promise<void>; cancel(): void };

export const timerLimit: CallLimit = (ms) => {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return { expired, cancel: () => clearTimeout(timer) };
};

export interface KeyvStoreOptions {
  /** STORE_URL's ?namespace= (./url.ts): the first part of every key, so bots sharing a server stay apart. */
  readonly namespace?: string;
  /** The backend's native set-if-absent (./claims.ts); without it add() refuses. */
  readonly addIfAbsent?: AddIfAbsent;
  /** The backend's own prefix listing (./claims.ts); without it entries() pages through keyv. */
  readonly listPrefix?: ListPrefix;
  /** Deletes expired rows (SQL backends); Redis expires keys itself, so it has none. */
  readonly purgePrefix?: PurgePrefix;
  /** The "now" that sets and checks expiry (keyv's own get/set would read Date.now()). */
  readonly clock?: Clock;
  /** The store-call limit (default: a CALL_TIMEOUT_MS timer). */
  readonly callLimit?: CallLimit;
}

/** keyv's row format: what every backend stores, serialized, at the keyv key. */
interface Row<T> {
  value: T;
  expires?: number;
}

/** Expired at `now`: the same test as the SQL claims and purges make (./claims.ts) and MemoryStore. */
function expired(row: Row<unknown>, now: number): boolean {
  return typeof row.expires === 'number' && row.expires <= now;
}

/** The adapter calls made directly, so that expiry follows our clock rather than keyv's. */
interface RawAdapter {
  get(key: string): Promise<unknown> | unknown;
  set(key: string, raw: string, ttlMs?: number): Promise<unknown> | unknown;
  delete(key: string): Promise<boolean> | boolean;
}

/** The Store port over any keyv adapter (SQLite, Redis, PostgreSQL). */
export class KeyvStore implements Store {
  private readonly keyv: Keyv;
  private readonly namespace: string;
  private readonly addIfAbsent: AddIfAbsent | undefined;
  private readonly listPrefix: ListPrefix | undefined;
  private readonly purgePrefix: PurgePrefix | undefined;
  private readonly clock: Clock;
  private readonly adapter: RawAdapter;
  private readonly callLimit: CallLimit;

  constructor(adapter: KeyvStoreAdapter | Map<unknown, unknown>, options: KeyvStoreOptions = {}) {
    this.namespace = options.namespace ?? DEFAULT_STORE_NAMESPACE;
    this.addIfAbsent = options.addIfAbsent;
    this.listPrefix = options.listPrefix;
    this.purgePrefix = options.purgePrefix;
    this.clock = options.clock ?? systemClock;
    this.callLimit = options.callLimit ?? timerLimit;
    this.adapter = adapter as unknown as RawAdapter;
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

  private now(): number {
    return this.clock.now().getTime();
  }

  /** keyv's serialized row for `value`, expiring `ttlMs` after `now` (or never). */
  private async encode<T>(value: T, ttlMs: number | undefined, now: number): Promise<string> {
    const row: Row<T> = { value, ...(ttlMs !== undefined && { expires: now + ttlMs }) };
    return String(this.keyv.serialize ? await this.keyv.serialize(row) : JSON.stringify(row));
  }

  /** The row a backend returned (undefined when there is none). */
  private async decode<T>(raw: unknown): Promise<Row<T> | undefined> {
    if (typeof raw !== 'string') return undefined;
    return (this.keyv.deserialize ? await this.keyv.deserialize(raw) : JSON.parse(raw)) as Row<T> | undefined;
  }

  /** The keyv key: what SQL rows are keyed by, and what the Redis adapter prefixes once more. */
  private keyvKey(namespace: string, key: string): string {
    return `${this.namespace}:${storeKey(namespace, key)}`;
  }

  private async call<T>(what: () => Promise<T>): Promise<T> {
    const limit = this.callLimit(CALL_TIMEOUT_MS);
    try {
      return await Promise.race([
        what(),
        limit.expired.then((): never => {
          // The request may have left: for a write, "unavailable" here does not mean "not applied"
          // (see ./confirm.ts, which reads such writes back).
          throw new Error(`store call timed out after ${CALL_TIMEOUT_MS} ms`);
        }),
      ]);
    } catch (error) {
      throw error instanceof StoreUnavailableError ? error : new StoreUnavailableError(error);
    } finally {
      limit.cancel();
    }
  }

  get<T>(namespace: string, key: string): Promise<T | undefined> {
    return this.call(async () => {
      const keyvKey = this.keyvKey(namespace, key);
      const row = await this.decode<T>(await this.adapter.get(keyvKey));
      if (!row || !expired(row, this.now())) return row?.value;
      await this.adapter.delete(keyvKey); // as keyv's get does with an expired row
      return undefined;
    });
  }

  async set<T>(namespace: string, key: string, value: T, ttlMs?: number): Promise<void> {
    // The time to live goes to the adapter as well: Redis expires the key by it.
    await this.call(async () => this.adapter.set(this.keyvKey(namespace, key), await this.encode(value, ttlMs, this.now()), ttlMs));
  }

  add<T>(namespace: string, key: string, value: T, ttlMs?: number): Promise<boolean> {
    const addIfAbsent = this.addIfAbsent;
    if (!addIfAbsent) return Promise.reject(new Error('this store backend cannot claim keys atomically'));
    return this.call(async () => {
      // keyv's own row format and key, so get() and expiry treat the row like any other.
      const now = this.now();
      return addIfAbsent(this.keyvKey(namespace, key), await this.encode(value, ttlMs, now), ttlMs, now);
    });
  }

  purgeExpired(namespace: string): Promise<number> {
    const purgePrefix = this.purgePrefix;
    if (!purgePrefix) return Promise.resolve(0);
    return this.call(() => purgePrefix(this.keyvKey(namespace, ''), this.now()));
  }

  delete(namespace: string, key: string): Promise<boolean> {
    return this.call(() => this.keyv.delete(this.keyvKey(namespace, key)));
  }

  entries<T>(namespace: string, limit = Infinity): Promise<Array<[string, T]>> {
    const prefix = this.keyvKey(namespace, '');
    const listPrefix = this.listPrefix;
    if (listPrefix) {
      return this.call(async () => {
        const out: Array<[string, T]> = [];
        const now = this.now();
        for (const [key, raw] of await listPrefix(prefix, Number.isFinite(limit) ? limit : undefined)) {
          const row = await this.decode<T>(raw);
          if (row && !expired(row, now)) out.push([key.slice(prefix.length), row.value]);
        }
        return out;
      });
    }
    return this.call(async () => {
      const out: Array<[string, T]> = [];
      if (!this.keyv.iterator) throw new Error('this store backend cannot list keys');
      // Without keyv's key prefixing its iterator yields the keyv keys whole. It skips expired rows
      // by Date.now(), not by our clock: the backends openStore opens all list with listPrefix.
      for await (const [key, value] of this.keyv.iterator(undefined)) {
        if (out.length >= limit) break;
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
