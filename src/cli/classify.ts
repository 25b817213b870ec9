import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { loadAnnotated } from '../newsroom/eval/dataset';
import { detectArticle, loadNotice, type NoticeInput } from '../newsroom/notice';
import { CliError, type CliIo, readArticleInput, type Subcommand, writeJson } from './io';

/**
 * The article to classify: a file in the eval format (test/fixtures/eval), read as its headline, date
 * and body rather than as JSON text (whose "\n" escapes would glue words together), or what
 * readArticleInput reads.
 */
async function readInput(path: string | undefined, io: CliIo): Promise<NoticeInput> {
  if (!path?.endsWith('.json')) return readArticleInput(path, io);
  try {
    return (await loadAnnotated(path))[0]!;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(code ? `cannot read ${path}: ${code}` : (error as Error).message);
  }
}

export const classifyCommand: Subcommand = {
  name: 'classify',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { json: { type: 'boolean', default: false }, published: { type: 'string' } },
      allowPositionals: true,
    });
    const article = await readInput(positionals[0], io);
    // --published: the date a plain-text file cannot carry; the notice reads it (no MERS story from 2014 gets it).
    const published = values.published === undefined ? article.published : new Date(values.published);
    if (published && Number.isNaN(published.getTime())) throw new CliError(`--published: not a date: ${values.published}`);
    const notice = await loadNotice(join(loadConfig().contentDir, 'notices', 'covid-19.md'));
    const verdict = detectArticle(notice, { ...article, published });
    const discounted = verdict.discounted ? `; ambiguous terms not counted: ${verdict.discounted}` : '';
    if (values.json) writeJson(io, { covid: verdict.applies, terms: verdict.terms, ...(verdict.discounted ? { discounted: verdict.discounted } : {}) });
    else io.stdout.write(`${verdict.applies ? 'COVID-19 notice: yes' : 'COVID-19 notice: no'}${verdict.terms.length ? ` (${verdict.terms.join(', ')})` : ''}${discounted}\n`);
    return 0;
  },
};
