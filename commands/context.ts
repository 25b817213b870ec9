// What a command can reach: the newsroom's services, the desks this process attached, and the call
// itself. Defined here, beside the commands that use it, because it is theirs: src/core only knows
// a generic Command<Ctx>, and the services below it never import the commands above them.
// Built once in src/compose.ts (for every role, tests included); the dispatcher adds the invocation per call.
import { type Command, commandDefiner } from '../src/core/command';
import type { DispatchContext } from '../src/core/dispatcher';
import type { FeedDesk } from '../src/ingest/feed-desk';
import type { Newsroom } from '../src/newsroom/newsroom';
import type { DigestDesk } from '../src/schedule/desk';
import type { RouteDesk } from '../src/schedule/route-desk';

/** The long-lived services every command shares. */
export interface CommandServices extends Newsroom {
  /** The feeds the newsroom follows (absent where no poller is built). */
  readonly feeds?: FeedDesk;
  /** Digest subscriptions for /digest (absent where no scheduler is built, e.g. the CLI). */
  readonly digests?: DigestDesk;
  /** Feeds sent to channels as live alerts (absent where no poller is built). */
  readonly routes?: RouteDesk;
}

export interface CommandContext extends CommandServices, DispatchContext {}

export type NewsroomCommand = Command<CommandContext>;

/** `export default defineCommand({ name, description, options }, (ctx, args) => reply)` */
export const defineCommand = commandDefiner<CommandContext>();
