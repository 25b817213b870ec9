// The test clock alone (./support.ts re-exports it), for tests that build no articles.
import type { Clock } from '../../src/core/context';

export class ManualClock implements Clock {
  private current: number;
  constructor(start: Date | string) {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(date: Date | string): void {
    this.current = new Date(date).getTime();
  }
  advance(ms: number): void {
    this.current += ms;
  }
}
