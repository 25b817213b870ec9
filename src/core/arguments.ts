// Turning what a user typed into a command's arguments, the same way on every text platform
// (console, Slack): `name:value` sets an option by name; other words fill options in order, a word
// that is one of an option's choices goes to that option, a number to a number option, and the
// remaining words to the first free text option ("/summary kim jong un long"). A command with
// subcommands takes the word naming one ("/digest subscribe 07:30") and the rest as its options.
import { type CommandDef, MAX_OPTION_LENGTH, type OptionDef, optionsOf, type RawArgs, SUBCOMMAND_ARG, type SubcommandDef, subcommandOf } from './command';
import { UserError } from './errors';

/** Longest line of arguments we read at all; past it, the user is told, nothing is parsed. */
export const MAX_ARGUMENT_TEXT = 1000;

/** Splits on spaces, keeping "quoted values" (straight or curly) together. */
export function tokenize(text: string): string[] {
  // Without a quote character the pattern below takes each run of non-spaces whole: split instead.
  if (!/["“]/.test(text)) return text.split(/\s+/).filter((t) => t !== '');
  const tokens: string[] = [];
  const pattern = /(\S+?:)?(?:"([^"]*)"|“([^”]*)”|(\S+))/g;
  for (const m of text.matchAll(pattern)) {
    const value = m[2] ?? m[3] ?? m[4] ?? '';
    tokens.push(`${m[1] ?? ''}${value}`);
  }
  return tokens;
}

function hint(o: OptionDef): string {
  const label = o.choices ? o.choices.join('|') : o.name;
  return o.required ? `<${label}>` : `[${label}]`;
}

/** What the platform a usage line is for offers (OptionDef.needs); everything when absent. */
export interface Offers {
  readonly threads: boolean;
}

const words = (name: string, options: readonly OptionDef[] = [], offers?: Offers) =>
  [name, ...options.filter((o) => !o.needs || !offers || offers[o.needs]).map(hint)].join(' ');

/** `/summary [article] …`; one subcommand's `/digest status`; or every subcommand, `|` between them. */
export function usage(def: CommandDef, subcommand?: SubcommandDef, offers?: Offers): string {
  if (subcommand) return `/${def.name} ${words(subcommand.name, subcommand.options, offers)}`;
  if (def.subcommands) return `/${def.name} ${def.subcommands.map((s) => words(s.name, s.options, offers)).join(' | ')}`;
  return words(`/${def.name}`, def.options, offers);
}

const CRON_FIELD = /^(?:\*|\d+)(?:[-/,]\d+|[-/,]\*)*$|^\*\/\d+$/;

/**
 * Five cron fields typed unquoted ("0 8 * * 1-5") stay one value instead of numbers for other
 * options. In a longer run of such tokens ("3 0 8 * * 1-5") the last five are the expression.
 */
function joinCronFields(tokens: string[]): string[] {
  let end = tokens.length;
  while (end > 0) {
    let start = end;
    while (start > 0 && CRON_FIELD.test(tokens[start - 1]!)) start--;
    if (end - start >= 5 && tokens.slice(end - 5, end).some((t) => t.includes('*'))) {
      return [...tokens.slice(0, end - 5), tokens.slice(end - 5, end).join(' '), ...tokens.slice(end)];
    }
    end = start - 1;
  }
  return tokens;
}

const byNameOf = new WeakMap<readonly OptionDef[], ReadonlyMap<string, OptionDef>>();

function optionsByName(options: readonly OptionDef[]): ReadonlyMap<string, OptionDef> {
  let byName = byNameOf.get(options);
  if (!byName) {
    byName = new Map(options.map((o) => [o.name, o]));
    byNameOf.set(options, byName);
  }
  return byName;
}

/** Parses a line of text into raw option values for `def` (and the subcommand it names, if any). */
export function parseArgumentText(def: CommandDef, text: string): RawArgs {
  if (text.length > MAX_ARGUMENT_TEXT) {
    throw new UserError(`That is too long (${text.length} characters; the limit is ${MAX_ARGUMENT_TEXT}). Usage: ${usage(def)}`);
  }
  const tokens = tokenize(text.trim());
  if (!def.subcommands) return parseTokens(def, undefined, tokens);
  const at = tokens.findIndex((t) => subcommandOf(def, t.toLowerCase()));
  // No subcommand named: validateArgs says which there are.
  if (at < 0) return {};
  const subcommand = subcommandOf(def, tokens[at]!.toLowerCase())!;
  return { [SUBCOMMAND_ARG]: subcommand.name, ...parseTokens(def, subcommand, tokens.toSpliced(at, 1)) };
}

function parseTokens(def: CommandDef, subcommand: SubcommandDef | undefined, tokens: string[]): RawArgs {
  const options = optionsOf(def, subcommand);
  const raw: RawArgs = {};
  const free: string[] = [];
  const byName = optionsByName(options);
  for (const token of joinCronFields(tokens)) {
    const named = /^([a-z][a-z0-9-]*):(.*)$/s.exec(token);
    if (named && byName.has(named[1]!)) {
      raw[named[1]!] = named[2]!;
      continue;
    }
    const lower = token.toLowerCase();
    const choice = options.find((o) => raw[o.name] === undefined && o.choices?.includes(lower));
    if (choice) {
      raw[choice.name] = lower;
      continue;
    }
    const number = options.find((o) => raw[o.name] === undefined && o.type === 'integer');
    if (number && /^-?\d+$/.test(token) && free.length === 0) {
      raw[number.name] = token;
      continue;
    }
    free.push(token);
  }
  if (free.length > 0) {
    // Free words go to the first free text option; failing that to an unfilled option whose
    // validation will then say what it accepts ("must be one of: on, off, status").
    const textOption =
      options.find((o) => raw[o.name] === undefined && o.type === 'string' && !o.choices) ??
      options.find((o) => raw[o.name] === undefined);
    if (!textOption) {
      throw new UserError(`I don't know what to do with “${free.join(' ').slice(0, 60)}”. Usage: ${usage(def, subcommand)}`);
    }
    raw[textOption.name] = free.join(' ');
  }
  return raw;
}

function validateOne(def: CommandDef, subcommand: SubcommandDef | undefined, option: OptionDef, value: string | number | undefined): string | number | undefined {
  if (value === undefined || (typeof value === 'string' && value.trim() === '')) {
    if (option.required) throw new UserError(`Missing ${option.name} (${option.description}). Usage: ${usage(def, subcommand)}`);
    return undefined;
  }
  const text = String(value).trim();
  const max = option.maxLength ?? MAX_OPTION_LENGTH;
  if (text.length > max) {
    throw new UserError(`The ${option.name} is too long (${text.length} characters; at most ${max}).`);
  }
  if (option.type === 'integer') {
    const n = Number(text);
    if (!Number.isInteger(n)) throw new UserError(`The ${option.name} must be a whole number, not “${text.slice(0, 20)}”.`);
    if ((option.min !== undefined && n < option.min) || (option.max !== undefined && n > option.max)) {
      throw new UserError(`The ${option.name} must be between ${option.min ?? '…'} and ${option.max ?? '…'}.`);
    }
    return n;
  }
  if (option.choices) {
    const lower = text.toLowerCase();
    if (!option.choices.includes(lower)) {
      throw new UserError(`The ${option.name} must be one of: ${option.choices.join(', ')}.`);
    }
    return lower;
  }
  return text;
}

/**
 * Checks raw values against the definition: the subcommand, if the command has them, then
 * required, type, range, choices, length of each option.
 */
export function validateArgs(def: CommandDef, raw: RawArgs): Record<string, string | number> {
  if (!def.subcommands) return validateOptions(def, undefined, raw);
  const { [SUBCOMMAND_ARG]: chosen, ...rest } = raw;
  const subcommand = subcommandOf(def, String(chosen ?? '').toLowerCase());
  if (!subcommand) {
    throw new UserError(`Which one: ${def.subcommands.map((s) => s.name).join(', ')}? Usage: ${usage(def)}`);
  }
  return { [SUBCOMMAND_ARG]: subcommand.name, ...validateOptions(def, subcommand, rest) };
}

function validateOptions(def: CommandDef, subcommand: SubcommandDef | undefined, raw: RawArgs): Record<string, string | number> {
  const options = optionsOf(def, subcommand);
  const unknown = Object.keys(raw).filter((k) => !options.some((o) => o.name === k));
  if (unknown.length > 0) {
    const called = subcommand ? `/${def.name} ${subcommand.name}` : `/${def.name}`;
    throw new UserError(`${called} has no option “${unknown[0]!.slice(0, 30)}”. Usage: ${usage(def, subcommand)}`);
  }
  const args: Record<string, string | number> = {};
  for (const option of options) {
    const value = validateOne(def, subcommand, option, raw[option.name]);
    if (value !== undefined) args[option.name] = value;
  }
  return args;
}
