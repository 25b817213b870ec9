import { describe, expect, it } from 'vitest';
import { buildTestBot, moderator, reader } from '../support/newsroom';

describe('/advisory', () => {
  it('always gives the CDC link, even where the notice is switched off', async () => {
    const { dispatcher } = await buildTestBot();
    await dispatcher.dispatch(moderator(), 'covid-notice', 'off');
    const reply = await dispatcher.dispatch(reader(), 'advisory');
    expect(reply.outcome).toBe('ok');
    expect(reply.url).toBe('https://www.cdc.gov/covid/index.html');
    expect(reply.text).toContain('CDC - Centers for Disease Control and Prevention');
    expect(reply.notice?.url).toBe('https://www.cdc.gov/covid/index.html');
  });
});
