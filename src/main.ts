// The composition root: config -> logger -> store -> newsroom -> dispatcher -> adapters -> jobs.
// With no platform credentials, the local console shell runs instead.
import { pathToFileURL } from 'node:url';
import { ConsoleShell } from './adapters/console/shell';
import { commands } from '../commands';
import { type Config, ConfigError, loadConfig } from './config';
import type { Adapter } from './core/adapter';
import type { Logger } from './core/context';
import { Dispatcher } from './core/dispatcher';
import { createLogger } from './logger';
import { openNewsroom } from './open-newsroom';
import { type OpsRoute, opsRoutes, type ReadinessReport, startOpsServer } from './ops/server';
import { CronRunner, StoreRunCoordinator } from './schedule/cron';
import { withDigestDesk } from './schedule/desk';
import { DigestScheduler } from './schedule/digests';
import { openStore } from './store/open';

export interface RunningBot {
  readonly dispatcher: Dispatcher;
  readonly adapters: readonly Adapter[];
  /** Resolves when the bot has nothing more to do by itself (the console's input ended). */
  readonly finished: Promise<void>;
  /** The port serving /healthz, /readyz and /metrics, when OPS_PORT is set. */
  readonly opsPort: number | undefined;
  /** Stops taking work, lets in-flight work finish (bounded), then closes everything. */
  stop(reason: string): Promise<void>;
}

/** Where the console shell reads and writes (process stdio, or streams in a test). */
export interface ShellStdio {
  readonly input: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly output: NodeJS.WritableStream;
}

