// Discord's settings (DISCORD_* keys), read without loading discord.js.
import { z } from 'zod';
import { idList, optionalText, readWith, url } from '../../settings';

export interface DiscordSettings {
  readonly token: string;
  readonly applicationId?: string;
  readonly guildId?: string;
  readonly apiUrl?: string;
  readonly moderatorRoleIds: readonly string[];
  readonly shards?: 'auto' | number;
}

const DiscordEnv = z
  .object({
    DISCORD_TOKEN: optionalText,
    DISCORD_APPLICATION_ID: optionalText,
    DISCORD_GUILD_ID: optionalText,
    DISCORD_API_URL: url,
    DISCORD_MODERATOR_ROLE_IDS: idList,
    DISCORD_SHARDS: z
      .string()
      .trim()
      .optional()
      .refine((v) => v === undefined || v === '' || v === 'auto' || /^[1-9]\d*$/.test(v), { message: 'must be "auto" or a whole number' }),
  })
  .transform((e): DiscordSettings | undefined =>
    e.DISCORD_TOKEN
      ? {
          token: e.DISCORD_TOKEN,
          ...(e.DISCORD_APPLICATION_ID && { applicationId: e.DISCORD_APPLICATION_ID }),
          ...(e.DISCORD_GUILD_ID && { guildId: e.DISCORD_GUILD_ID }),
          ...(e.DISCORD_API_URL && { apiUrl: e.DISCORD_API_URL }),
          moderatorRoleIds: e.DISCORD_MODERATOR_ROLE_IDS,
          ...(e.DISCORD_SHARDS && { shards: e.DISCORD_SHARDS === 'auto' ? ('auto' as const) : Number(e.DISCORD_SHARDS) }),
        }
      : undefined,
  );

export const readDiscordSettings = readWith<DiscordSettings>(DiscordEnv);
