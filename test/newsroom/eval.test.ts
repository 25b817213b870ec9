// The scorer itself, then the thresholds that guard the algorithms: on our own annotated articles
// (test/fixtures/eval), and on the seed's annotations and the dev set in ../shared/eval (beside the
// project in CI; skipped, with a warning, where it is absent).
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { evalCommand } from '../../src/cli/eval';
import { cleanRaw, loadAnnotated, parseAnnotated } from '../../src/newsroom/eval/dataset';
import { evaluate, type EvalReport, formatReport, headToHead } from '../../src/newsroom/eval/evaluate';
import { matchQuotes, quoteKey, speakerKey } from '../../src/newsroom/eval/quote-match';
import { rouge } from '../../src/newsroom/eval/rouge';
import { loadNotice, type NoticeDefinition } from '../../src/newsroom/notice';
import { SUMMARY_WEIGHTS, type SummaryWeights } from '../../src/newsroom/summarize';
import { readSeedArticle, readSeedPage } from '../support/seed';

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

describe('summaries against the lead, per article and per collection', () => {
  it('counts the articles above, level with and below the lead on each measure', () => {
    const r = (rouge1: number, rouge2: number, rougeL: number) => ({ rouge1, rouge2, rougeL });
    expect(
      headToHead([
        { ours: r(0.5, 0.2, 0.3), lead3: r(0.4, 0.2, 0.35) },
        { ours: r(0.3, 0.1, 0.2), lead3: r(0.3, 0.15, 0.1) },
      ]),
    ).toEqual({ rouge1: { wins: 1, ties: 1, losses: 0 }, rouge2: { wins: 0, ties: 1, losses: 1 }, rougeL: { wins: 1, ties: 0, losses: 1 } });
  });

  it('scores each source collection on its own when there is more than one', () => {
    const body = (place: string) =>
      [
        `Floods closed the main road into ${place} on Monday after two days of heavy rain across the valley.`,
        `Residents of ${place} were told to stay indoors while crews cleared mud and fallen trees from the road.`,
        `The council said the road would reopen by Friday if the rain stopped as forecast on Wednesday.`,
        `Schools in ${place} stayed open, but buses were diverted along a longer route through the hills.`,
      ].join('\n\n');
    const article = (id: string, source: string | undefined, place: string) =>
      parseAnnotated(
        JSON.stringify({ id, source, title: '', text: body(place), reference_summary: `Floods closed the road into ${place}. It reopens Friday.`, mentions_covid: false }),
        `${id}.json`,
      );
    const articles = [article('a1', 'wire/one:a.csv@abc row 1', 'Ashby'), article('a2', 'wire/one:a.csv@abc row 2', 'Brill'), article('b1', 'paper/two:b.txt', 'Crewe'), article('c1', undefined, 'Dent')];
    expect(articles.map((a) => a.collection)).toEqual(['wire/one', 'wire/one', 'paper/two', null]);
    const report = evaluate(articles, covid);
    expect(report.summaries.collections.map((c) => [c.name, c.articles])).toEqual([['wire/one', 2], ['paper/two', 1], ['other', 1]]);
    const weighted = report.summaries.collections.reduce((sum, c) => sum + c.articles * c.ours.rouge1, 0) / report.summaries.articles;
    expect(weighted).toBeCloseTo(report.summaries.ours.rouge1, 9);
    const { wins, ties, losses } = report.summaries.versusLead.rouge2;
    expect(wins + ties + losses).toBe(4);
    expect(formatReport(report)).toMatch(/wire\/one \(2 articles\)\n {4}ours minus Lead-3 +[+-]\d/);
    // one collection: no per-collection rows
    expect(evaluate(articles.slice(0, 2), covid).summaries.collections).toEqual([]);
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

describe('scraped pages in annotated articles', () => {
  it('the seed page cleans to the body of the content article made from it', () => {
    // An annotated article with a scraped `raw` is cleaned with its title and its reference summary
    // (for the seed: the article's headline and dek).
    const seed = readSeedArticle();
    expect(cleanRaw(readSeedPage(), seed.title, seed.dek ?? null)).toBe(seed.body);
    expect(parseAnnotated(JSON.stringify({ id: 'seed', title: seed.title, raw: readSeedPage(), reference_summary: seed.dek, mentions_covid: true }), 'seed.json').body).toBe(seed.body);
    expect(cleanRaw('Banner\n\nHeadline\n\nHeadline\n\nThe dek.\n\n\nBody one.\n\nClick to continue reading\n\nBody two.', 'Headline', null)).toBe('Banner\n\nBody one.\n\nBody two.');
  });
});

describe.skipIf(sharedMissing)('thresholds on ../shared/eval', () => {
  it('seed: every quote with its speaker, a summary above Lead-3, the notice', async () => {
    const report = evaluate(await loadAnnotated(join(shared, 'seed.json')), covid);
    expectTargets(report, 0.9);
    expectAbove(report, 0.05, { rouge1: 0.405, rouge2: 0.335, rougeL: 0.385 });
  });

  it.skipIf(!existsSync(join(shared, 'dev')))('dev: quotes, summaries above Lead-3, the notice on every article', async () => {
    const report = evaluate(await loadAnnotated(join(shared, 'dev')), covid);
    // The dev set grew to 28 quote articles from outlets nobody tuned for (issue 14): this guards
    // today's level there (0.93 / 0.91; 0.84 / 0.81 before the second pass, 0.78 / 0.75 before the
    // speaker book), with room for a rule that trades one dev quote for copy elsewhere.
    expectTargets(report, 0.88);
    expectAbove(report, 0, { rouge1: 0.431, rouge2: 0.175, rougeL: 0.28 });
  });
});

/**
 * The weights must sit on a plateau, not a peak: moved by 15% either way, one at a time, they still
 * beat Lead-3. A win that needs one exact value is a win on these articles only.
 */
function perturbed(): [string, SummaryWeights][] {
  return (Object.keys(SUMMARY_WEIGHTS) as (keyof SummaryWeights)[])
    .filter((k) => SUMMARY_WEIGHTS[k] !== 0)
    .flatMap((k) => [0.85, 1.15].map((m): [string, SummaryWeights] => [`${k} x${m}`, { ...SUMMARY_WEIGHTS, [k]: SUMMARY_WEIGHTS[k] * m }]));
}

describe('summary weights on a plateau', () => {
  it('our articles: above Lead-3 with every weight 15% off', async () => {
    const articles = (await loadAnnotated(join(root, 'test/fixtures/eval'))).filter((a) => a.referenceSummary);
    for (const [label, weights] of perturbed()) {
      const { ours, lead3 } = evaluate(articles, covid, 3, weights).summaries;
      for (const k of ['rouge1', 'rouge2', 'rougeL'] as const) expect(ours[k], `${label} ${k}`).toBeGreaterThan(lead3[k]);
    }
  });

  it.skipIf(sharedMissing || !existsSync(join(shared, 'dev')))('dev: above Lead-3 with every weight 15% off', async () => {
    const articles = (await loadAnnotated(join(shared, 'dev'))).filter((a) => a.referenceSummary);
    for (const [label, weights] of perturbed()) {
      const { ours, lead3 } = evaluate(articles, covid, 3, weights).summaries;
      for (const k of ['rouge1', 'rouge2', 'rougeL'] as const) expect(ours[k], `${label} ${k}`).toBeGreaterThan(lead3[k]);
    }
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
    // Optional fields may be missing (eval-dataset.test.ts); a file with no body cannot be scored.
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ id: 'x', title: 'T' }));
    await expect(run([dir])).resolves.toMatchObject({ err: expect.stringMatching(/bad\.json: field "\(root\)": needs "text" or "raw"/) });
  });

  const BRIDGE = '“We will reopen the bridge on Monday,” said Mara Lindqvist, the county engineer.\n\nThe crossing has been shut since the flood.';
  /** `count` files a folder, 01.json …, each only a body and its quotation (no raw, title, id, summary or notice). */
  function dataset(folders: string[], count: number): string {
    const dir = mkdtempSync(join(tmpdir(), 'newsroom-eval-'));
    for (const folder of folders) {
      mkdirSync(join(dir, folder));
      for (let i = 1; i <= count; i++) {
        const quotes = [{ text: 'We will reopen the bridge on Monday,', speaker: 'Mara Lindqvist', speaker_mention: 'Mara Lindqvist' }];
        writeFileSync(join(dir, folder, `${String(i).padStart(2, '0')}.json`), JSON.stringify({ text: BRIDGE, quotes }));
      }
    }
    return dir;
  }

  it('loads a file with only a body and its quotes, and leaves the rest unscored', async () => {
    const dir = dataset(['quotes'], 1);
    writeFileSync(join(dir, 'quotes', '02.json'), JSON.stringify({ id: null, title: null, text: BRIDGE, quotes: [{ text: '', speaker: 'Nobody' }] }));
    const report = JSON.parse((await run(['--json', dir])).out) as EvalReport;
    expect(report.articles).toBe(2);
    expect(report.quotes).toMatchObject({ articles: 1, withSpeaker: { matched: 1, annotated: 1 } });
    expect(report.summaries.articles).toBe(0);
    expect(report.notice.articles).toBe(0);
  });

  it('--half a scores the files at odd positions of each folder, --half b the even ones', async () => {
    const dir = dataset(['quotes', 'summaries'], 5);
    const files = async (half: string) => (JSON.parse((await run(['--json', '--details', '--half', half, dir])).out) as EvalReport).details.map((d) => d.file);
    expect(await files('a')).toEqual(['quotes/01.json', 'quotes/03.json', 'quotes/05.json', 'summaries/01.json', 'summaries/03.json', 'summaries/05.json']);
    expect(await files('b')).toEqual(['quotes/02.json', 'quotes/04.json', 'summaries/02.json', 'summaries/04.json']);
    await expect(run(['--half', 'c', dir])).resolves.toMatchObject({ code: 2, err: expect.stringMatching(/--half: "a" or "b"/) });
  });
});
