import type { Clock } from '../core/context';
import { systemClock } from '../core/context';
import { storeKey, type Store } from './store';

interface Entry {
  value: unknown;
  expiresAt?: number;
}

/** A working in-memory store for tests and throwaway runs (STORE_URL=memory://). */
export class MemoryStore implements Store {
  private readonly data = new Map<string, Entry>();

  constructor(private readonly clock: Clock = systemClock) {}

  private live(key: string): Entry | undefined {
    const entry = this.data.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= this.clock.now().getTime()) {
      this.data.delete(key);
      return undefined;
    }
    return entry;
  }

  async get<T>(namespace: string, key: string): Promise<T | undefined> {
    // structuredClone: callers must not share mutable state with the store, as with a real backend.
    const entry = this.live(storeKey(namespace, key));
    return entry === undefined ? undefined : (structuredClone(entry.value) as T);
  }

  async set<T>(namespace: string, key: string, value: T, ttlMs?: number): Promise<void> {
    const expiresAt = ttlMs === undefined ? undefined : this.clock.now().getTime() + ttlMs;
    this.data.set(storeKey(namespace, key), { value: structuredClone(value), expiresAt });
  }

  async add<T>(namespace: string, key: string, value: T, ttlMs?: number): Promise<boolean> {
    // One event-loop turn: nothing can run between the check and the set.
    if (this.live(storeKey(namespace, key))) return false;
    await this.set(namespace, key, value, ttlMs);
    return true;
  }

  async purgeExpired(namespace: string): Promise<number> {
    const prefix = storeKey(namespace, '');
    let purged = 0;
    for (const key of [...this.data.keys()]) if (key.startsWith(prefix) && this.data.has(key) && !this.live(key)) purged++;
    return purged;
  }

  async delete(namespace: string, key: string): Promise<boolean> {
    return this.data.delete(storeKey(namespace, key));
  }

  async entries<T>(namespace: string, limit = Infinity): Promise<Array<[string, T]>> {
    const prefix = storeKey(namespace, '');
    const out: Array<[string, T]> = [];
    for (const key of [...this.data.keys()]) {
      if (out.length >= limit) break;
      if (!key.startsWith(prefix)) continue;
      const entry = this.live(key);
      if (entry) out.push([key.slice(prefix.length), structuredClone(entry.value) as T]);
    }
    return out;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}
}
