// `eval` loads any file in the shared format: only a body (`text` or `raw`) is required; an
// annotation left out is not scored. Articles written for the test.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAnnotated, parseAnnotated } from '../../src/newsroom/eval/dataset';
import { evaluate, formatReport } from '../../src/newsroom/eval/evaluate';
import { loadNotice } from '../../src/newsroom/notice';

const BODY = 'The ferry to Arran was cancelled on Friday after gales closed the harbour at Ardrossan.\n\nServices resume on Saturday morning.';

describe('annotated files with fields left out', () => {
  it('loads a file without mentions_covid, raw, id, title or quotes', () => {
    const a = parseAnnotated(JSON.stringify({ text: BODY }), 'dir/ferry.json');
    expect(a).toMatchObject({ id: 'ferry', title: '', body: BODY, mentionsCovid: null, referenceSummary: null, quotes: null, published: null });
  });

  it('takes nulls and empty strings as left out, and a date when one is given', () => {
    const a = parseAnnotated(
      JSON.stringify({ id: 7, title: null, text: null, raw: BODY, reference_summary: '', mentions_covid: null, published: '2014-05-02', quotes: [{ text: 'We had no choice', speaker: '' }] }),
      'x.json',
    );
    expect(a).toMatchObject({ id: '7', referenceSummary: null, mentionsCovid: null, quotes: [{ text: 'We had no choice', speaker: null }] });
    expect(a.published?.toISOString()).toBe('2014-05-02T00:00:00.000Z');
  });

  it('still refuses a file with no body, or a field of the wrong type, naming it', () => {
    expect(() => parseAnnotated(JSON.stringify({ id: 'x', title: 'T' }), 'none.json')).toThrow(/none\.json: field "\(root\)": needs "text" or "raw"/);
    expect(() => parseAnnotated(JSON.stringify({ id: 'x', text: BODY, mentions_covid: 'yes' }), 'typo.json')).toThrow(/typo\.json: field "mentions_covid"/);
  });

  it('scores the notice only on the articles that say whether it belongs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsroom-dataset-'));
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ id: 'a', text: BODY, mentions_covid: false }));
    writeFileSync(join(dir, 'b.json'), JSON.stringify({ id: 'b', text: BODY }));
    const covid = await loadNotice(join(import.meta.dirname, '../../content/notices/covid-19.md'));
    const report = evaluate(await loadAnnotated(dir), covid);
    expect(report.articles).toBe(2);
    expect(report.notice).toMatchObject({ articles: 1, correct: 1 });
    expect(report.details.map((d) => d.notice.expected)).toEqual([false, null]);
    expect(formatReport(evaluate((await loadAnnotated(dir)).slice(1), covid))).toMatch(/COVID-19 notice: no article says whether it belongs/);
  });
});
