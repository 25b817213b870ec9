// Builders for INTERACTION_CREATE payloads with the fields discord.js 14 needs to emit the event
// (PLATFORM-NOTES: entitlements and authorizing_integration_owners, or the event never fires).
import { APPLICATION_ID, CHANNEL_ID, GUILD_ID, snowflake } from './discord';

export const MANAGE_GUILD = 1n << 5n;
/** View channel, send messages, read history: what an ordinary member has. */
export const MEMBER_PERMISSIONS = (1n << 10n) | (1n << 11n) | (1n << 16n);

export interface InteractionOptions {
  readonly guildId?: string;
  readonly channelId?: string;
  /** The channel's type as the interaction names it (default 0, text; 11 is a public thread). */
  readonly channelType?: number;
  readonly userId?: string;
  readonly permissions?: bigint;
  readonly roles?: readonly string[];
}

export type OptionValue = string | number;

function base(type: number, options: InteractionOptions) {
  const guildId = options.guildId ?? GUILD_ID;
  const channelId = options.channelId ?? CHANNEL_ID;
  const user = { id: options.userId ?? '1000000000000000100', username: 'reader', global_name: 'A Reader', discriminator: '0', avatar: null };
  return {
    id: snowflake(),
    application_id: APPLICATION_ID,
    type,
    token: `itoken-${snowflake()}`,
    version: 1,
    guild_id: guildId,
    channel_id: channelId,
    channel: { id: channelId, type: options.channelType ?? 0, guild_id: guildId, name: 'newsroom' },
    member: {
      user,
      roles: [...(options.roles ?? [])],
      permissions: String(options.permissions ?? MEMBER_PERMISSIONS),
      joined_at: '2023-01-01T00:00:00.000Z',
      deaf: false,
      mute: false,
      flags: 0,
      nick: null,
    },
    app_permissions: String(MEMBER_PERMISSIONS),
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': guildId },
    context: 0,
  };
}

function optionType(value: OptionValue): number {
  return typeof value === 'number' ? 4 : 3;
}

/**
 * `data.name` and `data.options` for "summary" or "digest subscribe": as Discord nests it, a
 * subcommand is the one top-level option (type 1) and holds the options given.
 */
function commandData(path: string, options: object[]) {
  const [name, subcommand] = path.split(' ');
  return { name: name!, options: subcommand ? [{ name: subcommand, type: 1, options }] : options };
}

/** A slash command sent in a DM with the bot: `user` instead of `member`, no guild. */
export function directMessage(name: string, values: Record<string, OptionValue> = {}) {
  const { member, guild_id: _guild, channel: _channel, ...rest } = chatInput(name, values);
  const channelId = snowflake();
  return {
    ...rest,
    user: member.user,
    channel_id: channelId,
    channel: { id: channelId, type: 1 },
    authorizing_integration_owners: { '1': member.user.id },
    context: 1,
    data: { ...rest.data, guild_id: undefined },
  };
}

/** A slash command (type 2) as Discord sends it: `chatInput('digest subscribe', { time: '07:30' })`. */
export function chatInput(command: string, values: Record<string, OptionValue> = {}, options: InteractionOptions = {}) {
  const b = base(2, options);
  const given = Object.entries(values).map(([n, value]) => ({ name: n, type: optionType(value), value }));
  return { ...b, data: { id: snowflake(), type: 1, guild_id: b.guild_id, ...commandData(command, given) } };
}

/** An autocomplete request (type 4) with `focused` set on the option being typed. */
export function autocomplete(command: string, focused: string, typed: string, options: InteractionOptions = {}) {
  const b = base(4, options);
  const typing = [{ name: focused, type: 3, value: typed, focused: true }];
  return { ...b, data: { id: snowflake(), type: 1, guild_id: b.guild_id, ...commandData(command, typing) } };
}
