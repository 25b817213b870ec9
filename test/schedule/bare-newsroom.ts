// A newsroom for tests about the store and the delivery path, not about articles: the settings
// over the given store, and an archive with no articles (so every digest is "No new articles",
// posted when the subscription says empty:post). It reads no content files and builds no article
// index, so these tests do not depend on how the article archive is built.
import { noMeter, type Clock, type Logger } from '../../src/core/context';
import type { Newsroom } from '../../src/newsroom/newsroom';
import { WorkspaceSettings } from '../../src/newsroom/settings';
import type { Store } from '../../src/store/store';
import pino from 'pino';

const silent: Logger = pino({ level: 'silent' });

/** No articles, whichever way the digest builder asks (the archive's news query). */
const noArticles = {
  archive: { news: async () => [] },
  analysesOf: async () => [],
};

export function bareNewsroom(store: Store, clock: Clock, logger: Logger = silent): Newsroom {
  return {
    articles: noArticles as unknown as Newsroom['articles'],
    notices: { covid: undefined } as unknown as Newsroom['notices'],
    settings: new WorkspaceSettings(store, clock, logger),
    store,
    clock,
    logger,
    meter: noMeter,
  };
}
