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
