// The scorer itself, then the thresholds that guard the algorithms: on our own annotated articles
// (test/fixtures/eval), on the seed and on the dev set in ../shared/eval (beside the project in CI).
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { evalCommand } from '../../src/cli/eval';
import { cleanRaw, loadAnnotated } from '../../src/newsroom/eval/dataset';
import { evaluate, type EvalReport } from '../../src/newsroom/eval/evaluate';
import { matchQuotes, quoteKey, speakerKey } from '../../src/newsroom/eval/quote-match';
import { rouge } from '../../src/newsroom/eval/rouge';
import { loadNotice, type NoticeDefinition } from '../../src/newsroom/notice';

const root = join(import.meta.dirname, '../..');
const shared = join(root, '../shared/eval');
const sharedMissing = !existsSync(join(shared, 'seed.json'));
if (sharedMissing) console.warn(`eval thresholds on the seed and dev set skipped: ${shared} not found`);

let covid: NoticeDefinition;
beforeAll(async () => {
  covid = await loadNotice(join(root, 'content/notices/covid-19.md'));
});

describe('ROUGE', () => {
  it('scores a worked example by hand', () => {
    // unigrams: 5 of 6 shared; bigrams: "the cat", "on the", "the mat" = 3 of 5; LCS "the cat on the mat" = 5
    const r = rouge('The cat sat on the mat.', 'the cat lay on the mat');
    expect(r.rouge1).toBeCloseTo(5 / 6, 6);
    expect(r.rouge2).toBeCloseTo(3 / 5, 6);
    expect(r.rougeL).toBeCloseTo(5 / 6, 6);
  });

  it('is 1 for the same text, 0 for nothing shared, and stems like the toolkit', () => {
    expect(rouge('Kim arrives in Russia', 'Kim arrives in Russia')).toEqual({ rouge1: 1, rouge2: 1, rougeL: 1 });
    expect(rouge('apples and pears', 'rockets to mars')).toEqual({ rouge1: 0, rouge2: 0, rougeL: 0 });
    expect(rouge('talks were planned', 'planning talk').rouge1).toBeGreaterThan(rouge('talks were planned', 'planning talk', false).rouge1);
  });
});

describe('quote matching', () => {
  it('ignores edge punctuation, quote-mark style and case; speakers ignore titles and "the"', () => {
    expect(quoteKey('“We dodged a bullet,” ')).toBe(quoteKey('we dodged a bullet'));
    expect(quoteKey('I don’t know')).toBe(quoteKey("I don't know"));
    expect(speakerKey('Brig. Gen. Pat Ryder')).toBe(speakerKey('pat ryder'));
    expect(speakerKey('the Kremlin')).toBe(speakerKey('Kremlin'));
    expect(speakerKey('Pat Ryder')).not.toBe(speakerKey('Ryder'));
  });

  it('counts each annotated quote once and only quotes of three words or more', () => {
    const gold = [{ text: 'We dodged a bullet,', speaker: 'Steve Cowan' }, { text: 'rattled', speaker: 'Michael Howard' }];
    const found = [
      { text: 'We dodged a bullet', speaker: 'Steve Cowan' },
      { text: 'We dodged a bullet', speaker: 'Steve Cowan' },
      { text: 'rattled', speaker: null },
    ];
    expect(matchQuotes(found, gold, true).counts).toEqual({ matched: 1, extracted: 2, annotated: 1 });
    expect(matchQuotes([{ text: 'We dodged a bullet', speaker: 'Todd Borek' }], gold, true).mismatches[0]).toMatchObject({ kind: 'wrong speaker', expected: 'Steve Cowan' });
  });
});

function expectTargets(report: EvalReport, quotes: number): void {
  expect(report.quotes.withSpeaker.precision).toBeGreaterThanOrEqual(quotes);
  expect(report.quotes.withSpeaker.recall).toBeGreaterThanOrEqual(quotes);
  expect(report.notice.accuracy).toBe(1);
}

/** Summary ROUGE F1 above Lead-3 in the same run by more than `margin`, and at least `floor`. */
function expectAbove(report: EvalReport, margin: number, floor: Record<'rouge1' | 'rouge2' | 'rougeL', number>): void {
  for (const k of ['rouge1', 'rouge2', 'rougeL'] as const) {
    expect(report.summaries.ours[k], k).toBeGreaterThan(report.summaries.lead3[k] + margin);
    expect(report.summaries.ours[k], k).toBeGreaterThanOrEqual(floor[k]);
  }
}

describe('thresholds on our own annotated articles', () => {
  it('quotes and speakers, summaries against Lead-3, the notice', async () => {
    const articles = await loadAnnotated(join(root, 'test/fixtures/eval'));
    expect(articles.length).toBeGreaterThanOrEqual(6);
    const report = evaluate(articles, covid);
    expectTargets(report, 0.95);
    expect(report.quotes.textOnly.f1).toBeGreaterThanOrEqual(0.97);
    expectAbove(report, 0.02, { rouge1: 0.545, rouge2: 0.375, rougeL: 0.5 });
  });
});

describe.skipIf(sharedMissing)('thresholds on ../shared/eval', () => {
  it('seed: every quote with its speaker, a summary above Lead-3, the notice', async () => {
    const report = evaluate(await loadAnnotated(join(shared, 'seed.json')), covid);
    expectTargets(report, 0.9);
    expectAbove(report, 0.05, { rouge1: 0.405, rouge2: 0.335, rougeL: 0.385 });
  });

  it('the seed page cleans to the body of the content article made from it', async () => {
    const [seed] = await loadAnnotated(join(shared, 'seed.json'));
    const file = readFileSync(join(root, 'content/articles/2023-09-12-kim-jong-un-arrives-in-russia.md'), 'utf8');
    expect(seed!.body).toBe(file.split(/^---$/m).slice(2).join('---').trim());
    expect(cleanRaw('Banner\n\nHeadline\n\nHeadline\n\nThe dek.\n\n\nBody one.\n\nClick to continue reading\n\nBody two.', 'Headline', null)).toBe('Banner\n\nBody one.\n\nBody two.');
  });

  it.skipIf(!existsSync(join(shared, 'dev')))('dev: quotes, summaries above Lead-3, the notice on every article', async () => {
    const report = evaluate(await loadAnnotated(join(shared, 'dev')), covid);
    expectTargets(report, 0.9);
    expectAbove(report, 0, { rouge1: 0.431, rouge2: 0.175, rougeL: 0.28 });
  });
});

describe('newsroom eval', () => {
  async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (c) => (out += c));
    stderr.on('data', (c) => (err += c));
    const code = await evalCommand.run(args, { stdout, stderr, stdin: new PassThrough() }).catch((e: Error) => {
      err += e.message;
      return 2;
    });
    return { code, out, err };
  }

  it('prints a table, and JSON with --json', async () => {
    const table = await run([join(root, 'test/fixtures/eval')]);
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/quote \+ speaker/);
    expect(table.out).toMatch(/Lead-3 baseline/);
    const json = JSON.parse((await run(['--json', join(root, 'test/fixtures/eval')])).out) as EvalReport;
    expect(json.articles).toBeGreaterThanOrEqual(6);
    expect(json.summaries.lead3.rouge1).toBeGreaterThan(0);
  });

  it('says what is wrong with a bad file or an empty directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsroom-eval-'));
    await expect(run([dir])).resolves.toMatchObject({ err: expect.stringMatching(/no \*\.json files/) });
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ id: 'x', text: 'Body.', quotes: [] }));
    await expect(run([dir])).resolves.toMatchObject({ err: expect.stringMatching(/bad\.json: field "mentions_covid"/) });
  });
});