export async function startBot(config: Config, logger: Logger, stdio: ShellStdio = { input: process.stdin, output: process.stdout }): Promise<RunningBot> {
  // Metrics are kept only where /metrics is served: in the console without OPS_PORT nothing would
  // read them, and loading prom-client is a tenth of the console's start-up.
  const consoleOnly = !config.slack && !config.discord;
  const metrics = consoleOnly && config.opsPort === undefined ? undefined : new (await import('./ops/metrics')).Metrics();
  const store = await openStore(config.storeUrl);
  const opened = await openNewsroom({ contentDir: config.contentDir, store, logger, meter: metrics, feedsAllowPrivate: config.feedsAllowPrivate, ingestRetentionDays: config.ingestRetentionDays });
  const newsroom = withDigestDesk(opened, { defaultTimezone: config.digestTimezone, catchupMs: config.digestCatchupMs });
  const dispatcher = new Dispatcher(newsroom, commands);
  if (metrics) dispatcher.observe((record) => metrics.recordCommand(record));

  const readiness = async (): Promise<ReadinessReport> => {
    const checks: Record<string, string> = {};
    checks.store = await store.ping().then(
      () => 'ok',
      (error: unknown) => `unreachable: ${(error as Error).message}`,
    );
    for (const adapter of adapters) checks[adapter.platform] = adapter.isReady?.() === false ? 'not connected' : 'ok';
    return { ready: Object.values(checks).every((c) => c === 'ok'), checks };
  };
  const routes: OpsRoute[] = metrics ? opsRoutes({ metrics, readiness, logger }) : [];

  // Cleanup runs in reverse order of start-up: adapters stop taking work first, the store closes last.
  const cleanups: Array<() => Promise<void>> = [() => store.close()];
  // Feeds poll in every mode; their timers never hold the process open, and stop() aborts fetches.
  await newsroom.feeds.start();
  cleanups.push(() => newsroom.feeds.stop());
  const adapters: Adapter[] = [];
  let finished: Promise<void>;

  if (consoleOnly) {
    const shell = new ConsoleShell({ dispatcher, input: stdio.input, output: stdio.output, interactive: stdio.input.isTTY === true });
    adapters.push(shell);
    finished = shell.start();
  } else {
    // Without OPS_PORT, health and metrics share Slack's HTTP port (HTTP mode only).
    const slackRoutes = config.opsPort === undefined ? { opsRoutes: routes } : {};
    // Each platform's SDK loads only when it runs (discord.js and Bolt cost ~0.5 s of CPU each to load).
    if (config.slack) {
      const { createSlackAdapter } = await import('./adapters/slack');
      adapters.push(await createSlackAdapter({ config: config.slack, dispatcher, newsroom, ...slackRoutes }));
    }
    if (config.discord) {
      const { createDiscordAdapter } = await import('./adapters/discord');
      adapters.push(await createDiscordAdapter({ config: config.discord, dispatcher, newsroom }));
    }
    for (const adapter of adapters) await adapter.start();
    finished = new Promise<void>(() => undefined); // platform adapters run until a signal
  }
  cleanups.push(async () => {
    await Promise.allSettled(adapters.map((a) => a.stop()));
  });

  let opsPort: number | undefined;
  if (config.opsPort !== undefined) {
    const ops = await startOpsServer(config.opsPort, routes);
    opsPort = ops.port;
    logger.info({ port: ops.port }, 'health and metrics at /healthz /readyz /metrics');
    cleanups.push(() => ops.close());
  }
  // Digests post through each adapter's outbound port; started after the adapters, stopped before them.
  const posters = Object.fromEntries(adapters.flatMap((a) => (a.outbound ? [[a.platform, a.outbound] as const] : [])));
  const digests = new DigestScheduler({ newsroom, posters, catchupMs: config.digestCatchupMs });
  const cron = new CronRunner({ logger, coordinator: new StoreRunCoordinator(store, digests.owner) });
  cron.add(digests.job);
  cron.add(digests.sweepJob);
  await cron.start();
  void digests.tick(); // digests missed while the bot was down
  cleanups.push(async () => {
    await cron.stop();
    await digests.stop();
  });
  logger.info({ adapters: adapters.map((a) => a.platform), articles: newsroom.articles.size }, 'newsroom bot running');

  let stopping: Promise<void> | null = null;
  return {
    dispatcher,
    adapters,
    finished,
    opsPort,
    stop(reason: string) {
      stopping ??= (async () => {
        logger.info({ reason }, 'shutting down');
        // One grace period for everything (digest posts already claimed, commands in flight); past
        // it we close the store and go: an unconfirmed digest then shows as uncertain, never doubled.
        const deadline = Date.now() + config.shutdownGraceMs;
        const withinGrace = async (what: string, work: Promise<unknown>) => {
          let timer: NodeJS.Timeout | undefined;
          const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), Math.max(0, deadline - Date.now()))));
          const outcome = await Promise.race([work.then(() => 'done' as const), late]).catch((error: unknown) => {
            logger.error({ err: error, step: what }, 'error while shutting down');
            return 'failed' as const;
          });
          clearTimeout(timer);
          if (outcome === 'late') logger.warn({ step: what }, 'shutdown grace ran out; going on without it');
        };
        const steps = cleanups.slice(1).reverse();
        for (const [i, cleanup] of steps.entries()) await withinGrace(`step ${i + 1} of ${steps.length}`, cleanup());
        // Everything that takes work has stopped; let commands already running finish.
        const idle = await dispatcher.idle(Math.max(0, deadline - Date.now()));
        if (!idle) logger.warn({ inFlight: dispatcher.inFlight }, 'shutdown grace ran out with commands in flight');
        await cleanups[0]!().catch((error: unknown) => logger.error({ err: error }, 'error while closing the store'));
        logger.info('stopped');
      })();
      return stopping;
    },
  };
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
  const consoleOnly = !config.slack && !config.discord;
  // In the shell, info logs would interleave with replies on the terminal: warn unless asked.
  const logger = createLogger(config.logLevel ?? (consoleOnly ? 'warn' : 'info'));
  // Signal handlers go in before start-up, so a SIGTERM that arrives while starting is not lost.
  let bot: RunningBot | undefined;
  let signalled: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    signalled = signal;
    if (bot) void bot.stop(signal).then(() => process.exit(0));
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  bot = await startBot(config, logger);
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
