// `newsroom classify` reads the headline with the body, a file in the shared eval format, and a date.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { classifyCommand } from '../../src/cli/classify';

async function classify(args: string[]): Promise<{ code: number; out: string }> {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (c) => (out += c));
  const code = await classifyCommand.run(args, { stdout, stderr: new PassThrough(), stdin: new PassThrough() });
  return { code, out };
}

const dir = mkdtempSync(join(tmpdir(), 'newsroom-classify-'));
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

describe('newsroom classify', () => {
  it('reads the headline of a plain-text article, where it may be the only mention', async () => {
    const path = file('race.txt', 'Marathon called off over COVID-19 fears\n\nOrganisers said the race would return next spring on the same course.\n');
    expect(await classify([path])).toEqual({ code: 0, out: 'COVID-19 notice: yes (COVID-19)\n' });
  });

  it('reads a file in the shared eval format: the headline and the body, not the JSON', async () => {
    const path = file('race.json', JSON.stringify({ id: 'race', title: 'Marathon off as COVID-19 cases rise', text: 'Organisers said the race\n\nwould return next spring.' }));
    expect(JSON.parse((await classify(['--json', path])).out)).toEqual({ covid: true, terms: ['COVID-19'] });
  });

  it('takes the date from --published and says why the ambiguous terms did not count', async () => {
    const path = file('jeddah.txt', 'Two more patients died of the coronavirus at a hospital in Jeddah, health officials said on Sunday.\n');
    expect((await classify([path])).out).toBe('COVID-19 notice: yes (coronavirus)\n');
    expect((await classify(['--published', '2014-04-20', path])).out).toBe('COVID-19 notice: no; ambiguous terms not counted: dated 2014-04-20\n');
    await expect(classify(['--published', 'last spring', path])).rejects.toThrow(/--published: not a date/);
  });
});
