// `npm run discord:deploy`: registers every command in commands/ with Discord, globally or, with
// DISCORD_GUILD_ID, in one server. Run it again whenever a command's definition changes.
import { commands } from '../../../commands';
import { ConfigError, loadConfig } from '../../config';
import { describeDiscordFailure } from './failures';
import { deployCommands } from './registration';

async function deploy(): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 78; // EX_CONFIG
  }
  if (!config.discord) {
    process.stderr.write('Set DISCORD_TOKEN (and DISCORD_APPLICATION_ID) to deploy the Discord commands. See README "Run it in Discord".\n');
    return 78;
  }
  const { token, applicationId, guildId, apiUrl } = config.discord;
  try {
    const done = await deployCommands(commands, { token, ...(applicationId && { applicationId }), ...(guildId && { guildId }), ...(apiUrl && { apiUrl }) });
    process.stdout.write(`Registered ${done.registered.length} commands (${done.scope}, application ${done.applicationId}): ${done.registered.map((n) => `/${n}`).join(' ')}\n`);
    if (done.scope === 'global') process.stdout.write('Global commands can take up to an hour to appear; set DISCORD_GUILD_ID for instant updates while developing.\n');
    return 0;
  } catch (error) {
    process.stderr.write(`Could not deploy the commands: ${describeDiscordFailure(error, apiUrl)}\n`);
    return 1;
  }
}

deploy().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`Could not deploy the commands: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
