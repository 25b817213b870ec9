// Discord as a plug-in (listed in src/adapters/index.ts): discord.js loads only when DISCORD_TOKEN is set.
import { definePlatform } from '../platform';
import { readDiscordSettings } from './settings';

export const discord = definePlatform({
  name: 'discord',
  readConfig: readDiscordSettings,
  // Under Discord's global 50 requests per second.
  packages: /^(discord\.js|@discordjs\/)/,
  limits: { postsPerSecond: 45 },
  async create({ settings, dispatcher, newsroom, inProcess }) {
    const { createDiscordAdapter } = await import('./index');
    return createDiscordAdapter({ config: settings, dispatcher, newsroom, inProcess });
  },
});
