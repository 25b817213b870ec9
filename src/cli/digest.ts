// `newsroom digest [--json] [--at ISO-TIME] [--since ISO-TIME]`: the digest that would be posted,
// built from the configured content and store exactly as the scheduler builds it. Posts nothing.
import { parseArgs } from 'node:util';
import pino from 'pino';
import { loadConfig } from '../config';
import { type Platform, systemClock } from '../core/context';
import { renderText } from '../core/render-text';
import { buildDigest } from '../newsroom/digest';
import { openNewsroom } from '../open-newsroom';
import { openStore } from '../store/open';
import { CliError, type Subcommand, writeJson } from './io';

function instant(flag: string, text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const date = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(date.getTime())) {
    throw new CliError(`--${flag} must be an ISO time like 2024-03-11T08:00:00Z (got "${text.slice(0, 40)}")`);
  }
  return date;
}

export const digestCommand: Subcommand = {
  name: 'digest',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        json: { type: 'boolean', default: false },
        at: { type: 'string' },
        since: { type: 'string' },
        count: { type: 'string', default: '5' },
        platform: { type: 'string', default: 'console' },
        workspace: { type: 'string', default: 'local' },
      },
    });
    const until = instant('at', values.at) ?? systemClock.now();
    const since = instant('since', values.since);
    if (since && since.getTime() >= until.getTime()) throw new CliError('--since must be before --at');
    const count = Number(values.count);
    if (!Number.isInteger(count) || count < 1 || count > 10) throw new CliError('--count must be a whole number from 1 to 10');
    if (!['console', 'slack', 'discord'].includes(values.platform)) throw new CliError('--platform must be console, slack or discord');

    const config = loadConfig();
    const store = await openStore(config.storeUrl);
    try {
      const newsroom = await openNewsroom({ contentDir: config.contentDir, store, logger: pino({ level: 'silent' }) });
      const digest = await buildDigest(newsroom, { platform: values.platform as Platform, workspaceId: values.workspace, ...(since && { since }), until, count });
      if (values.json) {
        writeJson(io, {
          since: digest.since.toISOString(),
          until: digest.until.toISOString(),
          articles: digest.articles.map((a) => ({ slug: a.slug, title: a.title, url: a.url ?? null, published: a.published.toISOString() })),
          reply: digest.reply,
        });
      } else {
        io.stdout.write(`${renderText(digest.reply)}\n`);
      }
      return 0;
    } finally {
      await store.close();
    }
  },
};
