// The adapter contract: what every platform adapter must do, as one suite each adapter's test file
// runs against its own driver (test/adapters/<platform>/contract.test.ts). A new platform writes a
// driver (send a command the way its users do, read back what they see) and calls adapterContract.
//
// - every command in commands/ reaches a rendered reply, never an error;
// - public answers stay public and private ones (help, refusals, errors) private, where the
//   platform has private answers;
// - answers keep within the platform's message limits, and its plug-in declares a posting rate;
// - nothing the bot answers can ping anyone;
// - an internal error becomes an apology with an error id, never the error's own text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands';
import { defineCommand, type NewsroomCommand } from '../../commands/context';
import type { AnyPlatform } from '../../src/adapters';
import { type CommandDef, optionsOf, subcommandOf } from '../../src/core/command';
import type { Visibility } from '../../src/core/reply';

/** One command as a user sends it: its name, the subcommand chosen, the option values in order. */
export interface Call {
  readonly command: string;
  readonly subcommand?: string;
  readonly options: ReadonlyArray<readonly [name: string, value: string | number]>;
}

/** What the user sees. */
export interface Answer {
  /** Every piece of text in the answer, joined. */
  readonly text: string;
  /** Undefined on a platform without private answers (the console). */
  readonly visibility: Visibility | undefined;
  /** The platform limits this answer breaks (message, embed or block sizes); empty when within them all. */
  readonly overLimits: readonly string[];
  /** The answer could notify someone (mention syntax, or mentions the platform would act on). */
  readonly canPing: boolean;
}

export interface ContractDriver {
  send(call: Call, as: 'reader' | 'moderator'): Promise<Answer>;
  close(): Promise<void>;
}

export interface ContractSubject {
  readonly name: string;
  /** The platform's entry in src/adapters/index.ts (none for the console, which is not a plug-in). */
  readonly plugin?: AnyPlatform;
  /** A running adapter with `extra` commands added to commands/ (the contract's own test commands). */
  start(extra: readonly NewsroomCommand[]): Promise<ContractDriver>;
}

/** The text a call reads as, where commands are typed: "/digest status", "/summary kim long". */
export function typed(call: Call): string {
  return [call.subcommand, ...call.options.map(([, value]) => String(value))].filter((part) => part !== undefined).join(' ');
}

/** Arguments that make any command do its read-only thing: "status" where offered, words elsewhere. */
function sampleCall(definition: CommandDef): Call {
  const subcommand = definition.subcommands && (subcommandOf(definition, 'status') ?? definition.subcommands[0]);
  const options = optionsOf(definition, subcommand)
    .filter((o) => o.required)
    .map((o) => [o.name, o.choices ? (o.choices.includes('status') ? 'status' : o.choices[0]!) : o.type === 'integer' ? (o.min ?? 1) : 'schools'] as const);
  return { command: definition.name, ...(subcommand && { subcommand: subcommand.name }), options };
}

const SECRET = 'the archive server fell over';
const explode = defineCommand({ name: 'explode', description: 'Fails on purpose (test only)', options: [] }, () => {
  throw new Error(SECRET);
});
/** Tries to ping everyone and a user, in every part of a reply. */
const shout = defineCommand({ name: 'shout', description: 'Says mention-like things (test only)', options: [] }, () => ({
  title: '@everyone <@123> <!channel>',
  text: '@here <@&456> <!here> @everyone',
  fields: [{ name: '<@789>', value: '@everyone' }],
  visibility: 'public' as const,
}));

export function adapterContract(subject: ContractSubject): void {
  describe(`the adapter contract: ${subject.name}`, () => {
    let driver: ContractDriver;
    beforeAll(async () => {
      driver = await subject.start([explode, shout]);
    });
    afterAll(() => driver?.close());

    it('answers every command in commands/ with a reply within the platform limits, never an error', async () => {
      for (const { definition } of commands) {
        const answer = await driver.send(sampleCall(definition), 'moderator');
        expect(answer.text.trim().length, definition.name).toBeGreaterThan(0);
        expect(answer.text, definition.name).not.toMatch(/error id/);
        expect(answer.overLimits, definition.name).toEqual([]);
        expect(answer.canPing, definition.name).toBe(false);
      }
    });

    it('keeps public answers public and help private, where the platform has private answers', async () => {
      const summary = await driver.send({ command: 'summary', options: [['article', 'kim']] }, 'reader');
      expect(summary.text).toContain('Kim Jong Un');
      const help = await driver.send({ command: 'help', options: [] }, 'reader');
      expect(help.text).toContain('/summary');
      if (summary.visibility === undefined) {
        expect(help.visibility).toBeUndefined();
        return;
      }
      expect(summary.visibility).toBe('public');
      expect(help.visibility).toBe('ephemeral');
    });

    it('refuses a reader a moderator command privately, and lets a moderator use it', async () => {
      const moderator = await driver.send({ command: 'covid-notice', options: [['state', 'status']] }, 'moderator');
      expect(moderator.text).toMatch(/COVID-19 notice/);
      const reader = await driver.send({ command: 'covid-notice', options: [['state', 'off']] }, 'reader');
      // The console has one user, its moderator: nobody there can be refused.
      if (reader.visibility === undefined) return;
      expect(reader.text).toMatch(/Only moderators/);
      expect(reader.visibility).toBe('ephemeral');
    });

    it('lets nothing ping, whatever a reply says', async () => {
      const answer = await driver.send({ command: 'shout', options: [] }, 'reader');
      expect(answer.text.length).toBeGreaterThan(0);
      expect(answer.canPing).toBe(false);
    });

    it('answers an internal error with an apology and an error id, never the error itself, and keeps serving', async () => {
      const answer = await driver.send({ command: 'explode', options: [] }, 'reader');
      expect(answer.text).toMatch(/error id: [0-9a-f]{8}/);
      expect(answer.text).not.toContain(SECRET);
      if (answer.visibility !== undefined) expect(answer.visibility).toBe('ephemeral');
      expect((await driver.send({ command: 'advisory', options: [] }, 'reader')).text).toMatch(/COVID-19/);
    });

    if (subject.plugin) {
      const plugin = subject.plugin;
      it('is listed as a plug-in with its name, settings reader and a posting rate', () => {
        expect(plugin.name).toBe(subject.name);
        expect(plugin.limits.postsPerSecond).toBeGreaterThan(0);
        // Not configured without its settings: an empty environment reads as "absent", no problems.
        expect(plugin.readConfig({})).toEqual({ settings: undefined, problems: [] });
      });
    }
  });
}
