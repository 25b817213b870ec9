import { describe, expect, it } from 'vitest';
import { commands } from '../../commands';
import { defineCommand } from '../../commands/context';
import type { Logger } from '../../src/core/context';
import { StoreUnavailableError } from '../../src/core/errors';
import { buildTestBot, reader } from '../support/newsroom';

/** Keeps what was logged, to check the error id reaches the log. */
function recordingLogger(lines: Array<Record<string, unknown>>): Logger {
  const log = (obj: object | string, msg?: string) => lines.push(typeof obj === 'string' ? { msg: obj } : { ...obj, msg });
  const logger: Logger = { debug: log, info: log, warn: log, error: log, child: () => logger };
  return logger;
}

const broken = defineCommand({ name: 'broken', description: 'Always fails', options: [] }, () => {
  throw new Error('database exploded');
});

describe('Dispatcher', () => {
  it('reports when in-flight commands have finished, for a graceful shutdown', async () => {
    let release!: () => void;
    const slow = defineCommand({ name: 'slow', description: 'Waits', options: [] }, async () => {
      await new Promise<void>((resolve) => (release = resolve));
      return { text: 'finished', visibility: 'public' };
    });
    const { dispatcher } = await buildTestBot({ commands: [slow] });
    expect(await dispatcher.idle(10)).toBe(true);
    const answer = dispatcher.dispatch(reader(), 'slow');
    expect(dispatcher.inFlight).toBe(1);
    expect(await dispatcher.idle(20)).toBe(false); // bounded: gives up while the command still runs
    const idle = dispatcher.idle(5000);
    release();
    expect(await idle).toBe(true);
    expect((await answer).text).toBe('finished');
  });

  it('answers an internal error with an apology and an error id that is in the log', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const { dispatcher } = await buildTestBot({ commands: [...commands, broken], logger: recordingLogger(lines) });
    const reply = await dispatcher.dispatch(reader(), 'broken');
    expect(reply.outcome).toBe('error');
    expect(reply.visibility).toBe('ephemeral');
    const errorId = /error id: ([0-9a-f]{8})/.exec(reply.text!)?.[1];
    expect(errorId).toBeDefined();
    expect(reply.text).not.toContain('database exploded');
    expect(lines.some((l) => l.errorId === errorId && l.msg === 'command failed')).toBe(true);
    // ...and keeps serving.
    expect((await dispatcher.dispatch(reader(), 'news', '')).outcome).toBe('ok');
  });

  it('points an unknown command at /help', async () => {
    const { dispatcher } = await buildTestBot();
    const reply = await dispatcher.dispatch(reader(), '/frobnicate', 'now');
    expect(reply.text).toBe("I don't know /frobnicate. Type /help to see what I can do.");
    expect(reply.outcome).toBe('refused');
  });

  it('logs one line per command with latency and outcome', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const { dispatcher } = await buildTestBot({ logger: recordingLogger(lines) });
    await dispatcher.dispatch(reader(), 'summary', 'kim');
    const handled = lines.filter((l) => l.msg === 'command handled');
    expect(handled).toHaveLength(1);
    expect(handled[0]).toMatchObject({ outcome: 'ok' });
    expect(typeof handled[0]!.latencyMs).toBe('number');
  });

  it('words a store outage for the command that met it, not as a bug and not as settings', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const down = () => {
      throw new StoreUnavailableError(new Error('connect ECONNREFUSED'));
    };
    const filing = defineCommand({ name: 'filing', description: 'Files things', subcommands: [{ name: 'add', description: 'Adds one' }] }, down);
    const toggling = defineCommand({ name: 'toggling', description: 'Keeps a switch', stores: 'Settings', options: [] }, down);
    const { dispatcher } = await buildTestBot({ commands: [filing, toggling], logger: recordingLogger(lines) });
    const add = await dispatcher.dispatch(reader(), 'filing', 'add');
    expect(add).toMatchObject({ outcome: 'refused', visibility: 'ephemeral', text: "/filing add could not reach the bot's storage, which is temporarily unavailable. Please try again in a minute." });
    const toggle = await dispatcher.dispatch(reader(), 'toggling');
    expect(toggle).toMatchObject({ outcome: 'refused', text: 'Settings are temporarily unavailable. Please try again in a minute.' });
    // Logged as an outage, with what the backend said; no error id, as there is no bug to report.
    expect(lines.filter((l) => l.msg === 'command refused: the store is unavailable').map((l) => l.command)).toEqual(['filing', 'toggling']);
    expect(lines.some((l) => l.errorId !== undefined)).toBe(false);
  });

  it('answers 10 kB and empty arguments clearly', async () => {
    const { dispatcher } = await buildTestBot();
    const huge = await dispatcher.dispatch(reader(), 'summary', 'a'.repeat(10_240));
    expect(huge.outcome).toBe('refused');
    expect(huge.text).toContain('too long');
    const empty = await dispatcher.dispatch(reader(), 'search', '   ');
    expect(empty.text).toContain('Missing query');
  });
});
