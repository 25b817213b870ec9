// One contract, every backend: the same cases run against memory, SQLite (a temp file), Redis and
// PostgreSQL. Redis and PostgreSQL cases skip on a laptop without them (see test/support/services).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createClient, type RedisClientType } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/core/errors';
import { redisGlobLiteral } from '../../src/store/claims';
import { MemoryStore } from '../../src/store/memory';
import { openStore } from '../../src/store/open';
import type { Store } from '../../src/store/store';
import { Relay } from '../support/relay';
import { POSTGRES_URL, REDIS_URL, postgresUp, redisUp } from '../support/services';
import { ManualClock } from '../schedule/support';

interface Backend {
  readonly name: string;
  readonly up: boolean;
  /** Two handles on the same data, as two replicas would have. */
  open(): Promise<[Store, Store]>;
  /** STORE_URL of the shared backend, for handles under their own ?namespace= (none for memory). */
  readonly url?: string;
  /** Moves "now" forward for the stores open() gave, which expire entries by it. */
  advance(ms: number): Promise<void>;
}

const dir = mkdtempSync(join(tmpdir(), 'store-contract-'));
// Other engineers' tests share Redis and PostgreSQL: every run writes under namespaces of its own.
const RUN = `contract-${randomUUID().slice(0, 8)}`;
const MINUTE = 60_000;

// The stores' "now", moved only by the tests: expiry never depends on how fast the machine is.
const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
async function advanceClock(ms: number): Promise<void> {
  clock.advance(ms);
}

/**
 * Redis also expires keys itself, on a clock no test can move: this run's keys have their time to
 * live cut by `ms` instead (a key with less left is deleted), the same jump seen from Redis.
 */
async function advanceRedis(ms: number): Promise<void> {
  clock.advance(ms);
  const redis = createClient({ url: REDIS_URL });
  await redis.connect();
  try {
    // The default STORE_URL namespace's layout, NAME::NAME:namespace:key (see 'Redis keys and listing').
    for await (const keys of redis.scanIterator({ MATCH: `${redisGlobLiteral(`newsroom::newsroom:${RUN}`)}*`, COUNT: 1000 })) {
      for (const key of keys) {
        const left = await redis.pTTL(key);
        if (left < 0) continue; // no time to live (-1), or already gone (-2)
        if (left <= ms) await redis.del(key);
        else await redis.pExpire(key, left - ms);
      }
    }
  } finally {
    await redis.quit();
  }
}

const sqliteUrl = `sqlite://${join(dir, 'contract.sqlite')}`;
const backends: Backend[] = [
  {
    name: 'memory',
    up: true,
    async open() {
      const store = new MemoryStore(clock);
      return [store, store];
    },
    advance: advanceClock,
  },
  {
    name: 'sqlite',
    up: true,
    url: sqliteUrl,
    async open() {
      return [await openStore(sqliteUrl, clock), await openStore(sqliteUrl, clock)];
    },
    advance: advanceClock,
  },
  {
    name: 'redis',
    up: redisUp,
    url: REDIS_URL,
    async open() {
      return [await openStore(REDIS_URL, clock), await openStore(REDIS_URL, clock)];
    },
    advance: advanceRedis,
  },
  {
    name: 'postgres',
    up: postgresUp,
    url: POSTGRES_URL,
    async open() {
      return [await openStore(POSTGRES_URL, clock), await openStore(POSTGRES_URL, clock)];
    },
    advance: advanceClock,
  },
];

afterAll(() => rmSync(dir, { recursive: true, force: true }));

