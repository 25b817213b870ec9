// The same command definitions every platform reads, as Discord application commands. discord.js's
// SlashCommandBuilder checks names, lengths and option rules before anything reaches Discord.
import {
  InteractionContextType,
  PermissionFlagsBits,
  REST,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  Routes,
  SlashCommandBuilder,
  type SlashCommandIntegerOption,
  type SlashCommandStringOption,
} from 'discord.js';
import { type Command, described, MAX_OPTION_LENGTH, type OptionDef } from '../../core/command';

function describeString(option: SlashCommandStringOption, def: OptionDef): SlashCommandStringOption {
  option.setName(def.name).setDescription(def.description).setRequired(def.required ?? false);
  if (def.choices) option.addChoices(...def.choices.map((c) => ({ name: c, value: c })));
  else if (def.autocomplete) option.setAutocomplete(true);
  return option.setMaxLength(Math.min(def.maxLength ?? MAX_OPTION_LENGTH, 6000));
}

function describeInteger(option: SlashCommandIntegerOption, def: OptionDef): SlashCommandIntegerOption {
  option.setName(def.name).setDescription(def.description).setRequired(def.required ?? false);
  if (def.choices) option.addChoices(...def.choices.map((c) => ({ name: c, value: Number(c) })));
  if (def.min !== undefined) option.setMinValue(def.min);
  if (def.max !== undefined) option.setMaxValue(def.max);
  return option;
}

/** What a command and a subcommand builder share: adding options. */
interface OptionHost {
  addStringOption(build: (option: SlashCommandStringOption) => SlashCommandStringOption): unknown;
  addIntegerOption(build: (option: SlashCommandIntegerOption) => SlashCommandIntegerOption): unknown;
}

function addOptions<H extends OptionHost>(host: H, options: readonly OptionDef[]): H {
  // Discord wants required options first; the definitions may list them in reading order.
  const sorted = [...options].sort((a, b) => Number(b.required ?? false) - Number(a.required ?? false));
  for (const def of sorted) {
    if (def.type === 'integer') host.addIntegerOption((o) => describeInteger(o, def));
    else host.addStringOption((o) => describeString(o, def));
  }
  return host;
}

/** One command as the JSON body Discord's application command endpoints take. */
export function applicationCommand({ definition }: Command): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const builder = new SlashCommandBuilder().setName(definition.name).setDescription(definition.description);
  if (definition.subcommands) {
    // Discord checks permissions per command, not per subcommand: the dispatcher refuses those, and
    // the description says so.
    for (const sub of definition.subcommands) {
      builder.addSubcommand((s) => addOptions(s.setName(sub.name).setDescription(described(sub)), sub.options ?? []));
    }
  } else {
    addOptions(builder, definition.options);
  }
  if (definition.moderatorOnly) {
    // Hidden from members without Manage Server by default; server admins can widen it per role.
    builder.setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild);
    builder.setContexts(InteractionContextType.Guild);
  } else {
    builder.setContexts(InteractionContextType.Guild, InteractionContextType.BotDM);
  }
  return builder.toJSON();
}

export interface DeployTarget {
  readonly token: string;
  readonly applicationId?: string;
  /** Register in one server only: updates show at once, handy while developing. */
  readonly guildId?: string;
  readonly apiUrl?: string;
}

export interface Deployment {
  readonly applicationId: string;
  readonly scope: 'global' | `guild ${string}`;
  readonly registered: readonly string[];
}

/** Replaces the application's commands with these (one PUT, so removed commands disappear too). */
export async function deployCommands(commands: readonly Command[], target: DeployTarget): Promise<Deployment> {
  const rest = new REST({ ...(target.apiUrl && { api: target.apiUrl }), retries: 1 }).setToken(target.token);
  const applicationId = target.applicationId ?? ((await rest.get(Routes.currentApplication())) as { id: string }).id;
  const route = target.guildId ? Routes.applicationGuildCommands(applicationId, target.guildId) : Routes.applicationCommands(applicationId);
  const saved = (await rest.put(route, { body: commands.map(applicationCommand) })) as { name: string }[];
  return { applicationId, scope: target.guildId ? `guild ${target.guildId}` : 'global', registered: saved.map((c) => c.name) };
}
