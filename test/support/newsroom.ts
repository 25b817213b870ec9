// Test builders: a real newsroom (content from test/fixtures/content, a memory store, a fixed
// clock) behind a real Dispatcher, composed as every role composes it (src/compose.ts, role
// "test"), and invocations for the usual people.
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { commands as allCommands } from '../../commands';
import type { NewsroomCommand } from '../../commands/context';
import { type Bot, composeBot } from '../../src/compose';
import { type Config, parseConfig } from '../../src/config';
import type { Clock, Invocation, Logger } from '../../src/core/context';
import type { Dispatcher } from '../../src/core/dispatcher';
import type { OpenedNewsroom } from '../../src/open-newsroom';
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

/** The configuration tests compose with: the fixture content, a memory store, ingested articles kept forever. */
export function testConfig(env: Record<string, string | undefined> = {}): Config {
  return parseConfig({ STORE_URL: 'memory://', CONTENT_DIR: FIXTURE_CONTENT, INGEST_RETENTION_DAYS: '0', ...env });
}

/** The bot as every role composes it, for a test: its own store, clock, logger and commands. */
export function composeTestBot(options: { store: Store; clock?: Clock; logger?: Logger; contentDir?: string; commands?: readonly NewsroomCommand[] }): Promise<Bot> {
  return composeBot(testConfig({ CONTENT_DIR: options.contentDir ?? FIXTURE_CONTENT }), {
    role: 'test',
    store: options.store,
    logger: options.logger ?? silentLogger,
    ...(options.clock && { clock: options.clock }),
    ...(options.commands && { commands: options.commands }),
  });
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
  const { newsroom, dispatcher } = await composeTestBot({ store, clock, commands: options.commands ?? allCommands, ...(options.contentDir && { contentDir: options.contentDir }), ...(options.logger && { logger: options.logger }) });
  return { newsroom, dispatcher, store, clock };
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
