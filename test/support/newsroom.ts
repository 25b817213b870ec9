// Test builders: a real newsroom (content from test/fixtures/content, a memory store, a fixed
// clock) behind a real Dispatcher, and invocations for the usual people.
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { commands as allCommands } from '../../commands';
import type { NewsroomCommand } from '../../commands/context';
import type { Clock, Invocation, Logger } from '../../src/core/context';
import { Dispatcher } from '../../src/core/dispatcher';
import { openNewsroom, type OpenedNewsroom } from '../../src/open-newsroom';
import { withDigestDesk } from '../../src/schedule/desk';
import { MemoryStore } from '../../src/store/memory';
import type { Store } from '../../src/store/store';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const FIXTURE_CONTENT = fileURLToPath(new URL('../fixtures/content', import.meta.url));
export const SEED_SLUG = 'kim-jong-un-arrives-in-russia';

export const silentLogger: Logger = pino({ level: 'silent' });

/** A clock that stands still until a test moves it. */
export class TestClock implements Clock {
  constructor(private current = new Date('2024-07-01T12:00:00Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  set(date: Date | string): void {
    this.current = new Date(date);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** As main.ts does: the digest desk behind /digest. */
export function withDigests(opened: OpenedNewsroom) {
  return withDigestDesk(opened, { defaultTimezone: 'UTC', catchupMs: 6 * 3_600_000 });
}

export interface TestBot {
  readonly newsroom: OpenedNewsroom;
  readonly dispatcher: Dispatcher;
  readonly store: Store;
  readonly clock: TestClock;
}

export async function buildTestBot(options: { store?: Store; commands?: readonly NewsroomCommand[]; contentDir?: string; logger?: Logger } = {}): Promise<TestBot> {
  const clock = new TestClock();
  const store = options.store ?? new MemoryStore(clock);
  const opened = await openNewsroom({ contentDir: options.contentDir ?? FIXTURE_CONTENT, store, logger: options.logger ?? silentLogger, clock });
  const newsroom = withDigests(opened);
  return { newsroom, dispatcher: new Dispatcher(newsroom, options.commands ?? allCommands), store, clock };
}

export function reader(overrides: Partial<Invocation> = {}): Invocation {
  return {
    platform: 'console',
    workspaceId: 'newsroom-test',
    channelId: 'general',
    user: { id: 'U-reader', name: 'Reader', isModerator: false },
    ...overrides,
  };
}

export function moderator(overrides: Partial<Invocation> = {}): Invocation {
  return reader({ user: { id: 'U-mod', name: 'Moderator Mo', isModerator: true }, ...overrides });
}
