// Keeps posts to one platform under its rate limit: callers queue, one is let through per interval,
// and a 429 pauses the queue for everyone. Nobody holds a reserved turn while waiting, so a pause
// wastes no turns. Hand-written (about 40 lines) because no declared dependency paces by time with
// an injectable clock; p-queue is only present as a transitive dependency.
import type { Clock } from '../core/context';

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export class Pacer {
  private readonly intervalMs: number;
  private readonly waiting: Array<() => void> = [];
  private pumping = false;
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
  turn(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      if (!this.pumping) void this.pump();
    });
  }

  /** The platform asked us to wait: nobody posts before then. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now().getTime() + ms);
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.waiting.length > 0) {
        const now = this.clock.now().getTime();
        const at = Math.max(this.nextTurn, this.pausedUntil);
        if (at > now) {
          await this.sleep(at - now);
          continue;
        }
        // A slightly late timer keeps the beat (the average stays at the rate); after idling or a
        // long stall the beat restarts from now, so no burst makes up for lost time.
        this.nextTurn = (now - at > this.intervalMs ? now : at) + this.intervalMs;
        this.waiting.shift()!();
        // Let the caller start its request before the next wait is measured.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      this.pumping = false;
    }
  }
}
