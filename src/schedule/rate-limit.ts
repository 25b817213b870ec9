// One rate limit per platform, shared by every replica: each request takes a "beat" (a slot of
// 1/rate seconds) with the store's atomic add, so N replicas together stay under the platform's
// limit, and a 429 seen by one replica pauses them all. Local pacing (Pacer) comes first, so a
// replica never queues on the store; if the store cannot be reached, local pacing alone goes on
// (the platform's own 429s still bound us) rather than stopping every post.
import type { Clock, Logger } from '../core/context';
import type { Store } from '../store/store';
import { Pacer, type Sleep } from './pacer';

/** What the delivery path needs from a rate limiter. */
export interface Turns {
  /** Resolves when the caller may send one request. */
  turn(): Promise<void>;
  /** The platform asked us to wait: nobody posts before then. */
  pause(ms: number): void;
}

const BEATS = 'rate-beats';
/** Beat keys repeat modulo this ring; each expires long before its key comes round again, so the store keeps few rows. */
const RING = 1000;
/** Beats looked at per round before sleeping: enough for many replicas contending at once. */
const LOOK_AHEAD = 50;

export class SharedPacer implements Turns {
  private readonly intervalMs: number;
  private readonly local: Pacer;
  private storeDown = false;

  constructor(
    private readonly platform: string,
    perSecond: number,
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly sleep: Sleep,
    private readonly logger: Logger,
  ) {
    this.intervalMs = 1000 / perSecond;
    this.local = new Pacer(perSecond, clock, sleep);
  }

  async turn(): Promise<void> {
    await this.local.turn();
    try {
      await this.sharedTurn();
      if (this.storeDown) this.logger.info({ platform: this.platform }, 'rate limit: store back; pacing is shared again');
      this.storeDown = false;
    } catch (error) {
      if (!this.storeDown) this.logger.warn({ err: error, platform: this.platform }, 'rate limit: store unreachable; pacing this replica alone');
      this.storeDown = true;
    }
  }

  pause(ms: number): void {
    this.local.pause(ms);
    const until = this.clock.now().getTime() + ms;
    this.store.set(BEATS, `${this.platform}:pause`, until, ms).catch((error: unknown) => this.logger.warn({ err: error, platform: this.platform }, 'rate limit: could not share a pause'));
  }

  private async sharedTurn(): Promise<void> {
    for (;;) {
      const now = this.clock.now().getTime();
      const pausedUntil = (await this.store.get<number>(BEATS, `${this.platform}:pause`)) ?? 0;
      if (pausedUntil > now) {
        await this.sleep(pausedUntil - now);
        continue;
      }
      const first = Math.floor(now / this.intervalMs);
      for (let beat = first; beat < first + LOOK_AHEAD; beat++) {
        const expiresIn = (beat + 1 + RING / 10) * this.intervalMs - now;
        if (await this.store.add(BEATS, `${this.platform}:${beat % RING}`, beat, Math.ceil(expiresIn))) {
          const at = beat * this.intervalMs;
          if (at > now) await this.sleep(at - now);
          return;
        }
      }
      await this.sleep(LOOK_AHEAD * this.intervalMs);
    }
  }
}
