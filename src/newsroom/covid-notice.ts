// When an answer carries the COVID-19 notice: the articles in it (given by their analyses) may
// refer to COVID-19 and the notice is on for the server or workspace that asked.
import type { Invocation } from '../core/context';
import type { ReplyNotice } from '../core/reply';
import type { ArticleAnalysis } from './analysis';
import type { Newsroom } from './newsroom';
import { noticeForReply } from './notice';

export async function covidNoticeFor(ctx: Newsroom & { readonly invocation: Invocation }, analyses: readonly ArticleAnalysis[]): Promise<ReplyNotice | undefined> {
  const concerned = analyses.some((analysis) => analysis.covid.applies);
  if (!concerned) return undefined;
  const { platform, workspaceId } = ctx.invocation;
  const setting = ctx.settings.cachedCovidNotice(platform, workspaceId) ?? (await ctx.settings.covidNotice(platform, workspaceId));
  if (!setting.enabled) return undefined;
  return noticeForReply(ctx.notices.covid);
}
