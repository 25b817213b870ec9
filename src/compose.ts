// The one place the bot is built, for every role: the main process, a Discord shard process, the
// CLI and the tests. config -> logger -> store -> newsroom (+ digest desk) -> dispatcher (observed by
// the metrics) -> on start(): feeds, the configured platforms' adapters, ops server, scheduler.
// A new service is wired here once, so the roles cannot drift apart.
//
// Start-up stays lazy: prom-client and each platform's SDK load (dynamic import()) only when the
// role needs them, so the console starts in well under a second of CPU.
import { commands as allCommands } from '../commands';
import type { NewsroomCommand } from '../commands/context';
import { platformList } from './adapters';
import { type Config, platformSettings } from './config';
import type { Adapter } from './core/adapter';
import type { Clock, Logger } from './core/context';
import { Dispatcher } from './core/dispatcher';
import { createLogger } from './logger';
import { openNewsroom, type OpenedNewsroom } from './open-newsroom';
import type { Metrics } from './ops/metrics';
import type { OpsRoute, ReadinessReport } from './ops/server';
import { type DigestDesk, withDigestDesk } from './schedule/desk';
import { openStore } from './store/open';
import { archiveUrlFor, openArchive } from './archive/open';
import { joinReplicas, type Replica } from './archive/replicas';
import type { Archive } from './newsroom/archive';
import type { Store } from './store/store';

/**
 * Who the bot is in this process:
 * - main: the bot process (npm start): every configured platform (or the console shell when none
 *   is), the ops server, the digest scheduler;
 * - shard: one Discord shard process under DISCORD_SHARDS: its own gateway connection, feeds and
 *   metrics (read by the manager's /metrics); no scheduler and no ops server (the manager has them);
 * - cli: the newsroom and dispatcher only (the CLI starts nothing);
 * - test: as cli, with a test's store, clock, logger and commands.
 */
export type Role = 'main' | 'shard' | 'cli' | 'test';

/** Where the console shell reads and writes (process stdio, or streams in a test). */
export interface ShellStdio {
  readonly input: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly output: NodeJS.WritableStream;
}

export interface ComposeOptions {
  readonly role: Role;
  /** Default: a pino logger at LOG_LEVEL (warn for the console and the CLI, info otherwise). */
  readonly logger?: Logger;
  /** Default: the store at STORE_URL. */
  readonly store?: Store;
  /** Default: the archive at ARCHIVE_URL, or the one that follows STORE_URL. */
  readonly archive?: Archive;
  readonly clock?: Clock;
  /** Default: every command in commands/index.ts. */
  readonly commands?: readonly NewsroomCommand[];
  /** Default: process stdio (the console shell, main role without platforms). */
  readonly stdio?: ShellStdio;
  /** Keep Prometheus metrics; by default only where something reads them (see needsMetrics). */
  readonly metrics?: boolean;
  /** Role "shard": the platform whose worker this process is (its adapter connects here). */
  readonly shardOf?: string;
}

export type BotNewsroom = OpenedNewsroom & { readonly digests: DigestDesk };

export interface RunningBot {
  readonly dispatcher: Dispatcher;
  readonly adapters: readonly Adapter[];
  /** Resolves when the bot has nothing more to do by itself (the console's input ended). */
  readonly finished: Promise<void>;
  /** The port serving /healthz, /readyz and /metrics, when OPS_PORT is set. */
  readonly opsPort: number | undefined;
  /** Stops taking work, lets in-flight work finish (bounded by SHUTDOWN_GRACE), then closes everything. */
  stop(reason: string): Promise<void>;
}

export interface Bot {
  readonly role: Role;
  readonly config: Config;
  readonly logger: Logger;
  readonly store: Store;
  readonly newsroom: BotNewsroom;
  readonly dispatcher: Dispatcher;
  /** Prometheus metrics, when this role keeps them (the dispatcher already reports to them). */
  readonly metrics: Metrics | undefined;
  /** Starts what the role runs (feeds, adapters, ops server, scheduler); stop() on the result ends it. */
  start(): Promise<RunningBot>;
  /** Closes the store, for a bot that was never started (the CLI, most tests). */
  close(): Promise<void>;
}

/** The listed platforms (src/adapters/index.ts) whose settings are present. */
const configuredPlatforms = (config: Config) => platformList.filter((p) => platformSettings(config, p.name) !== undefined);
const consoleOnly = (config: Config) => configuredPlatforms(config).length === 0;
/** The console shell's digest posts only print. */
const CONSOLE_POSTS_PER_SECOND = 100;

