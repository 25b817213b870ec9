import { describe, expect, it } from 'vitest';
import { Pacer } from '../../src/schedule/pacer';
import { ManualClock } from './support';

describe('Pacer', () => {
  it('lets callers through evenly at the rate, and a pause holds everyone without wasting turns', async () => {
    const clock = new ManualClock('2024-03-11T12:00:00Z');
    const start = clock.now().getTime();
    const pacer = new Pacer(10, clock, async (ms) => clock.advance(ms));
    const times: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        await pacer.turn();
        times.push(clock.now().getTime() - start);
        if (i === 9) pacer.pause(5_000);
      }),
    );
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(times).toHaveLength(20);
    expect(gaps.slice(0, 9).every((g) => g === 100)).toBe(true); // 10 per second
    expect(gaps[9]).toBe(5_000); // the 429's wait, once
    expect(gaps.slice(10).every((g) => g === 100)).toBe(true);
  });
});
