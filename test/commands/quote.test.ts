import { describe, expect, it } from 'vitest';
import { buildTestBot, reader, SEED_SLUG } from '../support/newsroom';
import { cpuStopwatch } from '../support/cpu';
import { addArticle } from '../support/archive';

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

  it('takes a slug and a speaker, and a speaker of up to four trailing words', async () => {
    const { dispatcher } = await buildTestBot();
    const bySlug = await dispatcher.dispatch(reader(), 'quote', `${SEED_SLUG} ryder`);
    expect(bySlug.quotes?.map((q) => q.speaker)).toEqual(['Pat Ryder', 'Pat Ryder']);
    const fullName = await dispatcher.dispatch(reader(), 'quote', 'kim putin pat ryder');
    expect(fullName.quotes?.map((q) => q.speaker)).toEqual(['Pat Ryder', 'Pat Ryder']);
  });

  it('answers a long query that names no article quickly, among 2,000 articles', async () => {
    const { dispatcher, newsroom } = await buildTestBot();
    const vocab = 'council budget mayor police storm river school court election hospital market bridge festival airport'.split(' ');
    for (let i = 0; i < 2000; i++) {
      await addArticle(newsroom.articles, {
        slug: `generated-${i}`,
        title: `${vocab[i % 14]} ${vocab[(i * 7) % 14]} approves ${i} plan for the ${vocab[(i * 3) % 14]} district`,
        published: new Date(Date.UTC(2022, 0, 1 + (i % 300))),
        tags: [],
        body: 'A generated story.',
      });
    }
    const cpu = cpuStopwatch();
    const reply = await dispatcher.dispatch(reader(), 'quote', 'zq '.repeat(66).trim());
    expect(cpu()).toBeLessThan(2000);
    expect(reply.text).toMatch(/^No article matches “zq zq/);
    // Normal input still finds its article among them.
    const byWords = await dispatcher.dispatch(reader(), 'quote', 'kim ryder');
    expect(byWords.quotes?.map((q) => q.speaker)).toEqual(['Pat Ryder', 'Pat Ryder']);
  });
});
