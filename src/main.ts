// The bot process (npm start): config -> the bot composed for the "main" role (src/compose.ts) ->
// signals. With no platform credentials, the local console shell runs instead.
import { pathToFileURL } from 'node:url';
import { composeBot, type RunningBot, type ShellStdio } from './compose';
import { type Config, ConfigError, loadConfig } from './config';
import type { Logger } from './core/context';

export type { RunningBot, ShellStdio } from './compose';

/** Composes the bot for the main process and starts it (tests pass their own logger and stdio). */
export async function startBot(config: Config, logger?: Logger, stdio: ShellStdio = { input: process.stdin, output: process.stdout }): Promise<RunningBot> {
  const bot = await composeBot(config, { role: 'main', stdio, ...(logger && { logger }) });
  return bot.start();
}

async function main(): Promise<number> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 78; // EX_CONFIG
    }
    throw error;
  }
  // Signal handlers go in before start-up, so a SIGTERM that arrives while starting is not lost.
  let bot: RunningBot | undefined;
  let signalled: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    signalled = signal;
    if (bot) void bot.stop(signal).then(() => process.exit(0));
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  bot = await startBot(config);
  if (signalled) {
    await bot.stop(signalled);
    return 0;
  }
  await bot.finished;
  await bot.stop('end of input');
  return 0;
}

/** True when this file is the program (npm start), not imported by a test. */
function isEntryPoint(): boolean {
  return process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
}

if (isEntryPoint()) {
  process.on('unhandledRejection', (reason) => {
    process.stderr.write(`unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}\n`);
  });
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`newsroom bot could not start: ${error instanceof Error ? error.message : String(error)}\n`);
      // Exit now: what start-up opened before failing (store connections, timers) would keep us alive.
      process.exit(1);
    },
  );
}
