// The storage port: a few namespaced key-value operations. Backends: memory (tests), and keyv
// over SQLite, Redis or PostgreSQL, chosen by STORE_URL alone (see ./open.ts).

export interface Store {
  get<T>(namespace: string, key: string): Promise<T | undefined>;
  set<T>(namespace: string, key: string, value: T, ttlMs?: number): Promise<void>;
  delete(namespace: string, key: string): Promise<boolean>;
  /**
   * Every [key, value] in a namespace, or at most `limit` of them (which ones is the backend's
   * choice). Meant for small namespaces (subscriptions, feeds); a large one is drained a page at a
   * time, each page deleted once handled (the archive migration).
   */
  entries<T>(namespace: string, limit?: number): Promise<Array<[string, T]>>;
  /**
   * Sets the value only when the key is absent or expired; true when this call set it. Atomic
   * across processes (the claim behind digest delivery records and cron run leases).
   */
  add<T>(namespace: string, key: string, value: T, ttlMs?: number): Promise<boolean>;
  /**
   * Deletes a namespace's expired entries; returns how many. SQL backends keep expired rows until
   * they are read again, and delivery records and run leases are never read again.
   */
  purgeExpired(namespace: string): Promise<number>;
  /** Resolves when the backend answers; rejects with StoreUnavailableError when it does not. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function storeKey(namespace: string, key: string): string {
  if (namespace.includes(':')) throw new Error(`store namespace must not contain ':' (${namespace})`);
  return `${namespace}:${key}`;
}
