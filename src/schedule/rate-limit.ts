// One rate limit per platform, shared by every replica: each request takes a "beat" (a slot of
// 1/rate seconds) with the store's atomic add, so N replicas together stay under the platform's
// limit, and a 429 seen by one replica pauses them all. Local pacing (Pacer) comes first, so a
// replica never queues on the store; if the store cannot be reached, local pacing alone goes on
// (the platform's own 429s still bound us) rather than stopping every post. While the store is
// down no turn waits on it: one turn at a time probes it, after a backoff that doubles (1 s up to
// 30 s), and every other turn goes by local pacing alone without a store round trip.
// Written here rather than with rate-limiter-flexible: the store port already gives the one atomic
// operation this needs (add with a time to live) on every backend the bot runs on, SQLite included,
// and a per-window counter lets a whole window's requests out at once, the burst a sliding-window
// limit like Discord's counts against us; beats space them evenly.
import type { Clock, Logger } from '../core/context';
import type { Store } from '../store/store';
import { Pacer, type Sleep } from './pacer';

/** What the delivery path needs from a rate limiter. */
export interface Turns {
  /** Resolves when the caller may send one request, with the time (our clock, ms) the turn is for. */
  turn(): Promise<number>;
  /** The platform asked us to wait: nobody posts before then. */
  pause(ms: number): void;
  /**
   * How late after its time a turn may still be used. A request sent later than this lands in
   * another replica's turn, and two requests close together are what a sliding-window limit
   * counts as a burst: the caller takes a new turn instead.
   */
  readonly lateMs: number;
}

const BEATS = 'rate-beats';
/** Beat keys repeat modulo this ring; each expires long before its key comes round again, so the store keeps few rows. */
const RING = 1000;
/** Beats looked at per round before sleeping: enough for many replicas contending at once. */
const LOOK_AHEAD = 50;
/** First and longest wait before the store is asked again after it failed. */
const PROBE_FIRST_MS = 1_000;
const PROBE_MAX_MS = 30_000;

export class SharedPacer implements Turns {
  private readonly intervalMs: number;
  private readonly local: Pacer;
  private storeDown = false;
  /** While the store is down: no store call before this (our clock), and one probe at a time. */
  private retryAt = 0;
  private backoffMs = 0;
  private probing = false;

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

  get lateMs(): number {
    return this.intervalMs / 2;
  }

  async turn(): Promise<number> {
    await this.local.turn();
    if (this.storeDown && (this.probing || this.clock.now().getTime() < this.retryAt)) return this.clock.now().getTime(); // local pacing alone
    this.probing = this.storeDown;
    try {
      const at = await this.sharedTurn();
      if (this.storeDown) this.logger.info({ platform: this.platform }, 'rate limit: store back; pacing is shared again');
      this.storeDown = false;
      this.backoffMs = 0;
      return at;
    } catch (error) {
      if (!this.storeDown) this.logger.warn({ err: error, platform: this.platform }, 'rate limit: store unreachable; pacing this replica alone');
      this.storeDown = true;
      this.backoffMs = Math.min(Math.max(PROBE_FIRST_MS, this.backoffMs * 2), PROBE_MAX_MS);
      this.retryAt = this.clock.now().getTime() + this.backoffMs;
      return this.clock.now().getTime();
    } finally {
      this.probing = false;
    }
  }

  /** Whether turns are paced by this replica alone for now (the store could not be reached). */
  get alone(): boolean {
    return this.storeDown;
  }

  pause(ms: number): void {
    this.local.pause(ms);
    if (this.storeDown) return; // other replicas hear the platform's 429s themselves
    const until = this.clock.now().getTime() + ms;
    this.store.set(BEATS, `${this.platform}:pause`, until, ms).catch((error: unknown) => this.logger.warn({ err: error, platform: this.platform }, 'rate limit: could not share a pause'));
  }

  /**
   * Takes the next free beat that starts no more than lateMs ago, and waits for it. A beat whose
   * time has passed by more than lateMs when we get to use it (a slow store, a busy event loop) is
   * let go, and a later one taken: sending in it would crowd the next replica's beat.
   */
  private async sharedTurn(): Promise<number> {
    for (;;) {
      let now = this.clock.now().getTime();
      const pausedUntil = (await this.store.get<number>(BEATS, `${this.platform}:pause`)) ?? 0;
      if (pausedUntil > now) {
        await this.sleep(pausedUntil - now);
        continue;
      }
      now = this.clock.now().getTime();
      const current = Math.floor(now / this.intervalMs);
      const first = now - current * this.intervalMs > this.lateMs ? current + 1 : current;
      let taken: number | undefined;
      for (let beat = first; beat < first + LOOK_AHEAD; beat++) {
        const expiresIn = (beat + 1 + RING / 10) * this.intervalMs - now;
        if (await this.store.add(BEATS, `${this.platform}:${beat % RING}`, beat, Math.ceil(expiresIn))) {
          taken = beat;
          break;
        }
      }
      if (taken === undefined) {
        await this.sleep(LOOK_AHEAD * this.intervalMs);
        continue;
      }
      const at = taken * this.intervalMs;
      const before = this.clock.now().getTime();
      if (at > before) await this.sleep(at - before);
      if (this.clock.now().getTime() - at <= this.lateMs) return at;
      // Too late for this beat (the adds or the wake-up took too long): it goes unused.
    }
  }
}
