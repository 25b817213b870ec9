import { defineCommand } from './context';
import { covidNoticeFor } from '../src/newsroom/covid-notice';
import { articleSuggestions, byline } from '../src/newsroom/format';
import type { Article } from '../src/newsroom/article';
import type { Articles } from '../src/newsroom/articles';
import { words } from '../src/newsroom/text/words';
import { articlesFor } from '../src/newsroom/readers';

/** At most this many trailing words are tried as the speaker ("/quote kim pat ryder"). */
const MAX_SPEAKER_WORDS = 4;

/**
 * "/quote kim ryder": when the words name no article, the last ones (up to four) may be the
 * speaker. Tries the longest article prefix first; the original "no article matches" error, with
 * its "closest" titles computed once, stands if none fits.
 */
async function articleAndSpeaker(articles: Articles, query: string | undefined, speaker: string | undefined): Promise<{ article: Article; speaker: string | undefined }> {
  const whole = await articles.lookup(query);
  if (whole) return { article: whole, speaker };
  const parts = (query ?? '').trim().split(/\s+/);
  if (speaker === undefined && parts.length >= 2) {
    for (let k = parts.length - 1; k >= Math.max(1, parts.length - MAX_SPEAKER_WORDS); k--) {
      const article = await articles.lookup(parts.slice(0, k).join(' '));
      if (article) return { article, speaker: parts.slice(k).join(' ') };
    }
  }
  throw await articles.missing(query); // the error for the whole query, naming the closest titles
}

export default defineCommand(
  {
    name: 'quote',
    description: 'The quotes in an article and who said them',
    options: [
      { name: 'article', description: 'Slug or words of the title (default: the latest)', type: 'string', autocomplete: true },
      { name: 'speaker', description: 'Only quotes from this person or organisation', type: 'string' },
    ],
  },
  async (ctx, { article: query, speaker: speakerOption }) => {
    const served = await articlesFor(ctx, ctx.invocation);
    const { article, speaker } = await articleAndSpeaker(served, query, speakerOption);
    const analysis = await served.analysisOf(article);
    const all = analysis.quotes;
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
      notice: await covidNoticeFor(ctx, [analysis]),
      visibility: 'public',
    };
  },
  async (ctx, _option, typed, limit) => articleSuggestions(await (await articlesFor(ctx, ctx.invocation)).suggest(typed, limit)),
);
