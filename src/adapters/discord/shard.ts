// One shard process under DISCORD_SHARDS, forked by ShardingManager (sharding.ts); discord.js reads
// its shard ids from the environment the manager sets. The bot is composed as in every role
// (src/compose.ts, role "shard"): store, newsroom (feeds polled here too, like any replica, so new
// articles reach this shard), the digest desk for /digest, dispatcher with metrics (the manager's
// /metrics asks each shard for them) and this shard's gateway connection. No Slack, no ops server
// and no scheduler: digests are posted once, by the manager process. Shutdown is bounded by
// SHUTDOWN_GRACE, as in the main process.
import { composeBot, type RunningBot } from '../../compose';
import { loadConfig } from '../../config';

async function runShard(): Promise<void> {
  const config = loadConfig();
  if (!config.discord) throw new Error('a Discord shard needs DISCORD_TOKEN');
  const bot = await composeBot(config, { role: 'shard', shardOf: 'discord' });
  let running: RunningBot | undefined;
  let stopping = false;
  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    void (running ? running.stop(reason) : bot.close()).finally(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  // The manager ends shards by killing them; a shard whose manager is gone should not linger.
  process.once('disconnect', () => stop('manager gone'));
  running = await bot.start();
  if (stopping) await running.stop('stopped while starting');
  const discord = running.adapters.find((a) => a.platform === 'discord') as { client?: { shard?: { ids?: number[] } | null } } | undefined;
  bot.logger.info({ shards: discord?.client?.shard?.ids }, 'Discord shard ready');
}

runShard().catch((error: unknown) => {
  process.stderr.write(`Discord shard could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