for (const backend of backends) {
  describe.skipIf(!backend.up)(`Store contract: ${backend.name}`, () => {
    let a: Store;
    let b: Store;
    const ns = `${RUN}-${backend.name}`;

    beforeAll(async () => {
      [a, b] = await backend.open();
    });
    afterAll(async () => {
      for (const [key] of await a.entries(ns)) await a.delete(ns, key);
      await a.purgeExpired(ns);
      await a.close();
      if (b !== a) await b.close();
    });

    it('reads back what it wrote, as a copy, and across handles', async () => {
      const value = { channel: 'C1', days: ['mon', 'tue'], count: 5 };
      await a.set(ns, 'sub/1', value);
      expect(await a.get(ns, 'sub/1')).toEqual(value);
      expect(await b.get(ns, 'sub/1')).toEqual(value);
      value.count = 9;
      expect(await a.get<typeof value>(ns, 'sub/1')).toMatchObject({ count: 5 });
      expect(await a.get(ns, 'missing')).toBeUndefined();
    });

    it('deletes, saying whether there was something to delete', async () => {
      await a.set(ns, 'gone', 1);
      expect(await a.delete(ns, 'gone')).toBe(true);
      expect(await b.get(ns, 'gone')).toBeUndefined();
      expect(await a.delete(ns, 'gone')).toBe(false);
    });

    it('lists the entries of one namespace only', async () => {
      const other = `${ns}-other`;
      await a.set(ns, 'list/x', 'x');
      await a.set(ns, 'list/y', 'y');
      await a.set(other, 'list/z', 'z');
      const listed = new Map(await b.entries<string>(ns));
      expect(listed.get('list/x')).toBe('x');
      expect(listed.get('list/y')).toBe('y');
      expect([...listed.keys()]).not.toContain('list/z');
      await a.delete(other, 'list/z');
    });

    it('lists at most a page when asked, so a large namespace drains a page at a time', async () => {
      const paged = `${ns}-paged`;
      for (let i = 0; i < 25; i++) await a.set(paged, `k${String(i).padStart(2, '0')}`, i);
      const drained: number[] = [];
      for (let page = await b.entries<number>(paged, 10); page.length > 0; page = await b.entries<number>(paged, 10)) {
        expect(page.length).toBeLessThanOrEqual(10);
        for (const [key, value] of page) {
          drained.push(value);
          await b.delete(paged, key);
        }
      }
      expect(drained.sort((x, y) => x - y)).toEqual(Array.from({ length: 25 }, (_, i) => i));
      expect(await a.entries(paged, 0)).toEqual([]);
    });

    it('lists a namespace by its exact name: neighbours, longer names and pattern characters stay out', async () => {
      // Names a prefix match or an unescaped Redis pattern would mix up with `listed`.
      const listed = `${ns}-g*?[ab]`;
      const neighbours = [`${ns}-gXYa`, `${ns}-g*?a`, `${ns}-g*?[ab]x`, `${ns}-g`, `${ns}-g*?[ab]\\`];
      await a.set(listed, 'k1', 1);
      await a.set(listed, 'k2', 2);
      const before = (await b.entries<number>(listed)).sort();
      for (const other of neighbours) for (let i = 0; i < 50; i++) await a.set(other, `k${i}`, -1);
      try {
        expect(before).toEqual([['k1', 1], ['k2', 2]]);
        // The same answer however much lives beside it.
        expect((await b.entries<number>(listed)).sort()).toEqual(before);
        for (const other of neighbours) expect(await b.entries(other)).toHaveLength(50);
      } finally {
        for (const other of neighbours) for (let i = 0; i < 50; i++) await a.delete(other, `k${i}`);
        await a.delete(listed, 'k1');
        await a.delete(listed, 'k2');
      }
    });

    it.skipIf(!backend.url)('keeps bots apart by the STORE_URL namespace: get, entries, add and delete', async () => {
      const suffix = randomUUID().slice(0, 8);
      const [one, two] = [`one-${suffix}`, `two-${suffix}`];
      const open = (name: string) => openStore(`${backend.url}?namespace=${name}`);
      const [first, second, firstAgain] = [await open(one), await open(two), await open(one)];
      try {
        await first.set(ns, 'shared/key', 'first');
        expect(await second.get(ns, 'shared/key')).toBeUndefined();
        expect(await a.get(ns, 'shared/key')).toBeUndefined(); // the default namespace, newsroom
        expect(await firstAgain.get(ns, 'shared/key')).toBe('first'); // a replica of the same bot
        expect(await second.entries(ns)).toEqual([]);
        // A claim in one bot is no claim in the other.
        expect(await first.add(ns, 'claim', 'first', 60_000)).toBe(true);
        expect(await second.add(ns, 'claim', 'second', 60_000)).toBe(true);
        expect(await firstAgain.add(ns, 'claim', 'again', 60_000)).toBe(false);
        expect(await first.get(ns, 'claim')).toBe('first');
        expect(await second.get(ns, 'claim')).toBe('second');
        expect((await second.entries(ns)).sort()).toEqual([['claim', 'second']]);
        expect((await first.entries(ns)).sort()).toEqual([['claim', 'first'], ['shared/key', 'first']]);
        expect(await second.delete(ns, 'shared/key')).toBe(false);
        expect(await first.get(ns, 'shared/key')).toBe('first');
      } finally {
        for (const store of [first, second]) for (const [key] of await store.entries(ns)) await store.delete(ns, key);
        for (const store of [first, second, firstAgain]) await store.close();
      }
    });

    it.skipIf(!backend.url)('a STORE_URL namespace named like a store namespace still reads back what add and set wrote', async () => {
      const name = `same-${randomUUID().slice(0, 8)}`;
      const store = await openStore(`${backend.url}?namespace=${name}`);
      try {
        await store.set(name, 'set', 1);
        expect(await store.add(name, 'added', 2)).toBe(true);
        expect(await store.add(name, 'set', 3)).toBe(false);
        expect(await store.get(name, 'added')).toBe(2);
        expect((await store.entries(name)).sort()).toEqual([['added', 2], ['set', 1]]);
      } finally {
        await store.delete(name, 'set');
        await store.delete(name, 'added');
        await store.close();
      }
    });

    it('forgets a value after its time to live, in get and in entries', async () => {
      await a.set(ns, 'ttl', 'soon gone', MINUTE);
      await a.set(ns, 'ttl-list', 'listed, then gone', MINUTE);
      expect(await a.get(ns, 'ttl')).toBe('soon gone');
      expect(new Map(await a.entries(ns)).get('ttl-list')).toBe('listed, then gone');
      await backend.advance(MINUTE / 2);
      expect(await b.get(ns, 'ttl')).toBe('soon gone');
      expect(new Map(await b.entries(ns)).get('ttl-list')).toBe('listed, then gone');
      await backend.advance(MINUTE / 2);
      expect(await a.get(ns, 'ttl')).toBeUndefined();
      expect(new Map(await a.entries(ns)).has('ttl-list')).toBe(false);
    });

    it('add sets only when absent and says which call won', async () => {
      expect(await a.add(ns, 'claim/1', { owner: 'a' })).toBe(true);
      expect(await b.add(ns, 'claim/1', { owner: 'b' })).toBe(false);
      expect(await b.get(ns, 'claim/1')).toEqual({ owner: 'a' });
      await a.set(ns, 'claim/2', 'plain');
      expect(await a.add(ns, 'claim/2', 'other')).toBe(false);
      expect(await a.get(ns, 'claim/2')).toBe('plain');
    });

    it('add takes over an expired claim, and its own ttl applies', async () => {
      expect(await a.add(ns, 'claim/ttl', 'first', MINUTE)).toBe(true);
      await backend.advance(MINUTE / 2);
      expect(await b.add(ns, 'claim/ttl', 'early', MINUTE)).toBe(false);
      await backend.advance(MINUTE / 2);
      expect(await b.add(ns, 'claim/ttl', 'second', 2 * MINUTE)).toBe(true);
      expect(await a.get(ns, 'claim/ttl')).toBe('second');
      await backend.advance(MINUTE);
      expect(await a.add(ns, 'claim/ttl', 'third', MINUTE)).toBe(false);
      expect(await a.get(ns, 'claim/ttl')).toBe('second');
    });

    it('purges expired entries of one namespace, keeping live ones', async () => {
      // Namespaces of this test's own: entries other tests left to expire are not counted.
      const purged = `${ns}-purge`;
      const other = `${ns}-keep`;
      await a.set(purged, 'old', 1, MINUTE);
      await a.set(purged, 'live', 2, 10 * MINUTE);
      await a.set(other, 'old', 3, MINUTE);
      await backend.advance(2 * MINUTE);
      // Redis expires keys itself, so there is nothing left for it to purge.
      const expected = backend.name === 'redis' ? 0 : 1;
      expect(await a.purgeExpired(purged)).toBe(expected);
      expect(await a.get(purged, 'live')).toBe(2);
      expect(await a.purgeExpired(purged)).toBe(0);
      expect(await a.purgeExpired(other)).toBe(expected); // left alone by the first purge
      await a.delete(purged, 'live');
    });

    it('concurrent adds from two handles: exactly one wins', async () => {
      for (let round = 0; round < 5; round++) {
        const key = `race/${round}`;
        const attempts = Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? a : b).add(ns, key, { owner: i }, 60_000));
        const won = (await Promise.all(attempts)).filter(Boolean);
        expect(won).toHaveLength(1);
      }
    });
  });
}

