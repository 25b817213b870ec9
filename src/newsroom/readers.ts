// Who reads what: a server or workspace is served the operator's content and the stories of the
// feeds it follows, nobody else's. Which feeds those are is the feed desk's (src/ingest), behind
// the newsroom's Readership port; the answer goes to the archive's queries (./archive.ts Reader).
import type { Platform } from '../core/context';
import type { Reader } from './archive';
import type { Articles } from './articles';
import type { Newsroom } from './newsroom';

/** A Discord server or Slack workspace: where a command or a digest is served, and a feed added. */
export interface Workspace {
  readonly platform: Platform;
  readonly workspaceId: string;
}

/** The reader for a server or workspace; undefined (everything) where no readership is kept. */
export function readerFor(newsroom: Newsroom, where: Workspace): Promise<Reader | undefined> {
  return newsroom.readership ? newsroom.readership.readerFor(where.platform, where.workspaceId) : Promise.resolve(undefined);
}

/** The articles a server or workspace may be served. */
export async function articlesFor(newsroom: Newsroom, where: Workspace): Promise<Articles> {
  const reader = await readerFor(newsroom, where);
  return reader ? newsroom.articles.readBy(reader) : newsroom.articles;
}
