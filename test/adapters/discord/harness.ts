// A running bot for a test: the real DiscordBot on the real discord.js client, logged in to a
// fake Discord on loopback, over the real newsroom (content/ articles, in-memory store, digests).
import { commands as allCommands } from '../../../commands';
import type { NewsroomCommand } from '../../../commands/context';
import type { Logger } from '../../../src/core/context';
import { DiscordBot, type DiscordSettings } from '../../../src/adapters/discord/bot';
import { openStore } from '../../../src/store/open';
import type { Store } from '../../../src/store/store';
import { FakeDiscord, type FakeDiscordOptions } from '../../fakes/discord';
import { composeTestBot } from '../../support/newsroom';

export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly msg: string;
  readonly fields: Record<string, unknown>;
}

/** A Logger that keeps what it is told, so tests can check the log lines an operator would see. */
export function recordingLogger(lines: LogLine[] = [], bindings: Record<string, unknown> = {}): Logger & { lines: LogLine[] } {
  const at =
    (level: LogLine['level']) =>
    (objOrMsg: object | string, msg?: string): void => {
      if (typeof objOrMsg === 'string') lines.push({ level, msg: objOrMsg, fields: bindings });
      else lines.push({ level, msg: msg ?? '', fields: { ...bindings, ...objOrMsg } });
    };
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more) => recordingLogger(lines, { ...bindings, ...more }),
  };
}

export interface RunningBot {
  readonly fake: FakeDiscord;
  readonly bot: DiscordBot;
  readonly store: Store;
  readonly logger: ReturnType<typeof recordingLogger>;
  close(): Promise<void>;
}

export async function startBot(
  options: { fake?: FakeDiscordOptions; settings?: Partial<DiscordSettings>; deferAfterMs?: number; store?: Store; contentDir?: string; commands?: readonly NewsroomCommand[] } = {},
): Promise<RunningBot> {
  const fake = await FakeDiscord.start(options.fake);
  const logger = recordingLogger();
  const store = options.store ?? (await openStore('memory://'));
  const { newsroom, dispatcher } = await composeTestBot({ store, logger, contentDir: options.contentDir ?? 'content', commands: options.commands ?? allCommands });
  const config: DiscordSettings = { token: options.fake?.token ?? 'fake-token', apiUrl: fake.apiUrl, moderatorRoleIds: [], ...options.settings };
  const bot = new DiscordBot({ config, dispatcher, newsroom, ...(options.deferAfterMs !== undefined && { deferAfterMs: options.deferAfterMs }) });
  try {
    await bot.start();
  } catch (error) {
    await fake.close();
    throw error;
  }
  return {
    fake,
    bot,
    store,
    logger,
    async close() {
      await bot.stop();
      await fake.close();
      await store.close();
    },
  };
}
