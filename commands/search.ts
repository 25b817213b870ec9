import { defineCommand } from './context';
import { covidNoticeFor } from '../src/newsroom/covid-notice';
import { articleItem } from '../src/newsroom/format';

export default defineCommand(
  {
    name: 'search',
    description: 'Find articles by words in their title or text',
    options: [{ name: 'query', description: 'Words to look for', type: 'string', required: true }],
  },
  async (ctx, { query }) => {
    const hits = ctx.articles.search(query, 5);
    if (hits.length === 0) {
      return { text: `No articles mention “${query.slice(0, 80)}”. Try fewer or different words.`, visibility: 'ephemeral' };
    }
    const articles = hits.map((h) => h.article);
    return {
      title: `Search: ${query.slice(0, 80)}`,
      items: articles.map((a) => articleItem(ctx.articles, a, a.slug)),
      notice: await covidNoticeFor(ctx, articles),
      visibility: 'public',
    };
  },
);
