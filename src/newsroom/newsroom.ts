// The newsroom's long-lived services: what the domain, the scheduler and the adapters reach. The
// composition (src/open-newsroom.ts) builds them; commands see them through commands/context.ts.
import type { Clock, Logger, Meter, Platform } from '../core/context';
import type { Store } from '../store/store';
import type { Reader } from './archive';
import type { Articles } from './articles';
import type { NoticeService } from './notice';
import type { WorkspaceSettings } from './settings';

/** Which feeds a server or workspace reads (src/ingest/feed-desk.ts keeps them). */
export interface Readership {
  /** The operator's feeds and this server's or workspace's own. */
  readerFor(platform: Platform, workspaceId: string): Promise<Reader>;
}

export interface Newsroom {
  readonly articles: Articles;
  readonly notices: NoticeService;
  /** Which stories each server or workspace is served; absent, all of them (the CLI). */
  readonly readership?: Readership;
  readonly settings: WorkspaceSettings;
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly meter: Meter;
}
