import { describe, expect, it } from 'vitest';
import { buildTestBot, reader } from '../support/newsroom';

describe('/quote', () => {
  it('lists the seed quotes with their speakers, the pronoun resolved to Pat Ryder', async () => {
    const { dispatcher } = await buildTestBot();
    const reply = await dispatcher.dispatch(reader(), 'quote', 'kim');
    expect(reply.quotes?.length).toBeGreaterThanOrEqual(10);
    const ryder = reply.quotes!.filter((q) => q.speaker === 'Pat Ryder');
    expect(ryder.map((q) => q.text)).toEqual([
      'As far as the details of that meeting and what will be discussed and when and where, I just don’t have any information to provide',
      'We remain concerned that North Korea is contemplating providing any type of ammunition or materiel support to Russia in support of their war against Ukraine',
    ]);
    expect(reply.notice).toBeDefined();
  });

  it('filters by speaker, by option or by trailing words', async () => {
    const { dispatcher } = await buildTestBot();
    const byOption = await dispatcher.dispatch(reader(), 'quote', 'kim speaker:easley');
    expect(byOption.quotes?.every((q) => q.speaker === 'Leif-Eric Easley')).toBe(true);
    expect(byOption.quotes).toHaveLength(2);
    const byWords = await dispatcher.dispatch(reader(), 'quote', 'kim ryder');
    expect(byWords.quotes?.map((q) => q.speaker)).toEqual(['Pat Ryder', 'Pat Ryder']);
  });

  it('names the speakers there are when the asked-for one said nothing', async () => {
    const { dispatcher } = await buildTestBot();
    const reply = await dispatcher.dispatch(reader(), 'quote', 'kim speaker:nobody');
    expect(reply.outcome).toBe('refused');
    expect(reply.text).toContain('No quotes from “nobody”');
    expect(reply.text).toContain('Pat Ryder');
  });
});
