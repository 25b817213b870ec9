// One contract, every backend: the same cases run against memory, SQLite (a temp file), Redis and
// PostgreSQL. Redis and PostgreSQL cases skip on a laptop without them (see test/support/services).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
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
    async open() {
      const url = `sqlite://${join(dir, 'contract.sqlite')}`;
      return [await openStore(url), await openStore(url)];
    },
    advance: fakeDateForward,
  },
  {
    name: 'redis',
    up: redisUp,
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
