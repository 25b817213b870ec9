// One shard process under DISCORD_SHARDS, forked by ShardingManager (sharding.ts); discord.js reads
// its shard ids from the environment the manager sets. A trimmed composition of main.ts: store,
// newsroom (feeds polled here too, like any replica, so new articles reach this shard), the digest
// desk for /digest (subscriptions live in the store), dispatcher and this shard's gateway connection.
// No Slack, no ops server and no scheduler: digests are posted once, by the manager process.
import { commands } from '../../../commands';
import { loadConfig } from '../../config';
import { Dispatcher } from '../../core/dispatcher';
import { createLogger } from '../../logger';
import { openNewsroom } from '../../open-newsroom';
import { withDigestDesk } from '../../schedule/desk';
import { openStore } from '../../store/open';
import { DiscordBot } from './bot';

async function runShard(): Promise<void> {
  const config = loadConfig();
  if (!config.discord) throw new Error('a Discord shard needs DISCORD_TOKEN');
  const logger = createLogger(config.logLevel ?? 'info');
  const store = await openStore(config.storeUrl);
  const opened = await openNewsroom({ contentDir: config.contentDir, store, logger, feedsAllowPrivate: config.feedsAllowPrivate, ingestRetentionDays: config.ingestRetentionDays });
  const newsroom = withDigestDesk(opened, { defaultTimezone: config.digestTimezone, catchupMs: config.digestCatchupMs });
  const bot = new DiscordBot({ config: config.discord, dispatcher: new Dispatcher(newsroom, commands), newsroom });
  await newsroom.feeds.start();
  const stop = async () => {
    await bot.stop();
    await newsroom.feeds.stop();
    await store.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
  // The manager ends shards by killing them; a shard whose manager is gone should not linger.
  process.once('disconnect', () => void stop());
  await bot.start();
  logger.info({ shards: bot.client.shard?.ids }, 'Discord shard ready');
}

runShard().catch((error: unknown) => {
  process.stderr.write(`Discord shard could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