describe.skipIf(!redisUp)('Redis keys and listing', () => {
  const name = `listing-${randomUUID().slice(0, 8)}`;
  let store: Store;
  let redis: RedisClientType;

  beforeAll(async () => {
    store = await openStore(`${REDIS_URL}?namespace=${name}`);
    redis = createClient({ url: REDIS_URL });
    await redis.connect();
  });
  afterAll(async () => {
    await store?.close();
    await redis?.quit();
  });

  it('stores a key as NAME::NAME:namespace:key, and as newsroom::newsroom:... with no namespace given', async () => {
    // The layout keyv and @keyv/redis make; data written before ?namespace= existed must still be found.
    const plain = await openStore(REDIS_URL);
    try {
      await store.set('layout', 'k', 1);
      await plain.set(`layout-${name}`, 'k', 2);
      expect(await redis.get(`${name}::${name}:layout:k`)).toBe(JSON.stringify({ value: 1 }));
      expect(await redis.get(`newsroom::newsroom:layout-${name}:k`)).toBe(JSON.stringify({ value: 2 }));
    } finally {
      await store.delete('layout', 'k');
      await plain.delete(`layout-${name}`, 'k');
      await plain.close();
    }
  });

  it('lists a small namespace beside 50,000 keys in another without reading them, and skips keys that are not values', async () => {
    // The digest job lists subscriptions beside every delivery record; listing must not read those.
    const sibling = Array.from({ length: 50_000 }, (_, i) => `${name}::${name}:deliveries:k${i}`);
    const row = JSON.stringify({ value: { posted: true } });
    await store.set('subscriptions', 'C1', { time: '08:00' });
    await store.set('subscriptions', 'C2', { time: '09:00' });
    // Not a string (MGET answers null for it, as for a key that expired after SCAN): skipped.
    await redis.hSet(`${name}::${name}:subscriptions:odd`, 'f', 'v');
    // What Redis sends the store, counted at a relay: bytes, not milliseconds, so load cannot fail it.
    const relay = new Relay();
    const counted = await openStore(`redis://127.0.0.1:${await relay.start()}?namespace=${name}`);
    try {
      for (let i = 0; i < sibling.length; i += 5000) await redis.mSet(sibling.slice(i, i + 5000).map((key) => [key, row] as [string, string]));
      await counted.ping(); // connected before counting starts
      const before = relay.received;
      const listed = await counted.entries('subscriptions');
      expect(listed.sort()).toEqual([['C1', { time: '08:00' }], ['C2', { time: '09:00' }]]);
      // SCAN pages name only matching keys: a few bytes a page, where the siblings' names and values
      // alone come to 2 MB (reading every key took about 1.3 s here before).
      expect(relay.received - before).toBeLessThan(sibling.length * row.length / 10);
    } finally {
      await counted.close();
      await relay.stop();
      for (let i = 0; i < sibling.length; i += 5000) await redis.del(sibling.slice(i, i + 5000));
      await redis.del(`${name}::${name}:subscriptions:odd`);
      await store.delete('subscriptions', 'C1');
      await store.delete('subscriptions', 'C2');
    }
  }, 60_000);
});

/** A port that accepts nothing: bound, then closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('Store contract: a store that is down', () => {
  for (const scheme of ['redis', 'postgres'] as const) {
    it(`${scheme} on a closed port answers StoreUnavailableError quickly`, async () => {
      const port = await closedPort();
      const url = scheme === 'redis' ? `redis://127.0.0.1:${port}` : `postgres://postgres@127.0.0.1:${port}/test`;
      const store = await openStore(url);
      const started = performance.now();
      await expect(store.add('down', 'k', 1)).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.get('down', 'k')).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(performance.now() - started).toBeLessThan(10_000);
      await store.close();
    }, 15_000);
  }
});
