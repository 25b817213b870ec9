import { describe, expect, it } from 'vitest';
import { buildTestBot, reader } from '../support/newsroom';
import { cpuStopwatch } from '../support/cpu';
import { addArticle } from '../support/archive';

describe('/search', () => {
  it('ranks the article whose title and body match best first', async () => {
    const { dispatcher } = await buildTestBot();
    const reply = await dispatcher.dispatch(reader(), 'search', 'putin armored train');
    expect(reply.items?.[0]?.title).toContain('Kim Jong Un');
    const beer = await dispatcher.dispatch(reader(), 'search', 'corona beer sales');
    expect(beer.items?.[0]?.title).toContain('Harbor Brewing');
    expect(beer.notice).toBeUndefined();
  });

  it('needs a query and says so when nothing matches', async () => {
    const { dispatcher } = await buildTestBot();
    expect((await dispatcher.dispatch(reader(), 'search', '')).text).toContain('Missing query');
    const none = await dispatcher.dispatch(reader(), 'search', 'zeppelin');
    expect(none.outcome).toBe('ok');
    expect(none.text).toContain('No articles mention “zeppelin”');
  });

  it('searches 2,000 articles for a 14-word query quickly', async () => {
    const { dispatcher, newsroom } = await buildTestBot();
    const vocab = 'council budget mayor police storm river school court election hospital market bridge festival airport'.split(' ');
    for (let i = 0; i < 2000; i++) {
      await addArticle(newsroom.articles, {
        slug: `generated-${i}`,
        title: `Story ${i} about the ${vocab[i % 14]}`,
        published: new Date(Date.UTC(2022, 0, 1 + (i % 300))),
        tags: [],
        body: `${vocab.join(' ')} unique${i}.`,
      });
    }
    const cpu = cpuStopwatch();
    const reply = await dispatcher.dispatch(reader(), 'search', vocab.join(' '));
    expect(cpu()).toBeLessThan(2000);
    expect(reply.items).toHaveLength(5);
  });
});

