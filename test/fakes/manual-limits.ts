// Store-call limits (src/store/keyv.ts CallLimit) that pass only when the test says so: "the store
// did not answer in time" becomes an event of the test instead of a race against the wall clock.
import type { CallLimit } from '../../src/store/keyv';

export class ManualLimits {
  private readonly pending = new Set<() => void>();
  readonly limit: CallLimit = () => {
    let fire!: () => void;
    const expired = new Promise<void>((resolve) => (fire = resolve));
    this.pending.add(fire);
    return { expired, cancel: () => this.pending.delete(fire) };
  };

  /** Calls in flight now. */
  get inFlight(): number {
    return this.pending.size;
  }

  /** The limit passes for every call in flight: each caller gets StoreUnavailableError. */
  expireAll(): void {
    const fires = [...this.pending];
    this.pending.clear();
    for (const fire of fires) fire();
  }
}
