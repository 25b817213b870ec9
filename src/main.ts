// The composition root: config -> logger -> store -> newsroom -> dispatcher -> adapters.
// With no platform credentials, the local console shell runs instead.
import { ConsoleShell } from './adapters/console/shell';
import { createDiscordAdapter } from './adapters/discord';
import { createSlackAdapter } from './adapters/slack';
import { commands } from '../commands';
import { ConfigError, loadConfig } from './config';
import type { Adapter } from './core/adapter';
import { Dispatcher } from './core/dispatcher';
import { createLogger } from './logger';
import { openNewsroom } from './newsroom/open';
import { openStore } from './store/open';

async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 78; // EX_CONFIG
    }
    throw error;
  }
  const consoleOnly = !config.slack && !config.discord;
  // In the shell, info logs would interleave with replies on the terminal: warn unless asked.
  const logger = createLogger(config.logLevel ?? (consoleOnly ? 'warn' : 'info'));
  const store = await openStore(config.storeUrl);
  const newsroom = await openNewsroom({ contentDir: config.contentDir, store, logger });
  const dispatcher = new Dispatcher(newsroom, commands);

  const adapters: Adapter[] = [];
  if (consoleOnly) {
    const shell = new ConsoleShell({ dispatcher, input: process.stdin, output: process.stdout, interactive: process.stdin.isTTY === true });
    adapters.push(shell);
    await shell.start();
    await store.close();
    return 0;
  }

  if (config.slack) adapters.push(await createSlackAdapter({ config: config.slack, dispatcher, newsroom }));
  if (config.discord) adapters.push(await createDiscordAdapter({ config: config.discord, dispatcher, newsroom }));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await Promise.allSettled(adapters.map((a) => a.stop()));
    await store.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  for (const adapter of adapters) await adapter.start();
  logger.info({ adapters: adapters.map((a) => a.platform) }, 'newsroom bot running');
  // Keep running until a signal: the adapters' servers and sockets hold the event loop open.
  return new Promise<number>(() => undefined);
}

process.on('unhandledRejection', (reason) => {
  process.stderr.write(`unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}\n`);
});

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`newsroom bot could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
