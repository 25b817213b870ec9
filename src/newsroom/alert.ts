// What a live alert says: the story's title and link, its one-sentence summary, source and time,
// and the COVID-19 notice when the story may refer to COVID-19 and the notice is on in that
// workspace. When a channel's hourly cap is reached, the rest of the hour's stories go out as one
// overflow post listing them, instead of being dropped.
import type { Platform } from '../core/context';
import type { Reply } from '../core/reply';
import type { Article } from './article';
import { articleItem, byline } from './format';
import type { Newsroom } from './newsroom';
import { noticeForReply } from './notice';

export interface AlertRequest {
  readonly platform: Platform;
  readonly workspaceId: string;
  /** The feed's name, when the story itself names no source. */
  readonly feedName: string;
}

/** "14:05 UTC" */
function timeOfDay(date: Date): string {
  return `${date.toISOString().slice(11, 16)} UTC`;
}

async function noticeFor(newsroom: Newsroom, request: AlertRequest, concerned: boolean) {
  return concerned && (await newsroom.settings.covidNotice(request.platform, request.workspaceId)).enabled ? { notice: noticeForReply(newsroom.notices.covid) } : {};
}

export async function buildAlert(newsroom: Newsroom, article: Article, request: AlertRequest): Promise<Reply> {
  const analysis = await newsroom.articles.analysisOf(article);
  const summary = analysis.summaries.short[0] ?? article.dek;
  return {
    title: article.title,
    ...(article.url && { url: article.url }),
    ...(summary && { text: summary }),
    footer: [article.source ? byline(article) : `${request.feedName} · ${byline(article)}`, timeOfDay(article.published)].join(' · '),
    ...(await noticeFor(newsroom, request, analysis.covid.applies)),
    visibility: 'public',
  };
}

/** One post for the stories past a channel's hourly cap (at most `shown` listed). */
export async function buildOverflow(newsroom: Newsroom, articles: readonly Article[], total: number, hour: Date, cap: number, request: Omit<AlertRequest, 'feedName'>): Promise<Reply> {
  const analyses = await newsroom.articles.analysesOf(articles);
  const more = total - articles.length;
  return {
    title: `${total} more ${total === 1 ? 'story' : 'stories'} from ${timeOfDay(hour)}`,
    text: `This channel gets at most ${cap} alerts an hour; the rest of that hour's stories are listed here${more > 0 ? ` (${more} not shown)` : ''}.`,
    items: articles.map((a, i) => articleItem(a, analyses[i]!)),
    ...(await noticeFor(newsroom, { ...request, feedName: '' }, analyses.some((a) => a.covid.applies))),
    visibility: 'public',
  };
}