/** The default log level when LOG_LEVEL is unset: in the shell and the CLI, info logs would interleave with output. */
function defaultLogLevel(config: Config, role: Role): NonNullable<Config['logLevel']> {
  if (role === 'cli' || role === 'test') return 'warn';
  return role === 'main' && consoleOnly(config) ? 'warn' : 'info';
}

/**
 * Metrics are kept only where /metrics is served (or forwarded from): in the console without
 * OPS_PORT, the CLI and tests nothing would read them, and loading prom-client is a tenth of the
 * console's start-up.
 */
function needsMetrics(config: Config, role: Role): boolean {
  if (role === 'shard') return true;
  if (role === 'main') return !consoleOnly(config) || config.opsPort !== undefined;
  return false;
}

export async function composeBot(config: Config, options: ComposeOptions): Promise<Bot> {
  const { role } = options;
  const logger = options.logger ?? createLogger(config.logLevel ?? defaultLogLevel(config, role));
  const metrics = (options.metrics ?? needsMetrics(config, role)) ? await newMetrics(role) : undefined;
  const store = options.store ?? (await openStore(config.storeUrl));
  const serving = role === 'main' || role === 'shard';
  const archive =
    options.archive ??
    (await openArchive(archiveUrlFor(config.storeUrl, config.archiveUrl)).catch(async (error: unknown) => {
      await store.close().catch(() => undefined);
      throw error;
    }));
  let replica: Replica | undefined;
  let opened: OpenedNewsroom;
  try {
    // Replicas on several machines must share one archive: refused here, before the first start
    // moves anything from the shared store into an archive the others cannot see.
    if (serving) replica = await joinReplicas(store, archive, logger);
    opened = await openNewsroom({
      contentDir: config.contentDir,
      store,
      archive,
      logger,
      meter: metrics,
      feedsAllowPrivate: config.feedsAllowPrivate,
      ingestRetentionDays: config.ingestRetentionDays,
      feedsPerWorkspace: config.feedsPerWorkspace,
      routesPerWorkspace: config.routesPerWorkspace,
      alertsPerHour: config.alertsPerHour,
      // A serving bot parses and analyses off its event loop; the CLI and tests in this thread.
      workers: serving && { size: config.ingestWorkers },
      ...(options.clock && { clock: options.clock }),
    });
  } catch (error) {
    await replica?.leave();
    await archive.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    throw error;
  }
  const newsroom = withDigestDesk(opened, { defaultTimezone: config.digestTimezone, catchupMs: config.digestCatchupMs });
  const dispatcher = new Dispatcher(newsroom, options.commands ?? allCommands);
  if (metrics) dispatcher.observe((record) => metrics.recordCommand(record));
  const bot: Bot = {
    role,
    config,
    logger,
    store,
    newsroom,
    dispatcher,
    metrics,
    start: () => startBot(bot, options, options.stdio ?? { input: process.stdin, output: process.stdout }),
    close: async () => {
      // Each step runs even when one before it failed; the first failure is reported.
      try {
        await replica?.leave();
        await opened.close();
      } finally {
        try {
          await archive.close();
        } finally {
          await store.close();
        }
      }
    },
  };
  return bot;
}

async function newMetrics(role: Role): Promise<Metrics> {
  const { Metrics } = await import('./ops/metrics');
  // A shard's process metrics would be summed with the manager's; its command counts are what matter.
  const metrics = new Metrics({ processMetrics: role !== 'shard' });
  if (role === 'shard') (await import('./ops/forward')).answerMetricsRequests(metrics);
  return metrics;
}

/** The configured platforms (a shard: its own platform only), or the console shell (main role) when none is. */
async function createAdapters(bot: Bot, options: ComposeOptions, routes: readonly OpsRoute[], stdio: ShellStdio): Promise<Adapter[]> {
  const { config, dispatcher, newsroom, role } = bot;
  if (role === 'main' && consoleOnly(config)) {
    const { ConsoleShell } = await import('./adapters/console/shell');
    return [new ConsoleShell({ dispatcher, input: stdio.input, output: stdio.output, interactive: stdio.input.isTTY === true })];
  }
  const wanted = configuredPlatforms(config).filter((p) => role !== 'shard' || p.name === options.shardOf);
  const adapters: Adapter[] = [];
  // Each plug-in imports its SDK only here, when it runs (discord.js and Bolt cost ~0.5 s of CPU each to load).
  for (const platform of wanted) {
    adapters.push(
      await platform.create({
        settings: platformSettings(config, platform.name),
        dispatcher,
        newsroom,
        // Without OPS_PORT, health and metrics share a platform's HTTP server (Slack's, in HTTP mode).
        ...(config.opsPort === undefined && routes.length > 0 && { opsRoutes: routes }),
        inProcess: role === 'shard',
      }),
    );
  }
  return adapters;
}

