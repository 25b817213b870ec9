// Small formatting shared by commands and digests.
import type { Article } from './article';

const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** "12 Sept 2023"-style date, in UTC so every platform shows the same day. */
export function formatDate(date: Date): string {
  return DATE.format(date);
}

/** "NBC News · 12 Sept 2023" (source only when known). */
export function byline(article: Article): string {
  return [article.byline, article.source, formatDate(article.published)].filter(Boolean).join(' · ');
}
