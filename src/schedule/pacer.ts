// Keeps posts to one platform under its rate limit: evenly spaced turns, and a pause for everyone
// when the platform answers 429. Hand-written (about 30 lines) because no declared dependency
// paces by time with an injectable clock; p-queue is only present as a transitive dependency.
import type { Clock } from '../core/context';

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export class Pacer {
  private readonly intervalMs: number;
  private nextTurn = 0;
  private pausedUntil = 0;

  constructor(
    perSecond: number,
    private readonly clock: Clock,
    private readonly sleep: Sleep,
  ) {
    this.intervalMs = 1000 / perSecond;
  }

  /** Resolves when the caller may send one request. */
  async turn(): Promise<void> {
    for (;;) {
      const now = this.clock.now().getTime();
      const at = Math.max(this.nextTurn, this.pausedUntil, now);
      this.nextTurn = at + this.intervalMs;
      if (at > now) await this.sleep(at - now);
      // A 429 seen while we slept moves everyone back; take a fresh turn after the pause.
      if (this.pausedUntil <= at) return;
    }
  }

  /** The platform asked us to wait: nobody posts before then. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now().getTime() + ms);
  }
}
