// `newsroom eval`: any file in the shared format loads (fields left out are not scored), and
// `--half a|b` scores a fixed half of each folder. Articles written for the test.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { evalCommand } from '../../src/cli/eval';

async function evaluate(args: string[]): Promise<{ code: number; out: string }> {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (c) => (out += c));
  const code = await evalCommand.run(args, { stdout, stderr: new PassThrough(), stdin: new PassThrough() });
  return { code, out };
}

const BODY = '“We will reopen the bridge on Monday,” said Mara Lindqvist, the county engineer.\n\nThe crossing has been shut since the flood.';

/** A folder of `count` articles per subfolder, 01.json …, each with its quotation annotated. */
function dataset(folders: string[], count: number): string {
  const root = mkdtempSync(join(tmpdir(), 'newsroom-eval-'));
  for (const folder of folders) {
    mkdirSync(join(root, folder));
    for (let i = 1; i <= count; i++) {
      // Only a body and the quotes: no raw, title, id, reference_summary or mentions_covid.
      writeFileSync(join(root, folder, `${String(i).padStart(2, '0')}.json`), JSON.stringify({ text: BODY, quotes: [{ text: 'We will reopen the bridge on Monday,', speaker: 'Mara Lindqvist', speaker_mention: 'Mara Lindqvist' }] }));
    }
  }
  return root;
}

describe('newsroom eval', () => {
  it('loads a file with only a body and its quotes, and leaves the rest unscored', async () => {
    const root = dataset(['quotes'], 1);
    writeFileSync(join(root, 'quotes', '02.json'), JSON.stringify({ id: null, title: null, text: BODY, quotes: [{ text: '', speaker: 'Nobody' }] }));
    const report = JSON.parse((await evaluate(['--json', root])).out);
    expect(report.articles).toBe(2);
    expect(report.quotes).toMatchObject({ articles: 1, withSpeaker: { matched: 1, annotated: 1 } });
    expect(report.summaries.articles).toBe(0);
    expect(report.notice.articles).toBe(0);
  });

  it('--half a scores the files at odd positions of each folder, --half b the even ones', async () => {
    const root = dataset(['quotes', 'summaries'], 5);
    const files = async (half: string) => JSON.parse((await evaluate(['--json', '--details', '--half', half, root])).out).details.map((d: { file: string }) => d.file);
    expect(await files('a')).toEqual(['quotes/01.json', 'quotes/03.json', 'quotes/05.json', 'summaries/01.json', 'summaries/03.json', 'summaries/05.json']);
    expect(await files('b')).toEqual(['quotes/02.json', 'quotes/04.json', 'summaries/02.json', 'summaries/04.json']);
    await expect(evaluate(['--half', 'c', root])).rejects.toThrow(/--half: "a" or "b"/);
  });
});
