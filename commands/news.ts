import { defineCommand } from './context';
import { covidNoticeFor } from '../src/newsroom/covid-notice';
import { articleItem } from '../src/newsroom/format';
import { articlesFor } from '../src/newsroom/readers';

export default defineCommand(
  {
    name: 'news',
    description: 'The latest articles with a one-sentence summary each',
    options: [{ name: 'count', description: 'How many articles (1-10, default 5)', type: 'integer', min: 1, max: 10 }],
  },
  async (ctx, { count = 5 }) => {
    const served = await articlesFor(ctx, ctx.invocation);
    const articles = await served.latest(count);
    if (articles.length === 0) return { text: 'There are no articles yet.', visibility: 'ephemeral' };
    const analyses = await served.analysesOf(articles);
    return {
      title: 'Latest news',
      items: articles.map((a, i) => articleItem(a, analyses[i]!)),
      notice: await covidNoticeFor(ctx, analyses),
      visibility: 'public',
    };
  },
);
