// `newsroom digest [--json] [--at ISO-TIME] [--since ISO-TIME]`: the digest that would be posted,
// built from the configured content and store exactly as the scheduler builds it. Posts nothing.
import { parseArgs } from 'node:util';
import pino from 'pino';
import { platformList } from '../adapters';
import { composeBot } from '../compose';
import { loadConfig } from '../config';
import { systemClock } from '../core/context';
import { renderText } from '../core/render-text';
import { buildDigest } from '../newsroom/digest';
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
    const known = ['console', ...platformList.map((p) => p.name)];
    if (!known.includes(values.platform)) throw new CliError(`--platform must be ${known.slice(0, -1).join(', ')} or ${known.at(-1)}`);

    const config = loadConfig();
    const { newsroom, close } = await composeBot(config, { role: 'cli', logger: pino({ level: 'silent' }) });
    try {
      const digest = await buildDigest(newsroom, { platform: values.platform, workspaceId: values.workspace, ...(since && { since }), until, count });
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
      await close();
    }
  },
};
