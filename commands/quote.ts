import { defineCommand } from '../src/core/command';
import { covidNoticeFor } from '../src/newsroom/covid-notice';
import { byline } from '../src/newsroom/format';
import type { Article } from '../src/newsroom/article';
import type { ArticleRepository } from '../src/newsroom/articles';
import { UserError } from '../src/core/errors';
import { words } from '../src/newsroom/text/words';

/**
 * "/quote kim ryder": when the words name no article, the last ones may be the speaker. Tries the
 * longest article prefix first; the original "no article matches" error stands if none fits.
 */
function articleAndSpeaker(articles: ArticleRepository, query: string | undefined, speaker: string | undefined): { article: Article; speaker: string | undefined } {
  try {
    return { article: articles.find(query), speaker };
  } catch (error) {
    const parts = (query ?? '').split(/\s+/);
    if (!(error instanceof UserError) || speaker !== undefined || parts.length < 2) throw error;
    for (let k = parts.length - 1; k >= 1; k--) {
      try {
        return { article: articles.find(parts.slice(0, k).join(' ')), speaker: parts.slice(k).join(' ') };
      } catch {
        // try a shorter prefix
      }
    }
    throw error;
  }
}

export default defineCommand(
  {
    name: 'quote',
    description: 'The quotes in an article and who said them',
    options: [
      { name: 'article', description: 'Slug or words of the title (default: the latest)', type: 'string', autocomplete: 'article' },
      { name: 'speaker', description: 'Only quotes from this person or organisation', type: 'string' },
    ],
  },
  async (ctx, { article: query, speaker: speakerOption }) => {
    const { article, speaker } = articleAndSpeaker(ctx.articles, query, speakerOption);
    const all = ctx.articles.analysisOf(article).quotes;
    const wanted = speaker ? words(speaker) : [];
    const quotes = all.filter((q) => {
      const said = words(q.speaker ?? '');
      return wanted.every((w) => said.includes(w));
    });
    if (all.length === 0) {
      return { title: article.title, text: 'This article has no direct quotations.', visibility: 'ephemeral' };
    }
    if (quotes.length === 0) {
      const speakers = [...new Set(all.map((q) => q.speaker).filter((s): s is string => s !== null))];
      return {
        text: `No quotes from “${speaker!.slice(0, 60)}” in “${article.title}”. Speakers: ${speakers.join(', ')}.`,
        visibility: 'ephemeral',
        outcome: 'refused',
      };
    }
    return {
      title: `Quotes: ${article.title}`,
      ...(article.url && { url: article.url }),
      // Newswire keeps the comma that led into the attribution ("...,” he said); a list needs none.
      quotes: quotes.map((q) => ({ ...q, text: q.text.replace(/,$/, '') })),
      footer: byline(article),
      notice: await covidNoticeFor(ctx, [article]),
      visibility: 'public',
    };
  },
);
