import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../../commands';
import { defineCommand } from '../../../commands/context';
import { type CommandDef, optionsOf, subcommandOf } from '../../../src/core/command';
import { StoreUnavailableError } from '../../../src/core/errors';
import { MemoryStore } from '../../../src/store/memory';
import { allText, type Harness, PING, startHarness } from './harness';

const explode = defineCommand({ name: 'explode', description: 'Fails on purpose (test only)', options: [] }, () => {
  throw new Error('the archive server fell over');
});
const slowNews = { title: 'Slow news', text: 'Worth the wait.', visibility: 'public' as const };
const slow = defineCommand({ name: 'slow', description: 'Takes its time (test only)', options: [] }, async () => {
  await new Promise((resolve) => setTimeout(resolve, 1500));
  return slowNews;
});
// Answers only once the test releases it: an ack seen before then did not wait for the answer,
// however slow the machine.
let releaseHeld: () => void = () => undefined;
const held = new Promise<void>((resolve) => (releaseHeld = resolve));
const heldBack = defineCommand({ name: 'held', description: 'Answers when the test says (test only)', options: [] }, async () => {
  await held;
  return slowNews;
});

/** Arguments that make any command do its read-only thing: "status" where offered, words elsewhere. */
function sampleArguments(definition: CommandDef): string {
  const subcommand = definition.subcommands && (subcommandOf(definition, 'status') ?? definition.subcommands[0]);
  const values = optionsOf(definition, subcommand)
    .filter((o) => o.required)
    .map((o) => (o.choices ? (o.choices.includes('status') ? 'status' : o.choices[0]!) : o.type === 'integer' ? String(o.min ?? 1) : 'schools'));
  return [...(subcommand ? [subcommand.name] : []), ...values].join(' ');
}

type Block = { type: string; text?: { text: string }; elements?: Array<{ text: string }> };

