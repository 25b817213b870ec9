// Builders shared by the digest and schedule tests: a clock that moves only when told, a recording
// poster that can be told to fail, articles, and a real newsroom over a given store.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import type { ChannelPoster } from '../../src/core/adapter';
import { type Clock, type Logger, noMeter } from '../../src/core/context';
import type { Newsroom } from '../../src/newsroom/newsroom';
import type { Reply } from '../../src/core/reply';
import { analyzeArticle } from '../../src/newsroom/analysis';
import type { Article } from '../../src/newsroom/article';
import { loadNotice } from '../../src/newsroom/notice';
import { WorkspaceSettings } from '../../src/newsroom/settings';
import type { Store } from '../../src/store/store';
import { articlesWith } from '../support/archive';

export const quietLogger: Logger = pino({ level: 'silent' });

export { ManualClock } from './support-clock';

export interface Posted {
  readonly channelId: string;
  readonly reply: Reply;
}

/** Records every post; `fail` decides per call whether to throw instead. */
export class RecordingPoster implements ChannelPoster {
  readonly posted: Posted[] = [];
  calls = 0;
  constructor(private readonly fail: (channelId: string, call: number) => Error | undefined = () => undefined) {}
  async post(channelId: string, reply: Reply): Promise<void> {
    const error = this.fail(channelId, ++this.calls);
    if (error) throw error;
    this.posted.push({ channelId, reply });
  }
  countFor(channelId: string): number {
    return this.posted.filter((p) => p.channelId === channelId).length;
  }
}


const CONTENT = fileURLToPath(new URL('../../content', import.meta.url));

let articleNumber = 0;
/** An article published at `published`; `covid` puts COVID-19 in its body. */
export function article(published: string, overrides: Partial<Article> & { covid?: boolean } = {}): Article {
  const n = ++articleNumber;
  const { covid, ...rest } = overrides;
  const body = covid
    ? 'Hospitals reported fewer COVID-19 admissions this week. Officials said the coronavirus wave had passed its peak.\n\nMore testing sites will close.'
    : `The city council approved a new budget on Tuesday after a long debate. Item ${n} passed by a wide margin.\n\nThe mayor said the vote was a good day for the city.`;
  return { slug: `article-${n}`, title: `Article number ${n}`, url: `https://news.example/a/${n}`, published: new Date(published), tags: [], body, ...rest };
}

/** A real newsroom over the given store: the repository content/notices, articles from the test. */
export async function testNewsroom(store: Store, clock: Clock, articles: Article[] = []): Promise<Newsroom> {
  const covid = await loadNotice(join(CONTENT, 'notices', 'covid-19.md'));
  return {
    articles: await articlesWith(articles, async (a) => analyzeArticle(a, covid)),
    notices: { covid },
    settings: new WorkspaceSettings(store, clock, quietLogger),
    store,
    clock,
    logger: quietLogger,
    meter: noMeter,
  };
}
