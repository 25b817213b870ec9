import { defineCommand } from './context';
import { covidNoticeFor } from '../src/newsroom/covid-notice';
import { articleSuggestions, byline } from '../src/newsroom/format';

export default defineCommand(
  {
    name: 'summary',
    description: 'Summarize an article (default: the latest)',
    options: [
      { name: 'article', description: 'Slug or words of the title', type: 'string', autocomplete: true },
      { name: 'length', description: 'short, medium or long', type: 'string', choices: ['short', 'medium', 'long'] },
    ],
  },
  async (ctx, { article: query, length = 'medium' }) => {
    const article = await ctx.articles.find(query);
    const analysis = await ctx.articles.analysisOf(article);
    const sentences = analysis.summaries[length];
    return {
      title: article.title,
      ...(article.url && { url: article.url }),
      text: sentences.length > 0 ? sentences.join(' ') : (article.dek ?? 'This article has no text to summarize.'),
      footer: byline(article),
      notice: await covidNoticeFor(ctx, [analysis]),
      visibility: 'public',
    };
  },
  async (ctx, _option, typed, limit) => articleSuggestions(await ctx.articles.suggest(typed, limit)),
);
