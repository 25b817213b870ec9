// A Discord interaction in, a neutral Invocation to the dispatcher, the Reply back as a message.
// Discord wants the first answer within 3 s: a command that has not answered by `deferAfterMs`
// is deferred ("thinking…") and its answer edited in later.
import { within } from '../../core/deadline';
import {
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  GuildMember,
  type Interaction,
  MessagePayload,
  PermissionFlagsBits,
} from 'discord.js';
import { optionsOf, type RawArgs, SUBCOMMAND_ARG, subcommandOf } from '../../core/command';
import type { Invocation, Logger } from '../../core/context';
import type { Dispatcher } from '../../core/dispatcher';
import { truncate } from '../../core/text';
import { type WireMessage, wireMessage } from './render';
import { threadPlaceOf } from './threads';

export interface InteractionDeps {
  readonly dispatcher: Dispatcher;
  readonly moderatorRoleIds: readonly string[];
  readonly logger: Logger;
  /** Defer when the answer is not ready by then (Discord's window is 3 s). */
  readonly deferAfterMs: number;
}

/** Discord caps autocomplete at 25 choices of at most 100 characters. */
const MAX_CHOICES = 25;
const MAX_CHOICE_LENGTH = 100;

function roleIdsOf(member: ChatInputCommandInteraction['member']): readonly string[] {
  if (!member) return [];
  return member instanceof GuildMember ? [...member.roles.cache.keys()] : member.roles;
}

/** Moderator: Manage Server (Administrator implies it) or one of the configured roles. */
export function isModerator(interaction: ChatInputCommandInteraction | AutocompleteInteraction, moderatorRoleIds: readonly string[]): boolean {
  if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) return true;
  const roles = roleIdsOf(interaction.member);
  return moderatorRoleIds.some((id) => roles.includes(id));
}

export function invocationOf(interaction: ChatInputCommandInteraction | AutocompleteInteraction, moderatorRoleIds: readonly string[]): Invocation {
  const member = interaction.member;
  const memberName = member instanceof GuildMember ? member.displayName : (member?.nick ?? undefined);
  return {
    platform: 'discord',
    // Settings are per server; a DM is its own one-person workspace.
    workspaceId: interaction.guildId ?? `dm:${interaction.user.id}`,
    channelId: interaction.channelId,
    user: {
      id: interaction.user.id,
      name: memberName ?? interaction.user.globalName ?? interaction.user.username,
      isModerator: isModerator(interaction, moderatorRoleIds),
    },
    threads: () => threadPlaceOf(interaction.client, interaction.channelId),
  };
}

/**
 * Discord has already typed and range-checked the values; the dispatcher validates them again. A
 * subcommand arrives as the one top-level option (type 1) holding its own options, and goes to the
 * dispatcher as the text platforms' parse gives it: `{ action: 'subscribe', time: '07:30' }`.
 */
function argsOf(interaction: ChatInputCommandInteraction): RawArgs {
  const subcommand = interaction.options.getSubcommand(false);
  const args: RawArgs = subcommand ? { [SUBCOMMAND_ARG]: subcommand } : {};
  for (const option of subcommand ? (interaction.options.data[0]?.options ?? []) : interaction.options.data) {
    if (typeof option.value === 'string' || typeof option.value === 'number') args[option.name] = option.value;
  }
  return args;
}

/**
 * The answer as discord.js sends it, with the body already in Discord's wire shape. discord.js's
 * reply() would otherwise rebuild the body from options (snake-casing the embed again) and its type
 * checks `require()` modules on every call: ~35 µs an answer under tsx's require hook (bench/discord.bench.ts).
 */
export function wirePayload(interaction: ConstructorParameters<typeof MessagePayload>[0], body: WireMessage): MessagePayload {
  const payload = new MessagePayload(interaction, {});
  payload.body = body as MessagePayload['body'];
  payload.files = [];
  return payload;
}


async function answerCommand(interaction: ChatInputCommandInteraction, deps: InteractionDeps): Promise<void> {
  const invocation = invocationOf(interaction, deps.moderatorRoleIds);
  const answer = deps.dispatcher.dispatch(invocation, interaction.commandName, argsOf(interaction));
  const first = await within(answer, deps.deferAfterMs);
  if (first) {
    await interaction.reply(wirePayload(interaction, wireMessage(first)));
    return;
  }
  await interaction.deferReply();
  const reply = await answer;
  if (reply.visibility === 'ephemeral') {
    // A deferral is public or private from the start; a private answer replaces the public "thinking".
    await interaction.deleteReply();
    await interaction.followUp(wirePayload(interaction, wireMessage(reply)));
  } else {
    await interaction.editReply(wirePayload(interaction, wireMessage(reply)));
  }
}

async function answerAutocomplete(interaction: AutocompleteInteraction, deps: InteractionDeps): Promise<void> {
  // discord.js lifts a subcommand's options to the top, so the focused one is found either way.
  const focused = interaction.options.getFocused(true);
  const definition = deps.dispatcher.find(interaction.commandName)?.definition;
  const subcommand = definition && subcommandOf(definition, interaction.options.getSubcommand(false));
  const option = definition && optionsOf(definition, subcommand).find((o) => o.name === focused.name);
  if (!option?.autocomplete) {
    await interaction.respond([]);
    return;
  }
  const typed = String(focused.value).slice(0, MAX_CHOICE_LENGTH);
  const suggestions = await deps.dispatcher.suggest(invocationOf(interaction, deps.moderatorRoleIds), interaction.commandName, option.name, typed, MAX_CHOICES);
  const choices = suggestions
    .filter((s) => s.value.length <= MAX_CHOICE_LENGTH)
    .map((s) => ({ name: truncate(s.label, MAX_CHOICE_LENGTH), value: s.value }));
  await interaction.respond(choices);
}

/** Answers one interaction; never throws (a failed answer is logged, the bot keeps serving). */
export async function answerInteraction(interaction: Interaction, deps: InteractionDeps): Promise<void> {
  try {
    if (interaction.isChatInputCommand()) await answerCommand(interaction, deps);
    else if (interaction.isAutocomplete()) await answerAutocomplete(interaction, deps);
  } catch (error) {
    deps.logger.warn({ err: error, interactionId: interaction.id, type: interaction.type }, 'could not answer a Discord interaction');
  }
}
