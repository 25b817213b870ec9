import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { detect, loadNotice } from '../newsroom/notice';
import { readArticleInput, type Subcommand, writeJson } from './io';

export const classifyCommand: Subcommand = {
  name: 'classify',
  async run(argv, io) {
    const { values, positionals } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } }, allowPositionals: true });
    const article = await readArticleInput(positionals[0], io);
    const notice = await loadNotice(join(loadConfig().contentDir, 'notices', 'covid-19.md'));
    const verdict = detect(notice, [article.title, article.dek ?? '', article.body].join('\n\n'));
    if (values.json) writeJson(io, { covid: verdict.applies, terms: verdict.terms });
    else io.stdout.write(`${verdict.applies ? 'COVID-19 notice: yes' : 'COVID-19 notice: no'}${verdict.terms.length ? ` (${verdict.terms.join(', ')})` : ''}\n`);
    return 0;
  },
};
