// Small formatting shared by commands and digests.
import type { Suggestion } from '../core/command';
import type { ReplyItem } from '../core/reply';
import type { ArticleAnalysis } from './analysis';
import type { Article } from './article';

const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

// Intl formatting costs microseconds per call and runs on every answer; dates repeat, so keep them.
const formatted = new Map<number, string>();

/** "12 Sept 2023"-style date, in UTC so every platform shows the same day. */
export function formatDate(date: Date): string {
  const time = date.getTime();
  let text = formatted.get(time);
  if (text === undefined) {
    if (formatted.size > 10_000) formatted.clear();
    text = DATE.format(date);
    formatted.set(time, text);
  }
  return text;
}

/** "NBC News · 12 Sept 2023" (source only when known). */
export function byline(article: Article): string {
  return [article.byline, article.source, formatDate(article.published)].filter(Boolean).join(' · ');
}

/** Articles as autocomplete suggestions: the title to read, the slug to fill in. */
export function articleSuggestions(articles: readonly Article[]): Suggestion[] {
  return articles.map((article) => ({ label: article.title, value: article.slug }));
}

/**
 * An article as one entry of a list (/news, /search, a digest): title, link, byline and its
 * one-sentence summary (the dek when there is none). `extra` ends the byline line (/search adds the slug).
 */
export function articleItem(article: Article, analysis: ArticleAnalysis, extra?: string): ReplyItem {
  const summary = analysis.summaries.short[0] ?? article.dek;
  return {
    title: article.title,
    ...(article.url && { url: article.url }),
    meta: extra ? `${byline(article)} · ${extra}` : byline(article),
    ...(summary && { text: summary }),
  };
}
