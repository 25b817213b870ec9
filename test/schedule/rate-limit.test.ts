// Issue 16 (5): replicas on one store keep to one platform rate together, and a 429 one of them
// sees pauses the others. Virtual time: sleeping moves the injected clock, earliest waker first.
import { describe, expect, it } from 'vitest';
import { SharedPacer } from '../../src/schedule/rate-limit';
import { MemoryStore } from '../../src/store/memory';
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
});
