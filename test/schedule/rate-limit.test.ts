// Issue 16 (5): replicas on one store keep to one platform rate together, and a 429 one of them
// sees pauses the others. Virtual time: sleeping moves the injected clock, earliest waker first.
import { describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/core/errors';
import { SharedPacer } from '../../src/schedule/rate-limit';
import { MemoryStore } from '../../src/store/memory';
import type { Store } from '../../src/store/store';
import { ManualClock, quietLogger } from './support';

class VirtualTime {
  private readonly sleepers: Array<{ at: number; wake: () => void }> = [];
  constructor(readonly clock: ManualClock) {}
  sleep = (ms: number) => new Promise<void>((wake) => this.sleepers.push({ at: this.clock.now().getTime() + Math.max(0, ms), wake }));
  /** Runs until nobody is waiting on time. */
  async run(): Promise<void> {
    for (;;) {
      for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.sleepers.length === 0) return;
      this.sleepers.sort((a, b) => a.at - b.at);
      const next = this.sleepers.shift()!;
      if (next.at > this.clock.now().getTime()) this.clock.set(new Date(next.at));
      next.wake();
    }
  }
}

function replicas(count: number, perSecond: number) {
  const clock = new ManualClock('2024-03-10T08:00:00Z');
  const store = new MemoryStore(clock);
  const time = new VirtualTime(clock);
  const pacers = Array.from({ length: count }, () => new SharedPacer('slack', perSecond, store, clock, time.sleep, quietLogger));
  return { clock, time, pacers };
}

/** Most grants in any window of `ms`. */
function busiest(times: number[], ms: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return Math.max(...sorted.map((t, i) => sorted.filter((u, j) => j >= i && u < t + ms).length));
}

describe('one rate limit shared by all replicas', () => {
  it('three replicas posting at once stay within the platform rate together', async () => {
    const { clock, time, pacers } = replicas(3, 10);
    const granted: number[] = [];
    const all = Promise.all(pacers.flatMap((p) => Array.from({ length: 20 }, async () => {
      await p.turn();
      granted.push(clock.now().getTime());
    })));
    await time.run();
    await all;
    expect(granted).toHaveLength(60);
    expect(busiest(granted, 1000)).toBeLessThanOrEqual(10);
  });

  it('a 429 seen by one replica pauses the others', async () => {
    const { clock, time, pacers } = replicas(2, 10);
    const [a, b] = pacers as [SharedPacer, SharedPacer];
    const start = clock.now().getTime();
    await Promise.all([a.turn(), time.run()]);
    a.pause(5_000);
    const granted: number[] = [];
    const later = b.turn().then(() => granted.push(clock.now().getTime() - start));
    await time.run();
    await later;
    expect(granted[0]).toBeGreaterThanOrEqual(5_000);
  });

  it('while the store is down, turns go on by local pacing with no store round trip, and one probe per backoff finds it back', async () => {
    const clock = new ManualClock('2024-03-10T08:00:00Z');
    const memory = new MemoryStore(clock);
    const time = new VirtualTime(clock);
    let down = true;
    let calls = 0;
    const flaky: Store = Object.create(memory);
    for (const op of ['get', 'set', 'add'] as const) {
      (flaky as unknown as Record<string, unknown>)[op] = async (...args: unknown[]) => {
        calls++;
        if (down) throw new StoreUnavailableError(new Error('store call timed out after 3000 ms'));
        return (memory[op] as (...a: unknown[]) => Promise<unknown>).apply(memory, args);
      };
    }
    const pacer = new SharedPacer('discord', 10, flaky, clock, time.sleep, quietLogger);
    const granted: number[] = [];
    const start = clock.now().getTime();
    const turns = (n: number) => Promise.all(Array.from({ length: n }, async () => {
      await pacer.turn();
      granted.push(clock.now().getTime() - start);
    }));
    // 100 turns at 10/s: 10 s of virtual time with the store down.
    let all = turns(100);
    await time.run();
    await all;
    expect(granted).toHaveLength(100);
    expect(busiest(granted, 1000)).toBeLessThanOrEqual(10); // local pacing still holds the rate
    // Probes at 0, 1, 3, 7 s (backoff 1, 2, 4, 8 s): a handful of store calls, not one or more per turn.
    expect(calls).toBeLessThanOrEqual(5);
    expect(pacer.alone).toBe(true);
    // The store comes back: the next probe after the backoff shares pacing again.
    down = false;
    calls = 0;
    all = turns(100);
    await time.run();
    await all;
    expect(pacer.alone).toBe(false);
    expect(calls).toBeGreaterThan(50); // shared turns again: each takes a beat in the store
  });

  it('a pause while the store is down is kept locally and not written to the store', async () => {
    const clock = new ManualClock('2024-03-10T08:00:00Z');
    const time = new VirtualTime(clock);
    let writes = 0;
    const down: Store = Object.create(new MemoryStore(clock));
    down.get = async () => {
      throw new StoreUnavailableError(new Error('The client is offline'));
    };
    down.set = async () => {
      writes++;
      throw new StoreUnavailableError(new Error('The client is offline'));
    };
    const pacer = new SharedPacer('discord', 10, down, clock, time.sleep, quietLogger);
    await Promise.all([pacer.turn(), time.run()]);
    const start = clock.now().getTime();
    pacer.pause(5_000);
    const later = pacer.turn().then(() => clock.now().getTime() - start);
    await time.run();
    expect(await later).toBeGreaterThanOrEqual(5_000);
    expect(writes).toBe(0);
  });
});
