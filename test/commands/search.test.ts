import { describe, expect, it } from 'vitest';
import { buildTestBot, reader } from '../support/newsroom';

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
});
