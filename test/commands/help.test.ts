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
});
