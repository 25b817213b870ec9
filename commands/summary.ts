import { defineCommand } from './context';
import { covidNoticeFor } from '../src/newsroom/covid-notice';
import { articleSuggestions, byline } from '../src/newsroom/format';
import { articlesFor } from '../src/newsroom/readers';

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
    const served = await articlesFor(ctx, ctx.invocation);
    const article = await served.find(query);
    const analysis = await served.analysisOf(article);
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
  async (ctx, _option, typed, limit) => articleSuggestions(await (await articlesFor(ctx, ctx.invocation)).suggest(typed, limit)),
);
