// A store that stalls, for the "saved or unknown, never failed-but-applied" tests: wraps a real
// store; while stalled, each call waits. `expire()` is the store-call limit passing (the caller
// gets StoreUnavailableError, as KeyvStore reports its timeout) while the call itself stays in
// flight; `release()` lets the held calls reach the wrapped store, in order, applied even if their
// callers already gave up. No timers: the test says when the limit passes and when the store answers.
import { StoreUnavailableError } from '../../src/core/errors';
import type { Store } from '../../src/store/store';

type Op = 'get' | 'set' | 'delete' | 'add' | 'entries';

interface Held {
  readonly op: Op;
  readonly run: () => Promise<unknown>;
  readonly settle: (result: { value?: unknown; error?: unknown }) => void;
  given: boolean;
}

export class StallingStore implements Store {
  private stalled = new Set<Op>();
  private readonly held: Held[] = [];
  private readonly waiters: Array<() => void> = [];

  constructor(readonly inner: Store) {}

  /** From now on these operations wait (default: every operation). */
  stall(ops: readonly Op[] = ['get', 'set', 'delete', 'add', 'entries']): void {
    this.stalled = new Set(ops);
  }

  /** How many calls are waiting, by operation. */
  waiting(op?: Op): number {
    return this.held.filter((h) => !h.given && (!op || h.op === op)).length;
  }

  /** Resolves once `count` calls of `op` are waiting. */
  async whenWaiting(op: Op, count = 1): Promise<void> {
    while (this.waiting(op) < count) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** The store-call limit passes for every waiting call: the callers get "unavailable"; the calls stay in flight. */
  expire(): void {
    for (const h of this.held) {
      if (h.given) continue;
      h.given = true;
      h.settle({ error: new StoreUnavailableError(new Error('store call timed out after 3000 ms')) });
    }
  }

  /** The store answers again: every held call reaches the wrapped store, in order; callers still waiting get the answer. */
  async release(): Promise<void> {
    this.stalled.clear();
    for (const h of this.held.splice(0)) {
      try {
        const value = await h.run();
        if (!h.given) h.settle({ value });
      } catch (error) {
        if (!h.given) h.settle({ error });
      }
    }
  }

  private through<T>(op: Op, run: () => Promise<T>): Promise<T> {
    if (!this.stalled.has(op)) return run();
    return new Promise<T>((resolve, reject) => {
      this.held.push({ op, run, given: false, settle: ({ value, error }) => (error !== undefined ? reject(error) : resolve(value as T)) });
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  get<T>(namespace: string, key: string): Promise<T | undefined> {
    return this.through('get', () => this.inner.get<T>(namespace, key));
  }
  set<T>(namespace: string, key: string, value: T, ttlMs?: number): Promise<void> {
    return this.through('set', () => this.inner.set(namespace, key, value, ttlMs));
  }
  delete(namespace: string, key: string): Promise<boolean> {
    return this.through('delete', () => this.inner.delete(namespace, key));
  }
  entries<T>(namespace: string): Promise<Array<[string, T]>> {
    return this.through('entries', () => this.inner.entries<T>(namespace));
  }
  add<T>(namespace: string, key: string, value: T, ttlMs?: number): Promise<boolean> {
    return this.through('add', () => this.inner.add(namespace, key, value, ttlMs));
  }
  purgeExpired(namespace: string): Promise<number> {
    return this.inner.purgeExpired(namespace);
  }
  ping(): Promise<void> {
    return this.inner.ping();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
