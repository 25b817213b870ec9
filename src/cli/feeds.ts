// `newsroom feeds [--json]` lists the operator feeds added from chat before feeds belonged to a
// server or workspace (served everywhere, removable from no chat); `newsroom feeds drop <url>`
// removes one. Over the configured store, as the bot reads it; fetches nothing.
import { parseArgs } from 'node:util';
import pino from 'pino';
import { composeBot } from '../compose';
import { loadConfig } from '../config';
import { UserError } from '../core/errors';
import { CliError, type Subcommand, writeJson } from './io';

export const feedsCommand: Subcommand = {
  name: 'feeds',
  async run(argv, io) {
    const { values, positionals } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } }, allowPositionals: true });
    const [action = 'list', url, ...extra] = positionals;
    if (!['list', 'drop'].includes(action) || (action === 'drop' && !url) || extra.length > 0 || (action === 'list' && url)) throw new CliError('usage: newsroom feeds [list] [--json] | drop <url>');
    const { newsroom, close } = await composeBot(loadConfig(), { role: 'cli', logger: pino({ level: 'silent' }) });
    try {
      if (action === 'drop') {
        const feed = await newsroom.feeds.dropOperatorFeed(url!).catch((error: unknown) => {
          throw error instanceof UserError ? new CliError(error.message) : error;
        });
        io.stdout.write(`Dropped ${feed.name} (${feed.url}): no server or workspace is served it now, unless it follows it itself.\n`);
        return 0;
      }
      const feeds = await newsroom.feeds.operatorFeeds();
      if (values.json) writeJson(io, feeds.map((f) => ({ url: f.url, name: f.name, addedBy: f.addedBy ?? null })));
      else io.stdout.write(feeds.length === 0 ? 'No operator feeds added from chat.\n' : `${feeds.map((f) => `${f.url}  ${f.name}${f.addedBy ? ` (added by ${f.addedBy})` : ''}`).join('\n')}\n`);
      return 0;
    } finally {
      await close();
    }
  },
};
