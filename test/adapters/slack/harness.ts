// A real Slack adapter (real Bolt, real Dispatcher, real newsroom on the fixture content) wired to a
// fake Slack on loopback, listening on an ephemeral port. Tests add commands to see error paths.
import pino from 'pino';
import { commands as allCommands } from '../../../commands';
import { createSlackAdapter, type SlackAdapter } from '../../../src/adapters/slack';
import type { NewsroomCommand } from '../../../commands/context';
import { type Clock, systemClock } from '../../../src/core/context';
import type { Dispatcher } from '../../../src/core/dispatcher';
import { MemoryStore } from '../../../src/store/memory';
import type { Store } from '../../../src/store/store';
import { FakeSlack } from '../../fakes/slack';
import { postSlashCommand, type SlashCommandFields } from '../../fakes/slack-request';
import { composeTestBot } from '../../support/newsroom';

export const SECRET = 'test-signing-secret-0123456789';

export interface Harness {
  readonly slack: FakeSlack;
  readonly adapter: SlackAdapter;
  readonly url: string;
  readonly dispatcher: Dispatcher;
  send(fields: SlashCommandFields, sign?: { timestamp?: number; signature?: string | null; contentType?: string }): ReturnType<typeof postSlashCommand>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly extraCommands?: readonly NewsroomCommand[];
  readonly moderatorIds?: readonly string[];
  readonly socketMode?: boolean;
  readonly ackBudgetMs?: number;
  readonly clock?: Clock;
  readonly slack?: FakeSlack;
  readonly store?: Store;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const slack = options.slack ?? (await new FakeSlack().start());
  const logger = pino({ level: 'silent' });
  const clock = options.clock ?? systemClock;
  const { newsroom, dispatcher } = await composeTestBot({ store: options.store ?? new MemoryStore(clock), logger, clock, commands: [...allCommands, ...(options.extraCommands ?? [])] });
  const adapter = await createSlackAdapter({
    config: {
      botToken: 'xoxb-test-token',
      signingSecret: SECRET,
      ...(options.socketMode && { appToken: 'xapp-test-token' }),
      port: 0,
      apiUrl: slack.apiUrl,
      moderatorIds: options.moderatorIds ?? [],
    },
    dispatcher,
    newsroom,
    host: '127.0.0.1',
    ...(options.ackBudgetMs !== undefined && { ackBudgetMs: options.ackBudgetMs }),
  });
  await adapter.start();
  const url = `http://127.0.0.1:${adapter.port ?? 0}/slack/events`;
  return {
    slack,
    adapter,
    url,
    dispatcher,
    send: (fields, sign = {}) => postSlashCommand(url, { response_url: slack.responseUrl('r'), ...fields }, { secret: SECRET, ...sign }),
    async close() {
      await adapter.stop();
      if (!options.slack) await slack.stop();
    },
  };
}

/** Every text string anywhere in a Slack payload, for "nothing here can ping" checks. */
export function allText(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allText);
  if (value && typeof value === 'object') return Object.values(value).flatMap(allText);
  return [];
}

/** Slack's mention syntax: <!channel>, <!here>, <!everyone>, <@U…>, <#C…>, <!subteam^…>. */
export const PING = /<[!@#]/;
