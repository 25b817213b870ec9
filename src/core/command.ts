// A command is plain data plus run(ctx, args). Every adapter (console, Slack, Discord) and /help
// read the same definition, so adding a command never touches an adapter.
import type { CommandContext } from './context';
import type { Reply } from './reply';

export type OptionType = 'string' | 'integer';

export interface OptionDef {
  readonly name: string;
  readonly description: string;
  readonly type: OptionType;
  readonly required?: boolean;
  /** Allowed values; adapters show them as choices (Discord) or hints (Slack, /help). */
  readonly choices?: readonly string[];
  /** The option names an article: Discord autocompletes it from titles. */
  readonly autocomplete?: 'article';
  readonly min?: number;
  readonly max?: number;
  /** Longest accepted value in characters (default MAX_OPTION_LENGTH). */
  readonly maxLength?: number;
}

export interface CommandDef {
  readonly name: string;
  readonly description: string;
  readonly options: readonly OptionDef[];
  /** Only moderators may run it at all (Discord also hides it from others by default). */
  readonly moderatorOnly?: boolean;
  /**
   * Anyone may run it, but run() refuses some actions to non-moderators (`/digest subscribe`), so
   * adapters must find out whether the caller is one (Slack looks the user up, as for moderatorOnly).
   */
  readonly moderatorActions?: boolean;
  /** Optional longer help text shown by `/help <command>`. */
  readonly help?: string;
}

export const MAX_OPTION_LENGTH = 200;

type ValueOf<O extends OptionDef> = O['type'] extends 'integer'
  ? number
  : O['choices'] extends readonly (infer C)[]
    ? C
    : string;

type RequiredNames<Os extends readonly OptionDef[]> = Extract<Os[number], { required: true }>['name'];

/** The parsed arguments a command's run() receives, derived from its option list. */
export type ArgsOf<D extends CommandDef> = {
  [O in D['options'][number] as O['name'] extends RequiredNames<D['options']> ? O['name'] : never]: ValueOf<O>;
} & {
  [O in D['options'][number] as O['name'] extends RequiredNames<D['options']> ? never : O['name']]?: ValueOf<O>;
};

export interface Command<D extends CommandDef = CommandDef> {
  readonly definition: D;
  run(ctx: CommandContext, args: ArgsOf<D>): Promise<Reply> | Reply;
}

/** Ties a definition to its run function with the argument types checked. */
export function defineCommand<const D extends CommandDef>(
  definition: D,
  run: (ctx: CommandContext, args: ArgsOf<D>) => Promise<Reply> | Reply,
): Command {
  return { definition, run: run as Command['run'] };
}

/** Raw argument values as they arrive from an adapter, before validation. */
export type RawArgs = Record<string, string | number | undefined>;
