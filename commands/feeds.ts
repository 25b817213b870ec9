import type { OptionDef } from '../src/core/command';
import { type CommandContext, defineCommand } from './context';
import { UserError } from '../src/core/errors';
import type { Reply } from '../src/core/reply';
import type { FeedDesk, FeedStatus } from '../src/ingest/feed-desk';

/** "2026-11-27 01:30 UTC" */
function when(iso: string | undefined): string {
  return iso ? `${iso.replace('T', ' ').slice(0, 16)} UTC` : 'never';
}

function minutes(ms: number): string {
  if (!Number.isFinite(ms)) return 'a while';
  return ms >= 3_600_000 && ms % 3_600_000 === 0 ? `${ms / 3_600_000} h` : `${Math.round(ms / 60_000)} min`;
}

function describe({ feed, state, operator }: FeedStatus) {
  const origin = feed.origin === 'file' ? 'feeds.yaml' : operator ? 'operator feed' : `added by ${feed.addedBy ?? 'a moderator'}`;
  return {
    title: feed.name,
    url: feed.url,
    meta: [`every ${minutes(feed.intervalMs)}`, origin, `${state?.articles ?? 0} articles`].join(' · '),
    text: [`Last fetch: ${when(state?.lastFetchAt)}`, state?.lastError ? `last error: ${state.lastError}` : 'no errors'].join('; '),
  };
}

// Not required, so a bare `/feeds remove` is asked "Which feed?" by run() rather than by validation.
const URL = { name: 'url', description: 'The feed URL', type: 'string', maxLength: 500 } as const satisfies OptionDef;

function desk(ctx: CommandContext): FeedDesk {
  if (!ctx.feeds) throw new UserError('Feeds are not available in this mode.');
  return ctx.feeds;
}

export default defineCommand(
  {
    name: 'feeds',
    description: 'Follow RSS/Atom feeds here: add or remove one, or list them with their last fetch and error',
    moderatorOnly: true,
    subcommands: [
      { name: 'add', description: 'Follow a feed here; it is fetched at once', options: [URL] },
      { name: 'remove', description: 'Stop following a feed here; its articles stay', options: [URL] },
      { name: 'list', description: "The newsroom's feeds and this server's or workspace's own, with last fetch and error" },
    ],
    help: "A feed added here is this server's or workspace's: only it lists it, changes it and is served its stories. It is fetched at once: its current stories are served by /news and /summary but are not new for digests; stories published later are. The newsroom's own feeds (feeds.yaml, operator feeds) are served everywhere and changed by the operator only.",
  },
  async (ctx, args): Promise<Reply> => {
    const feeds = desk(ctx);
    if (args.action === 'list') {
      const all = await feeds.list(ctx.invocation);
      if (all.length === 0) return { text: 'No feeds yet. A moderator can add one with /feeds add <url>.', visibility: 'ephemeral' };
      const operator = all.some((s) => s.operator && s.feed.origin !== 'file');
      return {
        title: `Feeds (${all.length})`,
        items: all.map(describe),
        // Where an operator feed comes from and how it goes: the same words as the README's.
        ...(operator && { footer: 'Operator feeds were added from chat before feeds belonged to a server or workspace; they are served everywhere until a moderator adds one here (then it is this one’s) or the operator removes it.' }),
        visibility: 'ephemeral',
      };
    }
    const { action, url } = args;
    if (!url) throw new UserError(`Which feed? Usage: /feeds ${action} <url>`);
    if (action === 'remove') {
      const feed = await feeds.remove(url, ctx.invocation);
      return { text: `Stopped following ${feed.name} (${feed.url}). Its articles stay available.`, visibility: 'ephemeral' };
    }
    const { invocation } = ctx;
    const result = await feeds.add(url, { id: invocation.user.id, ...(invocation.user.name && { name: invocation.user.name }) }, invocation);
    const { feed } = result;
    if (!result.ok) {
      return {
        text: `Following ${feed.name} (${feed.url}), but the first fetch failed: ${result.error}. I will retry in ${minutes(Date.parse(result.state.nextPollAt ?? '') - ctx.clock.now().getTime())}.`,
        visibility: 'ephemeral',
      };
    }
    if (result.joined) {
      return {
        text: `Following ${feed.name} (${feed.url}): the stories it brought are served here now by /news and /summary; only stories published from now on count as new for digests.`,
        visibility: 'ephemeral',
      };
    }
    const counted = `${result.added} ${result.added === 1 ? 'article' : 'articles'} in now`;
    const extra = [result.duplicates > 0 && `${result.duplicates} already known`, result.skipped > 0 && `${result.skipped} skipped`].filter(Boolean).join(', ');
    return {
      text: `Following ${feed.name} (${feed.url}): ${counted}${extra ? ` (${extra})` : ''}. They are served by /news and /summary; only stories published from now on count as new for digests.`,
      visibility: 'ephemeral',
    };
  },
);
