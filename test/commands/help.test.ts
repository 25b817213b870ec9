import { describe, expect, it } from 'vitest';
import { commands } from '../../commands';
import { buildTestBot, reader } from '../support/newsroom';

describe('/help', () => {
  it('lists every command from its definition, moderator ones marked', async () => {
    const { dispatcher } = await buildTestBot();
    const reply = await dispatcher.dispatch(reader(), 'help');
    expect(reply.fields).toHaveLength(commands.length);
    for (const { definition } of commands) {
      expect(reply.fields!.some((f) => f.name.startsWith(`/${definition.name}`) && f.value.startsWith(definition.description))).toBe(true);
    }
    expect(reply.fields!.find((f) => f.name.startsWith('/covid-notice'))!.value).toContain('moderators only');
  });

  it('explains one command, and points back to the list for an unknown one', async () => {
    const { dispatcher } = await buildTestBot();
    const summary = await dispatcher.dispatch(reader(), 'help', 'summary');
    expect(summary.text).toContain('Usage: /summary [article] [short|medium|long]');
    const unknown = await dispatcher.dispatch(reader(), 'help', 'frobnicate');
    expect(unknown.text).toContain('There is no /frobnicate');
  });

  it('shows each subcommand with its own options, moderator ones marked', async () => {
    const { dispatcher } = await buildTestBot();
    const list = await dispatcher.dispatch(reader(), 'help');
    expect(list.fields).toContainEqual(expect.objectContaining({ name: '/feeds add [url] [live|digest] [match] [exclude] [yes|no] | remove [url] | list | test [url] [match] [exclude]' }));

    const digest = await dispatcher.dispatch(reader(), 'help', 'digest');
    expect(digest.fields!.map((f) => f.name)).toEqual(['/digest subscribe [time] [timezone] [count] [days] [skip|post]', '/digest unsubscribe', '/digest status', '/digest preview [count]']);
    const [subscribe, unsubscribe, status] = digest.fields!.map((f) => f.value.split('\n'));
    expect(subscribe![0]).toMatch(/\(moderators only\)$/);
    expect(subscribe!.slice(1).map((line) => line.split(':')[0])).toEqual(['  time', '  timezone', '  count', '  days', '  empty']);
    expect(unsubscribe).toEqual([expect.stringMatching(/\(moderators only\)$/)]);
    expect(status).toEqual([expect.not.stringContaining('moderators')]);
    expect(digest.text).toContain('Example: /digest subscribe time:07:30');
  });
});
