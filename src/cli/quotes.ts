import { parseArgs } from 'node:util';
import { extractQuotes } from '../newsroom/quotes';
import { readArticleInput, type Subcommand, writeJson } from './io';

export const quotesCommand: Subcommand = {
  name: 'quotes',
  async run(argv, io) {
    const { values, positionals } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } }, allowPositionals: true });
    const article = await readArticleInput(positionals[0], io);
    const quotes = extractQuotes(article.body).map((q) => ({ text: q.text, speaker: q.speaker }));
    if (values.json) writeJson(io, quotes);
    else io.stdout.write(quotes.map((q) => `“${q.text}” — ${q.speaker ?? 'unattributed'}`).join('\n') + (quotes.length ? '\n' : 'no quotations\n'));
    return 0;
  },
};
