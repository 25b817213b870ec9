import { defineCommand } from './context';
import type { Reply, ReplyNotice } from '../src/core/reply';
import type { Article } from '../src/newsroom/article';
import { covidNoticeFor } from '../src/newsroom/covid-notice';
import { articleSuggestions, byline } from '../src/newsroom/format';

// An article's summary answer depends only on the article (immutable; a changed article is a new
// object), the length and the notice attached. So it is built once per combination and shared,
// frozen, which lets the adapters render it once too (see renderBlocks, wireMessage).
const built = new WeakMap<Article, Map<ReplyNotice | undefined, Map<string, Reply>>>();

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
    const article = ctx.articles.find(query);
    const notice = await covidNoticeFor(ctx, [article]);
    let byNotice = built.get(article);
    if (!byNotice) built.set(article, (byNotice = new Map()));
    let byLength = byNotice.get(notice);
    if (!byLength) byNotice.set(notice, (byLength = new Map()));
    const cached = byLength.get(length);
    if (cached) return cached;
    const sentences = ctx.articles.analysisOf(article).summaries[length];
    const reply: Reply = Object.freeze({
      title: article.title,
      ...(article.url && { url: article.url }),
      text: sentences.length > 0 ? sentences.join(' ') : (article.dek ?? 'This article has no text to summarize.'),
      footer: byline(article),
      notice,
      visibility: 'public',
    });
    // Only frozen notices (covidNoticeFor's) are stable keys; anything else is not kept.
    if (notice === undefined || Object.isFrozen(notice)) byLength.set(length, reply);
    return reply;
  },
  (ctx, _option, typed, limit) => articleSuggestions(ctx.articles.suggest(typed, limit)),
);
