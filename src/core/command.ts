// A command is plain data plus run(ctx, args). Every adapter (console, Slack, Discord) and /help
// read the same definition, so adding a command never touches an adapter. The core does not know
// what a command reaches: Command<Ctx> runs with whatever context its dispatcher builds (the
// newsroom's is commands/context.ts).
import type { Reply } from './reply';

export type OptionType = 'string' | 'integer';

export interface OptionDef {
  readonly name: string;
  readonly description: string;
  readonly type: OptionType;
  readonly required?: boolean;
  /** Allowed values; adapters show them as choices (Discord) or hints (Slack, /help). */
  readonly choices?: readonly string[];
  /** Offer values while the user types (Discord autocomplete), from the command's suggest(). */
  readonly autocomplete?: boolean;
  readonly min?: number;
  readonly max?: number;
  /** Longest accepted value in characters (default MAX_OPTION_LENGTH). */
  readonly maxLength?: number;
  /**
   * What the platform must offer for the option to mean anything (threads: Invocation.threads).
   * A platform without it leaves the option out of what it lists; the command refuses it if typed.
   */
  readonly needs?: 'threads';
}

/** One action of a command (`/digest subscribe`), with only the options that action takes. */
export interface SubcommandDef {
  readonly name: string;
  readonly description: string;
  readonly options?: readonly OptionDef[];
  /** Only moderators may take this action; the command's other actions stay open to everyone. */
  readonly moderatorOnly?: boolean;
  /**
   * What it keeps in the store, as users call it, a plural ('Settings'): a store outage then reads
   * "Settings are temporarily unavailable. …". Without it the command's own `stores` applies.
   */
  readonly stores?: string;
}

interface CommandBase {
  readonly name: string;
  readonly description: string;
  /** Only moderators may run it at all (Discord also hides it from others by default). */
  readonly moderatorOnly?: boolean;
  /** Optional longer help text shown by `/help <command>`. */
  readonly help?: string;
  /**
   * What it keeps in the store, as users call it, a plural ('Settings'): a store outage then reads
   * "Settings are temporarily unavailable. …". Without it the outage names the command instead.
   */
  readonly stores?: string;
}

/** A command that takes options directly: `/summary article:kim length:long`. */
export interface OptionsCommandDef extends CommandBase {
  readonly options: readonly OptionDef[];
  readonly subcommands?: never;
}

/**
 * A command whose first word picks an action: `/digest subscribe 07:30`. Discord shows the actions
 * as subcommands, text platforms read the word; either way run() finds it in args.action. Discord
 * accepts subcommands or options on a command, not both, so the type allows one or the other.
 */
export interface SubcommandsCommandDef extends CommandBase {
  readonly subcommands: readonly SubcommandDef[];
  readonly options?: never;
}

export type CommandDef = OptionsCommandDef | SubcommandsCommandDef;

/** The argument that carries the chosen subcommand to run(). */
export const SUBCOMMAND_ARG = 'action';

export const MAX_OPTION_LENGTH = 200;

type ValueOf<O extends OptionDef> = O['type'] extends 'integer'
  ? number
  : O['choices'] extends readonly (infer C)[]
    ? C
    : string;

type RequiredNames<Os extends readonly OptionDef[]> = Extract<Os[number], { required: true }>['name'];

type OptionArgs<Os extends readonly OptionDef[]> = {
  [O in Os[number] as O['name'] extends RequiredNames<Os> ? O['name'] : never]: ValueOf<O>;
} & {
  [O in Os[number] as O['name'] extends RequiredNames<Os> ? never : O['name']]?: ValueOf<O>;
};

// One member per subcommand, so `switch (args.action)` narrows to that subcommand's options.
type SubcommandArgs<S extends SubcommandDef> = S extends unknown
  ? { readonly [K in typeof SUBCOMMAND_ARG]: S['name'] } & (S extends { options: infer Os extends readonly OptionDef[] } ? OptionArgs<Os> : unknown)
  : never;

/** The parsed arguments a command's run() receives, derived from its options or subcommands. */
export type ArgsOf<D extends CommandDef> = D extends { subcommands: infer Ss extends readonly SubcommandDef[] }
  ? SubcommandArgs<Ss[number]>
  : D extends { options: infer Os extends readonly OptionDef[] }
    ? OptionArgs<Os>
    : never;

/**
 * A command that runs with context Ctx. Plain `Command` (Ctx = never) is any command, whose run()
 * cannot be called: enough for the adapters and /help, which only read definitions.
 */
export interface Command<Ctx = never, D extends CommandDef = CommandDef> {
  readonly definition: D;
  run(ctx: Ctx, args: ArgsOf<D>): Promise<Reply> | Reply;
  /** Values for an option marked `autocomplete`, best first, at most `limit`. */
  suggest?(ctx: Ctx, option: string, typed: string, limit: number): Promise<readonly Suggestion[]> | readonly Suggestion[];
}

/** One value offered while the user types an option: what they read, and what it fills in. */
export interface Suggestion {
  readonly label: string;
  readonly value: string;
}

/**
 * The defineCommand of one kind of context: `defineCommand(definition, run, suggest?)` ties a
 * definition to its run function with the argument types checked. Bound once per context
 * (commands/context.ts), so each command file infers both its arguments and its context.
 */
export function commandDefiner<Ctx>() {
  return function defineCommand<const D extends CommandDef>(
    definition: D,
    run: (ctx: Ctx, args: ArgsOf<D>) => Promise<Reply> | Reply,
    suggest?: Command<Ctx>['suggest'],
  ): Command<Ctx> {
    return { definition, run: run as Command<Ctx>['run'], ...(suggest && { suggest }) };
  };
}

/** Raw argument values as they arrive from an adapter, before validation. */
export type RawArgs = Record<string, string | number | undefined>;

/** The subcommand a call chose, for a command that has subcommands. */
export function subcommandOf(def: CommandDef, name: unknown): SubcommandDef | undefined {
  return def.subcommands?.find((s) => s.name === name);
}

const NO_OPTIONS: readonly OptionDef[] = Object.freeze([]);

/** The options a call may carry: the command's own, or those of the subcommand it chose. */
export function optionsOf(def: CommandDef, subcommand?: SubcommandDef): readonly OptionDef[] {
  return (subcommand ? subcommand.options : def.options) ?? NO_OPTIONS;
}

/** Some or all of its uses are for moderators, so an adapter must find out whether the caller is one. */
export function refusesNonModerators(def: CommandDef): boolean {
  return Boolean(def.moderatorOnly || def.subcommands?.some((s) => s.moderatorOnly));
}

/** The description as users read it, marked when only moderators may use it. */
export function described(item: CommandDef | SubcommandDef): string {
  return item.moderatorOnly ? `${item.description} (moderators only)` : item.description;
}
