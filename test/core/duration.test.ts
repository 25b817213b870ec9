import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/core/duration';

describe('parseDuration', () => {
  it('takes a unit, one meaning everywhere', () => {
    expect(parseDuration('1500ms')).toBe(1500);
    expect(parseDuration('10s')).toBe(10_000);
    expect(parseDuration('1.5 m')).toBe(90_000);
    expect(parseDuration('6h')).toBe(6 * 3_600_000);
    expect(parseDuration('2 Hours')).toBe(2 * 3_600_000);
    expect(parseDuration('1d')).toBe(86_400_000);
    expect([parseDuration('10'), parseDuration('soon'), parseDuration('-5s'), parseDuration('5 parsecs')]).toEqual([undefined, undefined, undefined, undefined]);
  });
});
