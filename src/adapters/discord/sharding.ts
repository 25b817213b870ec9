// DISCORD_SHARDS=auto|N: this process becomes the sharding manager. discord.js's ShardingManager
// forks one process per shard running shard.ts; each logs in to its own slice of the gateway.
// The manager keeps everything that must happen once (the scheduler in main.ts, scheduled posts
// through `outbound`, which needs only REST), because shard processes never run main.ts.
import { REST, type RESTGetAPIGatewayBotResult, Routes, ShardingManager } from 'discord.js';
import type { Adapter, ChannelPoster } from '../../core/adapter';
import type { Logger } from '../../core/context';
import { askForMetrics } from '../../ops/forward';
import type { DiscordSettings } from './bot';
import { describeDiscordFailure } from './failures';
import { createPostingRest, DiscordChannelPoster } from './outbound';

/** Discord lets one identify per 5 s per concurrency bucket; spawning slower than that is safe. */
const IDENTIFY_SPACING_MS = 5500;

export interface ShardedDiscordDeps {
  readonly config: DiscordSettings & { readonly shards: 'auto' | number };
  readonly logger: Logger;
  /** The file each shard process runs (default: the compiled shard.js, or shard.ts through tsx when running from source). */
  readonly shardFile?: string;
}

function tsxLoader(): string {
  try {
    return import.meta.resolve('tsx');
  } catch {
    return 'tsx';
  }
}

export class ShardedDiscordBot implements Adapter {
  readonly platform = 'discord' as const;
  readonly outbound: ChannelPoster;
  private manager: ShardingManager | undefined;
  private readonly log: Logger;

  constructor(private readonly deps: ShardedDiscordDeps) {
    this.log = deps.logger.child({ platform: 'discord', role: 'shard manager' });
    this.outbound = new DiscordChannelPoster(createPostingRest(deps.config.token, deps.config.apiUrl));
  }

  /** Shard count and identify concurrency, asked of DISCORD_API_URL (ShardingManager's own 'auto' would ask discord.com). */
  private async gatewayPlan(): Promise<{ total: number; spacingMs: number }> {
    const { token, apiUrl, shards } = this.deps.config;
    const rest = new REST({ ...(apiUrl && { api: apiUrl }), retries: 1 }).setToken(token);
    let gateway: RESTGetAPIGatewayBotResult;
    try {
      gateway = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
    } catch (error) {
      throw new Error(describeDiscordFailure(error, apiUrl), { cause: error });
    }
    const total = shards === 'auto' ? gateway.shards : shards;
    const spacingMs = gateway.session_start_limit.max_concurrency >= total ? 0 : IDENTIFY_SPACING_MS;
    return { total, spacingMs };
  }

  async start(): Promise<void> {
    const { total, spacingMs } = await this.gatewayPlan();
    // Compiled (dist/), every chunk sits beside shard.js; from source (tests, tsx), beside shard.ts.
    const compiled = import.meta.url.endsWith('.js');
    const file = this.deps.shardFile ?? new URL(compiled ? './shard.js' : './shard.ts', import.meta.url).pathname;
    const manager = new ShardingManager(file, {
      token: this.deps.config.token,
      totalShards: total,
      mode: 'process',
      respawn: true,
      execArgv: compiled ? ['--enable-source-maps'] : ['--import', tsxLoader()],
    });
    this.manager = manager;
    manager.on('shardCreate', (shard) => {
      // 'spawn' fires again when a shard that died is respawned.
      shard.on('spawn', (child) => this.log.info({ shard: shard.id, of: total, shardPid: 'pid' in child ? child.pid : undefined }, 'shard process started'));
      shard.on('death', () => this.log.warn({ shard: shard.id }, 'shard process exited'));
    });
    try {
      await manager.spawn({ amount: total, delay: spacingMs, timeout: 60_000 });
    } catch (error) {
      await this.stop();
      throw new Error(`Discord shards did not start: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    this.log.info({ shards: total }, 'all Discord shards ready');
  }

  /** Every shard process has reported its gateway connection ready. */
  isReady(): boolean {
    const shards = [...(this.manager?.shards.values() ?? [])];
    return shards.length > 0 && shards.length === this.manager?.totalShards && shards.every((s) => s.ready);
  }

  /** Each running shard's metrics (its commands), for the manager's /metrics. */
  async remoteMetrics(): Promise<readonly unknown[]> {
    const shards = [...(this.manager?.shards.values() ?? [])].filter((s) => s.process);
    const answers = await Promise.all(shards.map((shard) => askForMetrics(shard)));
    return answers.filter((a) => a !== undefined);
  }

  async stop(): Promise<void> {
    // kill() (SIGTERM) drops the exit listener first, so a stopped shard is not respawned. Each shard
    // then shuts down as the main process does, within SHUTDOWN_GRACE (src/compose.ts); the wait
    // here is bounded by this process's own grace.
    const exits: Promise<void>[] = [];
    for (const shard of this.manager?.shards.values() ?? []) {
      const child = shard.process;
      if (child && child.exitCode === null && child.signalCode === null) exits.push(new Promise((resolve) => child.once('exit', () => resolve())));
      shard.kill();
    }
    await Promise.all(exits);
  }
}
