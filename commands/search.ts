import { defineCommand } from './context';
import { covidNoticeFor } from '../src/newsroom/covid-notice';
import { articleItem } from '../src/newsroom/format';
import { articlesFor } from '../src/newsroom/readers';

export default defineCommand(
  {
    name: 'search',
    description: 'Find articles by words in their title or text',
    options: [{ name: 'query', description: 'Words to look for', type: 'string', required: true }],
  },
  async (ctx, { query }) => {
    const served = await articlesFor(ctx, ctx.invocation);
    const hits = await served.search(query, 5);
    if (hits.length === 0) {
      return { text: `No articles mention “${query.slice(0, 80)}”. Try fewer or different words.`, visibility: 'ephemeral' };
    }
    const analyses = hits.map((h) => h.analysis);
    return {
      title: `Search: ${query.slice(0, 80)}`,
      items: hits.map(({ article, analysis }) => articleItem(article, analysis, article.slug)),
      notice: await covidNoticeFor(ctx, analyses),
      visibility: 'public',
    };
  },
);