describe('Slack slash commands, through the real Bolt app', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ extraCommands: [explode, heldBack], moderatorIds: ['U0LISTED'], ackBudgetMs: 150 });
    h.slack.users.set('U0ADMIN', { id: 'U0ADMIN', is_admin: true });
    h.slack.users.set('U0OWNER', { id: 'U0OWNER', is_owner: true });
    h.slack.users.set('U0READER', { id: 'U0READER' });
  });
  afterAll(() => {
    releaseHeld(); // shutdown waits for answers in flight
    return h.close();
  });

  it('answers every command in commands/ with a rendered reply, never an error', async () => {
    for (const { definition } of commands) {
      const text = sampleArguments(definition);
      const res = await h.send({ command: `/${definition.name}`, text, user_id: 'U0ADMIN' });
      expect(res.status, definition.name).toBe(200);
      expect(['in_channel', 'ephemeral'], definition.name).toContain(res.json?.response_type);
      expect(String(res.json?.text).length, definition.name).toBeGreaterThan(0);
      expect((res.json?.blocks as unknown[]).length, definition.name).toBeGreaterThan(0);
      expect(String(res.json?.text), definition.name).not.toMatch(/went wrong/);
    }
  });

  it('runs the same commands through the umbrella /newsroom', async () => {
    const direct = await h.send({ command: '/quote', text: 'schools' });
    const umbrella = await h.send({ command: '/newsroom', text: 'quote schools' });
    expect(umbrella.json).toEqual(direct.json);
    const help = await h.send({ command: '/newsroom', text: '' });
    expect(String(help.json?.text)).toContain('/summary');
    expect(help.json?.response_type).toBe('ephemeral');
  });

  it('keeps public answers in channel and help, refusals and errors ephemeral', async () => {
    expect((await h.send({ command: '/news', text: '2' })).json?.response_type).toBe('in_channel');
    expect((await h.send({ command: '/help' })).json?.response_type).toBe('ephemeral');
    const unknown = await h.send({ command: '/summary', text: 'no such article anywhere' });
    expect(unknown.json?.response_type).toBe('ephemeral');
    expect(String(unknown.json?.text)).toMatch(/No article|no article/i);
  });

  it('attaches the COVID-19 notice with the CDC link in a context block', async () => {
    const res = await h.send({ command: '/summary', text: 'riverton schools' });
    const blocks = res.json?.blocks as Block[];
    const last = blocks.at(-1)!;
    expect(last.type).toBe('context');
    expect(last.elements![0]!.text).toContain('<https://www.cdc.gov/covid/index.html|CDC - Centers for Disease Control and Prevention>');
    expect(String(res.json?.text)).toContain('https://www.cdc.gov/covid/index.html');
  });

  it('renders quotes as quote sections with the speaker', async () => {
    const res = await h.send({ command: '/quote', text: 'schools' });
    const sections = (res.json?.blocks as Block[]).filter((b) => b.type === 'section' && b.text?.text.startsWith('&gt; “'));
    expect(sections.length).toBeGreaterThan(0);
    expect(sections.map((s) => s.text!.text).join('\n')).toContain('Okafor');
  });

  it('lets workspace admins, owners and listed ids toggle the notice; refuses everyone else', async () => {
    const reader = await h.send({ command: '/covid-notice', text: 'off', user_id: 'U0READER' });
    expect(String(reader.json?.text)).toMatch(/Only moderators/);
    expect((await h.send({ command: '/summary', text: 'riverton schools' })).json?.blocks).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'context' })]),
    );

    const admin = await h.send({ command: '/covid-notice', text: 'off', user_id: 'U0ADMIN', user_name: 'ada' });
    expect(String(admin.json?.text)).toMatch(/^Done\. The COVID-19 notice is off here; set by ada/);
    const without = await h.send({ command: '/summary', text: 'riverton schools' });
    expect(allText(without.json).join(' ')).not.toContain('cdc.gov');

    const owner = await h.send({ command: '/covid-notice', text: 'on', user_id: 'U0OWNER' });
    expect(String(owner.json?.text)).toMatch(/notice is on/);
    const listed = await h.send({ command: '/covid-notice', text: 'status', user_id: 'U0LISTED' });
    expect(String(listed.json?.text)).toMatch(/notice is on/);
  });

  it('looks the user up for commands that refuse only some actions (/digest subscribe)', async () => {
    const reader = await h.send({ command: '/digest', text: 'subscribe 08:00', user_id: 'U0READER', channel_id: 'C0DIGEST' });
    expect(String(reader.json?.text)).toMatch(/Only moderators/);
    const admin = await h.send({ command: '/digest', text: 'subscribe 08:00', user_id: 'U0ADMIN', channel_id: 'C0DIGEST' });
    expect(allText(admin.json).join(' ')).toContain('Digest scheduled for this channel');
  });

  it('looks a user up once and remembers the answer', async () => {
    const before = h.slack.callsTo('users.info').filter((c) => c.args.user === 'U0OWNER').length;
    await h.send({ command: '/covid-notice', text: 'status', user_id: 'U0OWNER' });
    await h.send({ command: '/covid-notice', text: 'status', user_id: 'U0OWNER' });
    const after = h.slack.callsTo('users.info').filter((c) => c.args.user === 'U0OWNER').length;
    expect(after - before).toBeLessThanOrEqual(1);
    expect(h.slack.callsTo('users.info').some((c) => c.args.user === 'U0LISTED')).toBe(false);
  });

  it('answers an internal error with an apology and an error id, and keeps serving', async () => {
    const res = await h.send({ command: '/explode' });
    expect(res.status).toBe(200);
    expect(res.json?.response_type).toBe('ephemeral');
    expect(String(res.json?.text)).toMatch(/went wrong.*error id: [0-9a-f]{8}/);
    expect(allText(res.json).join(' ')).not.toContain('archive server');
    expect((await h.send({ command: '/advisory' })).json?.response_type).toBe('in_channel');
  });

  it('acks a slow command at once and delivers the answer through response_url', async () => {
    const res = await h.send({ command: '/held', response_url: h.slack.responseUrl('slow-1') });
    // Acked empty once the 150 ms budget ran out, while the answer was still held back.
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(h.slack.responses.find((r) => r.id === 'slow-1')).toBeUndefined();
    releaseHeld();
    const delivered = await h.slack.waitFor(() => h.slack.responses.find((r) => r.id === 'slow-1'));
    expect(delivered.body).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expect(String(delivered.body.text)).toContain('Worth the wait.');
  });

  it('answers a command it does not know in words, not with a 404', async () => {
    const res = await h.send({ command: '/weather' });
    expect(res.status).toBe(200);
    expect(String(res.json?.text)).toMatch(/don't know \/weather/);
  });

  it('escapes injected mentions in every command that echoes text', async () => {
    for (const [command, text] of [
      ['/search', '<!here>'],
      ['/summary', '<@U0BOSS> <!everyone>'],
      ['/quote', 'schools <!channel>'],
      ['/help', '<!subteam^S123>'],
      ['/newsroom', '<!channel>'],
    ] as const) {
      const res = await h.send({ command, text });
      for (const t of allText(res.json)) expect(t, command).not.toMatch(PING);
    }
  });

  it('keeps serving when users.info fails: the user is told they are not a moderator', async () => {
    h.slack.script.set('users.info', [{ status: 500 }, { status: 500 }, { status: 500 }]);
    // The Web API retries outlast the (test-sized) ack budget, so the answer comes via response_url.
    const res = await h.send({ command: '/covid-notice', text: 'on', user_id: 'U0STRANGER', response_url: h.slack.responseUrl('mod-down') });
    expect(res.status).toBe(200);
    const delivered = await h.slack.waitFor(() => h.slack.responses.find((r) => r.id === 'mod-down'));
    expect(String(delivered.body.text)).toMatch(/Only moderators/);
    expect(delivered.body.response_type).toBe('ephemeral');
    h.slack.script.delete('users.info');
  });
});