async function startBot(bot: Bot, options: ComposeOptions, stdio: ShellStdio): Promise<RunningBot> {
  const { config, logger, store, newsroom, dispatcher, metrics, role } = bot;
  const adapters: Adapter[] = [];
  const readiness = async (): Promise<ReadinessReport> => {
    const checks: Record<string, string> = {};
    checks.store = await store.ping().then(
      () => 'ok',
      (error: unknown) => `unreachable: ${(error as Error).message}`,
    );
    for (const adapter of adapters) checks[adapter.platform] = adapter.isReady?.() === false ? 'not connected' : 'ok';
    return { ready: Object.values(checks).every((c) => c === 'ok'), checks };
  };
  const serveOps = role === 'main' && metrics !== undefined;
  const routes: OpsRoute[] = serveOps ? (await import('./ops/server')).opsRoutes({ metrics, readiness, logger }) : [];

  // Cleanup runs in reverse order of start-up: adapters stop taking work first, the store closes last.
  const cleanups: Array<() => Promise<void>> = [() => bot.close()];
  let finished: Promise<void> = Promise.resolve();
  let opsPort: number | undefined;
  try {
    // Feeds poll in every running role; their timers never hold the process open, and stop() aborts fetches.
    await newsroom.feeds.start();
    cleanups.push(() => newsroom.feeds.stop());
    adapters.push(...(await createAdapters(bot, options, routes, stdio)));
    const shell = adapters.find((a) => a.platform === 'console');
    if (shell) {
      finished = shell.start();
    } else {
      for (const adapter of adapters) await adapter.start();
      finished = new Promise<void>(() => undefined); // platform adapters run until a signal
    }
    cleanups.push(async () => {
      await Promise.allSettled(adapters.map((a) => a.stop()));
    });
    // Metrics kept in other processes (Discord shards) join this process's /metrics.
    for (const adapter of adapters) if (adapter.remoteMetrics) metrics?.addRemote(() => adapter.remoteMetrics!());

    if (serveOps && config.opsPort !== undefined) {
      const ops = await (await import('./ops/server')).startOpsServer(config.opsPort, routes);
      opsPort = ops.port;
      logger.info({ port: ops.port }, 'health and metrics at /healthz /readyz /metrics');
      cleanups.push(() => ops.close());
    }
    if (role === 'main') {
      // Digests post through each adapter's outbound port; started after the adapters, stopped before them.
      const { CronRunner, StoreRunCoordinator } = await import('./schedule/cron');
      const { DigestScheduler } = await import('./schedule/digests');
      const { AlertScheduler } = await import('./schedule/alerts');
      const posters = Object.fromEntries(adapters.flatMap((a) => (a.outbound ? [[a.platform, a.outbound] as const] : [])));
      const rates = { console: CONSOLE_POSTS_PER_SECOND, ...Object.fromEntries(platformList.map((p) => [p.name, p.limits.postsPerSecond])) };
      const digests = new DigestScheduler({ newsroom, posters, rates, catchupMs: config.digestCatchupMs });
      // Live alerts take their turns from the same shared limit as digests.
      const alerts = new AlertScheduler({
        newsroom,
        posters,
        pacer: (platform) => digests.pacer(platform),
        owner: digests.owner,
        feedName: (url) => newsroom.feeds.feedName(url),
        perHour: config.alertsPerHour,
      });
      const cron = new CronRunner({ logger, coordinator: new StoreRunCoordinator(store, digests.owner) });
      cron.add(digests.job);
      cron.add(digests.sweepJob);
      cron.add(alerts.job);
      await cron.start();
      void digests.tick(); // digests missed while the bot was down
      cleanups.push(async () => {
        await cron.stop();
        await Promise.all([digests.stop(), alerts.stop()]);
      });
    }
  } catch (error) {
    // A start that fails half-way undoes what it started, the archive and the store last.
    for (const cleanup of cleanups.slice().reverse()) await cleanup().catch((failure: unknown) => logger.error({ err: failure }, 'error while undoing a failed start'));
    throw error;
  }
  logger.info({ role, adapters: adapters.map((a) => a.platform), archive: newsroom.articles.archive.location }, 'newsroom bot running');

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
        await cleanups[0]!().catch((error: unknown) => logger.error({ err: error }, 'error while closing the archive and the store'));
        logger.info('stopped');
      })();
      return stopping;
    },
  };
}
