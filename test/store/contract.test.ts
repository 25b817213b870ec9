// One contract, every backend: the same cases run against memory, SQLite (a temp file), Redis and
// PostgreSQL. Redis and PostgreSQL cases skip on a laptop without them (see test/support/services).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createClient, type RedisClientType } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { StoreUnavailableError } from '../../src/core/errors';
import { MemoryStore } from '../../src/store/memory';
import { openStore } from '../../src/store/open';
import type { Store } from '../../src/store/store';
import { POSTGRES_URL, REDIS_URL, postgresUp, redisUp } from '../support/services';
import { ManualClock } from '../schedule/support';

interface Backend {
  readonly name: string;
  readonly up: boolean;
  /** Two handles on the same data, as two replicas would have. */
  open(): Promise<[Store, Store]>;
  /** STORE_URL of the shared backend, for handles under their own ?namespace= (none for memory). */
  readonly url?: string;
  /** Moves the backend's notion of "now" forward (expiry is checked against it). */
  advance(ms: number): Promise<void>;
}

const dir = mkdtempSync(join(tmpdir(), 'store-contract-'));
const memoryClock = new ManualClock(new Date('2026-01-01T00:00:00Z'));

// keyv checks expiry with Date.now(); faking only Date moves it without slowing real I/O.
async function fakeDateForward(ms: number): Promise<void> {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + ms });
}

const backends: Backend[] = [
  {
    name: 'memory',
    up: true,
    async open() {
      const store = new MemoryStore(memoryClock);
      return [store, store];
    },
    async advance(ms) {
      memoryClock.advance(ms);
    },
  },
  {
    name: 'sqlite',
    up: true,
    url: `sqlite://${join(dir, 'contract.sqlite')}`,
    async open() {
      const url = `sqlite://${join(dir, 'contract.sqlite')}`;
      return [await openStore(url), await openStore(url)];
    },
    advance: fakeDateForward,
  },
  {
    name: 'redis',
    up: redisUp,
    url: REDIS_URL,
    async open() {
      return [await openStore(REDIS_URL), await openStore(REDIS_URL)];
    },
    // Redis expires keys on its own clock: the one case where a real (short) wait is the test.
    async advance(ms) {
      await new Promise((resolve) => setTimeout(resolve, ms));
    },
  },
  {
    name: 'postgres',
    up: postgresUp,
    url: POSTGRES_URL,
    async open() {
      return [await openStore(POSTGRES_URL), await openStore(POSTGRES_URL)];
    },
    advance: fakeDateForward,
  },
];

afterAll(() => rmSync(dir, { recursive: true, force: true }));

for (const backend of backends) {
  describe.skipIf(!backend.up)(`Store contract: ${backend.name}`, () => {
    let a: Store;
    let b: Store;
    // Other engineers' tests share Redis and PostgreSQL: every run writes under its own namespace.
    const ns = `contract-${randomUUID().slice(0, 8)}`;

    beforeAll(async () => {
      [a, b] = await backend.open();
    });
    afterEach(() => {
      vi.useRealTimers();
    });
    afterAll(async () => {
      for (const [key] of await a.entries(ns)) await a.delete(ns, key);
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
      // Long enough that a busy machine still reads it back before it expires on Redis's own clock.
      await a.set(ns, 'ttl', 'soon gone', 250);
      await a.set(ns, 'ttl-list', 'listed, then gone', 250);
      expect(await a.get(ns, 'ttl')).toBe('soon gone');
      expect(new Map(await a.entries(ns)).get('ttl-list')).toBe('listed, then gone');
      await backend.advance(350);
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
      expect(await a.add(ns, 'claim/ttl', 'first', 50)).toBe(true);
      expect(await b.add(ns, 'claim/ttl', 'early', 50)).toBe(false);
      await backend.advance(120);
      expect(await b.add(ns, 'claim/ttl', 'second', 60_000)).toBe(true);
      expect(await a.get(ns, 'claim/ttl')).toBe('second');
    });

    it('purges expired entries of one namespace, keeping live ones', async () => {
      const other = `${ns}-keep`;
      await a.set(ns, 'purge/old', 1, 50);
      await a.set(ns, 'purge/live', 2, 600_000);
      await a.set(other, 'purge/old', 3, 50);
      await backend.advance(120);
      // Redis expires keys itself, so there is nothing left for it to purge.
      expect(await a.purgeExpired(ns)).toBe(backend.name === 'redis' ? 0 : 1);
      expect(await a.get(ns, 'purge/live')).toBe(2);
      expect(await a.purgeExpired(ns)).toBe(0);
      await a.delete(ns, 'purge/live');
      await a.purgeExpired(other);
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

  it('lists a small namespace quickly beside 50,000 keys in another, and skips keys that are not values', async () => {
    // The digest job lists subscriptions beside every delivery record; listing must not read those.
    const sibling = Array.from({ length: 50_000 }, (_, i) => `${name}::${name}:deliveries:k${i}`);
    const row = JSON.stringify({ value: { posted: true } });
    await store.set('subscriptions', 'C1', { time: '08:00' });
    await store.set('subscriptions', 'C2', { time: '09:00' });
    // Not a string (MGET answers null for it, as for a key that expired after SCAN): skipped.
    await redis.hSet(`${name}::${name}:subscriptions:odd`, 'f', 'v');
    try {
      for (let i = 0; i < sibling.length; i += 5000) await redis.mSet(sibling.slice(i, i + 5000).map((key) => [key, row] as [string, string]));
      await store.ping(); // connected before the clock starts
      const started = performance.now();
      const listed = await store.entries('subscriptions');
      const elapsed = performance.now() - started;
      expect(listed.sort()).toEqual([['C1', { time: '08:00' }], ['C2', { time: '09:00' }]]);
      // A guard against reading every key (about 1.3 s here before), not a benchmark.
      expect(elapsed).toBeLessThan(500);
    } finally {
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
