// What went wrong talking to Discord, in words an operator can act on.
import { DiscordAPIError, DiscordjsError, DiscordjsErrorCodes } from 'discord.js';

const TOKEN_HINT = 'Check DISCORD_TOKEN: Discord Developer Portal → your application → Bot → Reset Token, then copy the new token.';

/** True when Discord refused the token itself (REST 401 or gateway close 4004). */
export function isBadToken(error: unknown): boolean {
  return (
    (error instanceof DiscordAPIError && error.status === 401) ||
    (error instanceof DiscordjsError && error.code === DiscordjsErrorCodes.TokenInvalid)
  );
}

export function describeDiscordFailure(error: unknown, apiUrl = 'https://discord.com/api'): string {
  if (isBadToken(error)) return `Discord rejected the bot token (401 Unauthorized). ${TOKEN_HINT}`;
  if (error instanceof DiscordAPIError) {
    if (error.status === 403) return `Discord refused (403 ${error.message}). Is DISCORD_APPLICATION_ID this bot's application, and is the bot in DISCORD_GUILD_ID?`;
    if (error.status === 404) return `Discord answered 404 (${error.message}) for ${error.method} ${error.url}. Check DISCORD_APPLICATION_ID and DISCORD_GUILD_ID.`;
    return `Discord answered ${error.status}: ${error.message}`;
  }
  const cause = (error as { cause?: { code?: string } })?.cause?.code ?? (error as { code?: string })?.code;
  if (cause === 'ECONNREFUSED' || cause === 'ENOTFOUND' || cause === 'UND_ERR_CONNECT_TIMEOUT') {
    return `Could not reach Discord at ${apiUrl} (${cause}). Check the network, or DISCORD_API_URL if it is set.`;
  }
  return error instanceof Error ? error.message : String(error);
}
