import { parseArgs } from 'node:util';
import { articleSentences, summarize } from '../newsroom/summarize';
import { CliError, readArticleInput, type Subcommand, writeJson } from './io';

export const summarizeCommand: Subcommand = {
  name: 'summarize',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { sentences: { type: 'string', short: 'n', default: '3' }, json: { type: 'boolean', default: false } },
      allowPositionals: true,
    });
    const count = Number(values.sentences);
    if (!Number.isInteger(count) || count < 1 || count > 10) throw new CliError('--sentences must be a whole number from 1 to 10');
    const article = await readArticleInput(positionals[0], io);
    const sentences = summarize(article, count, articleSentences(article.body));
    if (values.json) writeJson(io, { title: article.title, sentences });
    else io.stdout.write(`${article.title}\n\n${sentences.join(' ')}\n`);
    return 0;
  },
};
