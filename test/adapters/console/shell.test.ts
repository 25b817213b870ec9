// The console shell as a newcomer meets it: `npm start` with input piped in, a real SQLite file.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConsoleShell, parseLine, printable } from '../../../src/adapters/console/shell';
import { buildTestBot, ROOT } from '../../support/newsroom';

function npmStart(input: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['start', '--silent'], { cwd: ROOT, env: { ...process.env, ENV_FILE: 'none', ...env }, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

const CDC = 'https://www.cdc.gov/covid/index.html';

describe('console shell (npm start, piped)', () => {
  it('answers /summary with the seed summary, the notice and the CDC link; the switch survives a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsroom-shell-'));
    const env = { STORE_URL: `sqlite://${join(dir, 'newsroom.sqlite')}` };

    const first = await npmStart('/summary\n/covid-notice off\n/summary\n', env);
    expect(first.code).toBe(0);
    const [before, toggled, after] = first.stdout.trim().split(/\n\n(?=North Korea’s|Done\.)/);
    expect(before).toContain('Kim Jong Un has arrived in Russia');
    expect(before).toContain('This post may refer to COVID-19');
    expect(before).toContain(CDC);
    expect(toggled).toMatch(/^Done\. The COVID-19 notice is off here; set by Shell user/);
    expect(after).toContain('Kim Jong Un has arrived in Russia');
    expect(after).not.toContain(CDC);

    const second = await npmStart('/covid-notice status\n/summary\n', env);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('The COVID-19 notice is off here; set by Shell user');
    expect(second.stdout).not.toContain(CDC);
  }, 60_000);

  it('keeps serving after bad input and exits 0 at end of input', async () => {
    const result = await npmStart(`/nonsense\n/summary ${'x'.repeat(10_240)}\n\n/summary no-such-story\n/advisory\n`, { STORE_URL: 'memory://' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("I don't know /nonsense. Type /help");
    expect(result.stdout).toContain('That is too long');
    expect(result.stdout).toContain('No article matches “no-such-story”');
    expect(result.stdout).toContain(CDC);
    expect(result.stderr).toBe('');
  }, 60_000);

  it('starts with .env.example as copied (every empty key unset) and shuts down without an error line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsroom-shell-'));
    // STORE_URL from the environment wins over the file: the test's database, not the repo's data/.
    const result = await npmStart('/advisory\n', { ENV_FILE: join(ROOT, '.env.example'), STORE_URL: `sqlite://${join(dir, 'newsroom.sqlite')}` });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(CDC);
  }, 60_000);

  it('stops with a message naming the key when the configuration is wrong', async () => {
    const result = await npmStart('', { STORE_URL: 'ftp://nowhere' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('STORE_URL must start with sqlite://');
  }, 60_000);
});

describe('console shell (in process)', () => {
  it('reads a subcommand and its loose words as typed: /digest subscribe 07:30 Europe/Berlin', async () => {
    const { dispatcher } = await buildTestBot();
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (d) => (printed += d));
    const done = new ConsoleShell({ dispatcher, input, output, interactive: false }).start();
    input.end('/digest subscribe 07:30 Europe/Berlin\n/digest status\n/digest\n');
    await done;
    expect(printed).toMatch(/^Digest scheduled for this channel\n\nSchedule: 07:30 every day \(Europe\/Berlin\), up to 5 articles/);
    expect(printed).toMatch(/\n\nDigest for this channel\n\nSchedule: 07:30 every day \(Europe\/Berlin\)/);
    expect(printed).toMatch(/\n\nWhich one: subscribe, unsubscribe, status, preview\? Usage: \/digest subscribe \[time\]/);
  });
});

describe('parseLine', () => {
  it('reads the command and the rest, with or without a slash; skips blanks and comments', () => {
    expect(parseLine('/summary kim long')).toEqual({ name: 'summary', text: 'kim long' });
    expect(parseLine('news 3')).toEqual({ name: 'news', text: '3' });
    expect(parseLine('   ')).toBeNull();
    expect(parseLine('# a note')).toBeNull();
  });
});

describe('printable', () => {
  it('drops terminal control sequences from text bound for the terminal, keeping lines and tabs', () => {
    const scraped = 'Headline\u001b]0;pwned\u0007\n\tBody \u001b[2Jtext\u009b31m.';
    expect(printable(scraped)).toBe('Headline]0;pwned\n\tBody [2Jtext31m.');
    expect(printable(scraped)).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
  });
});
