// Native set-if-absent per backend, written in keyv's own row format so get() reads it back.
// keyv has no atomic "add", so each backend gets the one statement that is atomic there.
import type KeyvPostgres from '@keyv/postgres';
import type KeyvRedis from '@keyv/redis';
import type KeyvSqlite from '@keyv/sqlite';

/** Stores `raw` (keyv's serialized {value, expires}) at the keyv key unless a live entry is there. */
export type AddIfAbsent = (keyvKey: string, raw: string, ttlMs: number | undefined, nowMs: number) => Promise<boolean>;

// An expired row may still be on disk (keyv deletes lazily): the upsert takes it over only then.
const EXPIRED = (expires: string) => `${expires} IS NOT NULL AND ${expires} <= `;

export function sqliteAdd(adapter: KeyvSqlite): AddIfAbsent {
  const table = adapter.opts.table ?? 'keyv';
  const expires = `json_extract(${table}.value, '$.expires')`;
  const sql = `INSERT INTO ${table} (key, value) VALUES (?, ?)
    ON CONFLICT(key) DO UPDATE SET value = excluded.value WHERE ${EXPIRED(expires)}?
    RETURNING key`;
  return async (key, raw, _ttl, nowMs) => {
    const rows = (await adapter.query(sql, key, raw, nowMs)) as unknown[];
    return rows.length === 1;
  };
}

export function postgresAdd(adapter: KeyvPostgres): AddIfAbsent {
  const opts = adapter.opts as { schema?: string; table?: string };
  const table = `${opts.schema ?? 'public'}.${opts.table ?? 'keyv'}`;
  const expires = `(${opts.table ?? 'keyv'}.value::jsonb->>'expires')::bigint`;
  const sql = `INSERT INTO ${table} (key, value) VALUES ($1, $2)
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value WHERE ${EXPIRED(expires)}$3
    RETURNING key`;
  return async (key, raw, _ttl, nowMs) => {
    const rows = (await adapter.query(sql, [key, raw, nowMs])) as unknown[];
    return rows.length === 1;
  };
}

export function redisAdd(adapter: KeyvRedis<unknown>): AddIfAbsent {
  return async (key, raw, ttlMs) => {
    const client = await adapter.getClient();
    // Redis expires the key itself, so SET NX alone is the whole claim.
    const full = adapter.createKeyPrefix(key, adapter.namespace);
    const answer = await client.set(full, raw, ttlMs === undefined ? { NX: true } : { NX: true, PX: Math.max(1, Math.ceil(ttlMs)) });
    return answer === 'OK';
  };
}

/**
 * Every [keyv key, raw row] under a keyv key prefix, in one query where the backend can (keyv's
 * own iterators page with OFFSET on SQL and walk every key of the store on Redis).
 */
export type ListPrefix = (prefix: string, limit?: number) => Promise<Array<[string, string]>>;

/** Keys per SCAN step and per MGET: few round trips, and no single call that blocks Redis for long. */
const REDIS_BATCH = 1000;

/** A literal for a Redis MATCH pattern: glob characters (and the escape itself) escaped. */
export function redisGlobLiteral(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

export function redisList(adapter: KeyvRedis<unknown>): ListPrefix {
  return async (prefix, limit = Infinity) => {
    // openStore gives the adapter one client (no cluster), so one SCAN cursor covers every key.
    const client = await adapter.getClient();
    // The Redis key is the keyv key with the adapter's "NAME::" in front (see redisAdd).
    const redisPrefix = adapter.createKeyPrefix(prefix, adapter.namespace);
    const keys: string[] = [];
    let cursor = '0';
    do {
      // SCAN still walks the whole keyspace, but inside Redis: only this prefix's keys come back.
      const page = await client.scan(cursor, { MATCH: `${redisGlobLiteral(redisPrefix)}*`, COUNT: REDIS_BATCH });
      cursor = String(page.cursor);
      keys.push(...page.keys);
    } while (cursor !== '0' && keys.length < limit);
    const unique = [...new Set(keys)].slice(0, limit); // SCAN may return a key twice while Redis rehashes
    const out: Array<[string, string]> = [];
    for (let i = 0; i < unique.length; i += REDIS_BATCH) {
      const batch = unique.slice(i, i + REDIS_BATCH);
      const values = await client.mGet(batch);
      batch.forEach((key, j) => {
        const raw = values[j];
        // null: deleted or expired between SCAN and MGET.
        if (typeof raw === 'string') out.push([prefix + key.slice(redisPrefix.length), raw]);
      });
    }
    return out;
  };
}

export function sqliteList(adapter: KeyvSqlite): ListPrefix {
  const table = adapter.opts.table ?? 'keyv';
  // A range on the primary key: prefix <= key < prefix with its last character bumped.
  const sql = `SELECT key, value FROM ${table} WHERE key >= ? AND key < ? LIMIT ?`;
  return async (prefix, limit) => {
    const upper = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
    const rows = (await adapter.query(sql, prefix, upper, limit ?? -1)) as Array<{ key: string; value: string }>;
    return rows.map((r) => [r.key, r.value]);
  };
}

export function postgresList(adapter: KeyvPostgres): ListPrefix {
  const opts = adapter.opts as { schema?: string; table?: string };
  const sql = `SELECT key, value FROM ${opts.schema ?? 'public'}.${opts.table ?? 'keyv'} WHERE left(key, $1) = $2 LIMIT $3`;
  return async (prefix, limit) => {
    const rows = (await adapter.query(sql, [prefix.length, prefix, limit ?? null])) as Array<{ key: string; value: string }>;
    return rows.map((r) => [r.key, r.value]);
  };
}

/** Deletes expired rows under a prefix; returns how many. */
export type PurgePrefix = (prefix: string, nowMs: number) => Promise<number>;

export function sqlitePurge(adapter: KeyvSqlite): PurgePrefix {
  const table = adapter.opts.table ?? 'keyv';
  const expires = `json_extract(value, '$.expires')`;
  const sql = `DELETE FROM ${table} WHERE key >= ? AND key < ? AND ${EXPIRED(expires)}? RETURNING key`;
  return async (prefix, nowMs) => {
    const upper = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
    return ((await adapter.query(sql, prefix, upper, nowMs)) as unknown[]).length;
  };
}

export function postgresPurge(adapter: KeyvPostgres): PurgePrefix {
  const opts = adapter.opts as { schema?: string; table?: string };
  const expires = `(value::jsonb->>'expires')::bigint`;
  const sql = `DELETE FROM ${opts.schema ?? 'public'}.${opts.table ?? 'keyv'} WHERE left(key, $1) = $2 AND ${EXPIRED(expires)}$3 RETURNING key`;
  return async (prefix, nowMs) => ((await adapter.query(sql, [prefix.length, prefix, nowMs])) as unknown[]).length;
}
