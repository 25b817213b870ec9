import { describe, expect, it } from 'vitest';
import { buildTestBot, reader } from '../support/newsroom';

describe('/news', () => {
  it('lists the latest articles newest first, each with date, link and one sentence', async () => {
    const { dispatcher } = await buildTestBot();
    const reply = await dispatcher.dispatch(reader(), 'news', '2');
    expect(reply.items?.map((i) => i.title)).toEqual([
      'Harbor Brewing says summer sales lifted by Corona and lagers',
      'Riverton schools reopen classrooms after COVID-19 outbreak',
    ]);
    expect(reply.items![0]!.url).toBe('https://news.example.org/2024/06/18/harbor-brewing-summer-sales');
    expect(reply.items![0]!.meta).toContain('2024');
    for (const item of reply.items!) expect(item.text).toMatch(/^[A-Z“].+[.”]$/);
    // One of the two may refer to COVID-19, so the list carries the notice once.
    expect(reply.notice).toBeDefined();
  });

  it('defaults to five and refuses counts out of range', async () => {
    const { dispatcher } = await buildTestBot();
    expect((await dispatcher.dispatch(reader(), 'news', '')).items).toHaveLength(3);
    const tooMany = await dispatcher.dispatch(reader(), 'news', '500');
    expect(tooMany.outcome).toBe('refused');
    expect(tooMany.text).toContain('between 1 and 10');
    const notANumber = await dispatcher.dispatch(reader(), 'news', 'count:lots');
    expect(notANumber.text).toContain('whole number');
  });
});
