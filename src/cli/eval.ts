import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { type Half, halfOf, loadAnnotated } from '../newsroom/eval/dataset';
import { evaluate, formatReport } from '../newsroom/eval/evaluate';
import { loadNotice } from '../newsroom/notice';
import { CliError, type Subcommand, writeJson } from './io';

export const evalCommand: Subcommand = {
  name: 'eval',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { json: { type: 'boolean', default: false }, details: { type: 'boolean', default: false }, half: { type: 'string' } },
      allowPositionals: true,
    });
    const path = positionals[0];
    const half = values.half;
    if (half !== undefined && half !== 'a' && half !== 'b') throw new CliError(`--half: "a" or "b", not "${half}"`);
    if (!path) throw new CliError('missing input: give a directory of annotated *.json files (the format of test/fixtures/eval)');
    let articles;
    try {
      articles = await loadAnnotated(path);
    } catch (error) {
      throw new CliError((error as NodeJS.ErrnoException).code ? `cannot read ${path}: ${(error as NodeJS.ErrnoException).code}` : (error as Error).message);
    }
    if (articles.length === 0) throw new CliError(`no *.json files under ${path}`);
    if (half) articles = halfOf(articles, half as Half);
    const notice = await loadNotice(join(loadConfig().contentDir, 'notices', 'covid-19.md'));
    const report = evaluate(articles, notice);
    if (values.json) writeJson(io, values.details ? report : { ...report, details: undefined });
    else io.stdout.write(formatReport(report, values.details));
    return 0;
  },
};
