// Builders for the feed tests: a temp content folder (the real notice and articles, plus a
// feeds.yaml), a clock the test moves, a logger that keeps what it was told, a store that can go
// down, and the poller's timer fired by hand.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock, Logger } from '../../src/core/context';
import { StoreUnavailableError } from '../../src/core/errors';
import type { Store } from '../../src/store/store';

export const REPO = join(import.meta.dirname, '..', '..');

export function contentDir(feedsYaml?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'newsroom-feeds-'));
  cpSync(join(REPO, 'content', 'notices'), join(dir, 'notices'), { recursive: true });
  cpSync(join(REPO, 'content', 'articles'), join(dir, 'articles'), { recursive: true });
  if (feedsYaml !== undefined) writeFileSync(join(dir, 'feeds.yaml'), feedsYaml);
  return dir;
}

export class TestClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface LogRecord {
  readonly level: string;
  readonly msg: string;
  readonly fields: Record<string, unknown>;
}

/** A Logger that records every line with its bindings (feed name, url) merged in. */
export function recordingLogger(records: LogRecord[] = [], bindings: Record<string, unknown> = {}): Logger & { records: LogRecord[] } {
  const at =
    (level: string) =>
    (obj: object | string, msg?: string): void => {
      const fields = typeof obj === 'string' ? {} : (obj as Record<string, unknown>);
      records.push({ level, msg: typeof obj === 'string' ? obj : (msg ?? ''), fields: { ...bindings, ...fields } });
    };
  return {
    records,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more) => recordingLogger(records, { ...bindings, ...more }),
  };
}

export const moderator = { platform: 'console' as const, workspaceId: 'w1', channelId: 'c1', user: { id: 'mod', name: 'Mo Derator', isModerator: true } };
export const reader = { platform: 'console' as const, workspaceId: 'w1', channelId: 'c1', user: { id: 'reader', name: 'Rea Der', isModerator: false } };

/** A real store; while `down`, every call fails the way an unreachable backend's does. */
export function outageStore(store: Store): Store & { down: boolean } {
  const flaky = { down: false } as Store & { down: boolean };
  for (const method of ['get', 'set', 'delete', 'entries', 'add', 'purgeExpired', 'ping'] as const) {
    const real = (store[method] as (...args: unknown[]) => Promise<unknown>).bind(store);
    (flaky as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => (flaky.down ? Promise.reject(new StoreUnavailableError(new Error('connection refused'))) : real(...args));
  }
  flaky.close = () => store.close();
  return flaky satisfies Store;
}

/** The poller's timer, fired by hand: `wake` records each arming; `settled(n)` waits for the n-th. */
export function handWakes() {
  const wakes: Array<{ ms: number; run: () => void }> = [];
  return {
    wakes,
    wake: (run: () => void, ms: number) => {
      wakes.push({ ms, run });
      return () => undefined;
    },
    settled: async (count: number) => {
      while (wakes.length < count) await new Promise((r) => setTimeout(r, 10));
    },
  };
}