/** A store whose backend stopped answering: every call fails the way the keyv backends report it. */
class DownStore extends MemoryStore {
  override get<T>(): Promise<T | undefined> {
    return Promise.reject(new StoreUnavailableError(new Error('connect ECONNREFUSED 127.0.0.1:6379')));
  }
  override set(): Promise<void> {
    return Promise.reject(new StoreUnavailableError(new Error('connect ECONNREFUSED 127.0.0.1:6379')));
  }
}

describe('Slack slash commands while the store is down', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ store: new DownStore(), moderatorIds: ['U0MOD'] });
  });
  afterAll(() => h.close());

  it('answers a settings change with a clear "unavailable", and reading commands keep working', async () => {
    const toggle = await h.send({ command: '/covid-notice', text: 'off', user_id: 'U0MOD' });
    expect(toggle.status).toBe(200);
    expect(toggle.json?.response_type).toBe('ephemeral');
    expect(String(toggle.json?.text)).toMatch(/temporarily unavailable/);
    const summary = await h.send({ command: '/summary', text: 'riverton schools' });
    expect(summary.json?.response_type).toBe('in_channel');
    expect(allText(summary.json).join(' ')).toContain('Riverton');
  });
});

describe('Slack adapter shutdown', () => {
  it('waits for a slow answer already acked to reach response_url before it stops', async () => {
    const h = await startHarness({ extraCommands: [slow], ackBudgetMs: 100 });
    try {
      const res = await h.send({ command: '/slow', response_url: h.slack.responseUrl('slow-at-stop') });
      expect(res.text).toBe(''); // acked empty: the answer is still being written
      await h.adapter.stop();
      expect(h.slack.responses.find((r) => r.id === 'slow-at-stop')?.body).toMatchObject({ text: expect.stringContaining('Worth the wait.') });
    } finally {
      await h.close();
    }
  });
});
