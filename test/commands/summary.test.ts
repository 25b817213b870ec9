import { describe, expect, it } from 'vitest';
import { buildTestBot, moderator, reader } from '../support/newsroom';

describe('/summary', () => {
  it('summarizes the latest article by default, with its byline', async () => {
    const { dispatcher } = await buildTestBot();
    const reply = await dispatcher.dispatch(reader(), 'summary', '');
    expect(reply.outcome).toBe('ok');
    expect(reply.title).toBe('Harbor Brewing says summer sales lifted by Corona and lagers');
    expect(reply.text).toContain('Harbor Brewing');
    expect(reply.footer).toContain('Riverton Ledger');
    expect(reply.visibility).toBe('public');
  });

  it('finds the seed by words of its title and carries the COVID-19 notice with the CDC link', async () => {
    const { dispatcher } = await buildTestBot();
    const reply = await dispatcher.dispatch(reader(), 'summary', 'kim russia');
    expect(reply.title).toBe('North Korea’s Kim Jong Un arrives in Russia for possible arms talks with Putin');
    expect(reply.text).toMatch(/^Kim Jong Un has arrived in Russia/);
    expect(reply.notice?.url).toBe('https://www.cdc.gov/covid/index.html');
    expect(reply.notice?.text).toContain('This post may refer to COVID-19');
  });

  it('gives one, two or three sentences for short, medium and long', async () => {
    const { dispatcher } = await buildTestBot();
    const lengths = await Promise.all(
      ['short', 'medium', 'long'].map(async (length) => {
        const reply = await dispatcher.dispatch(reader(), 'summary', `riverton-schools-reopen ${length}`);
        return reply.text!;
      }),
    );
    expect(lengths[0]!.length).toBeLessThan(lengths[1]!.length);
    expect(lengths[1]!.length).toBeLessThan(lengths[2]!.length);
    expect(lengths[2]).not.toMatch(/RIVERTON, Ohio/); // dateline debris stripped
  });

  it('drops the notice once a moderator turns it off for the workspace, and only there', async () => {
    const { dispatcher } = await buildTestBot();
    await dispatcher.dispatch(moderator(), 'covid-notice', 'off');
    expect((await dispatcher.dispatch(reader(), 'summary', 'kim')).notice).toBeUndefined();
    expect((await dispatcher.dispatch(reader({ workspaceId: 'other-newsroom' }), 'summary', 'kim')).notice).toBeDefined();
  });

  it('never attaches the notice to an article that does not refer to COVID-19', async () => {
    const { dispatcher } = await buildTestBot();
    const reply = await dispatcher.dispatch(reader(), 'summary', 'harbor brewing');
    expect(reply.notice).toBeUndefined();
  });

  it('answers an unknown article with the closest titles', async () => {
    const { dispatcher } = await buildTestBot();
    const reply = await dispatcher.dispatch(reader(), 'summary', 'riverten schols');
    expect(reply.outcome).toBe('refused');
    expect(reply.text).toContain('No article matches “riverten schols”');
    expect(reply.text).toContain('Riverton schools reopen classrooms after COVID-19 outbreak');
  });
});
