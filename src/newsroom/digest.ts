// What a digest says: the articles published since the channel's last digest (at most a day back
// on the first), newest first, up to `count`, each with its one-sentence summary; the COVID-19
// notice once at the end when any item may refer to COVID-19 and the notice is on there.
import type { Platform } from '../core/context';
import type { Reply } from '../core/reply';
import type { Article } from './article';
import { articleItem, formatDate } from './format';
import type { Newsroom } from './newsroom';
import { noticeForReply } from './notice';
import { readerFor } from './readers';

/** How far back the first digest of a channel looks. */
export const FIRST_DIGEST_LOOKBACK_MS = 24 * 3_600_000;

export interface DigestRequest {
  readonly platform: Platform;
  readonly workspaceId: string;
  /** Exclusive lower bound: the last digest's slot; undefined for the first digest. */
  readonly since?: Date;
  /** Inclusive upper bound: the slot being delivered (or now, for a preview). */
  readonly until: Date;
  readonly count: number;
}

export interface Digest {
  readonly articles: readonly Article[];
  /** Where the window started (since, or a day before until). */
  readonly since: Date;
  readonly until: Date;
  readonly reply: Reply;
}


export async function buildDigest(newsroom: Newsroom, request: DigestRequest): Promise<Digest> {
  const since = request.since ?? new Date(request.until.getTime() - FIRST_DIGEST_LOOKBACK_MS);
  // Not backlog, news (the later of publication and arrival) in (since, until], newest first: an
  // item fetched late belongs to the digest after it arrived, not one that could not show it.
  // Only what this server or workspace is served: the operator's content and the feeds it follows.
  const reader = await readerFor(newsroom, request);
  const articles = await newsroom.articles.archive.news(since, request.until, request.count, reader);
  const analyses = await newsroom.articles.analysesOf(articles);
  const items = articles.map((a, i) => articleItem(a, analyses[i]!));
  const concerned = analyses.some((analysis) => analysis.covid.applies);
  const noticeOn = concerned && (await newsroom.settings.covidNotice(request.platform, request.workspaceId)).enabled;
  const reply: Reply =
    articles.length === 0
      ? { text: `No new articles since ${formatDate(since)}.`, visibility: 'public' }
      : {
          title: `Newsroom digest · ${formatDate(request.until)}`,
          text: articles.length === 1 ? 'One new article.' : `${articles.length} new articles, newest first.`,
          items,
          ...(noticeOn && { notice: noticeForReply(newsroom.notices.covid) }),
          visibility: 'public',
        };
  return { articles, since, until: request.until, reply };
}
