// When an answer carries the COVID-19 notice: the articles in it may refer to COVID-19 and the
// notice is on for the server or workspace that asked.
import type { CommandContext } from '../core/context';
import type { ReplyNotice } from '../core/reply';
import type { Article } from './article';
import { noticeForReply } from './notice';

export async function covidNoticeFor(ctx: CommandContext, articles: readonly Article[]): Promise<ReplyNotice | undefined> {
  const concerned = articles.some((a) => ctx.articles.analysisOf(a).covid.applies);
  if (!concerned) return undefined;
  const setting = await ctx.settings.covidNotice(ctx.invocation.platform, ctx.invocation.workspaceId);
  return setting.enabled ? noticeForReply(ctx.notices.covid) : undefined;
}
