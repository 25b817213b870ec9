// Discord adapter (discord.js). Built in issue 5; main.ts calls createDiscordAdapter when DISCORD_TOKEN is set.
import type { Config } from '../../config';
import type { Adapter } from '../../core/adapter';
import type { Newsroom } from '../../core/context';
import type { Dispatcher } from '../../core/dispatcher';

export interface DiscordAdapterDeps {
  readonly config: NonNullable<Config['discord']>;
  readonly dispatcher: Dispatcher;
  readonly newsroom: Newsroom;
}

export async function createDiscordAdapter(_deps: DiscordAdapterDeps): Promise<Adapter> {
  throw new Error('the Discord adapter is not built yet');
}
