// Discord adapter (discord.js). main.ts calls createDiscordAdapter when DISCORD_TOKEN is set: one
// in-process bot, or with DISCORD_SHARDS a sharding manager whose shard processes run shard.ts.
// Either way main.ts stays the one place the scheduler runs: shard processes never load main.ts.
import type { Adapter } from '../../core/adapter';
import type { Newsroom } from '../../newsroom/newsroom';
import type { Dispatcher } from '../../core/dispatcher';
import { DiscordBot, type DiscordSettings } from './bot';
import { ShardedDiscordBot } from './sharding';

export interface DiscordAdapterDeps {
  readonly config: DiscordSettings;
  readonly dispatcher: Dispatcher;
  readonly newsroom: Newsroom;
  /** This process is one shard (shard.ts): connect here even when DISCORD_SHARDS is set. */
  readonly inProcess?: boolean;
}

export async function createDiscordAdapter({ config, dispatcher, newsroom, inProcess = false }: DiscordAdapterDeps): Promise<Adapter> {
  if (config.shards !== undefined && !inProcess) return new ShardedDiscordBot({ config: { ...config, shards: config.shards }, logger: newsroom.logger });
  return new DiscordBot({ config, dispatcher, newsroom });
}
