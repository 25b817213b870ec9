// The newsroom CLI on the seed article, as README shows it.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/newsroom';

const SEED = 'content/articles/2023-09-12-kim-jong-un-arrives-in-russia.md';

function newsroom(args: string[], input?: string) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    env: { ...process.env, ENV_FILE: 'none' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('newsroom CLI', () => {
  it('summarize --json gives the title and the chosen sentences', () => {
    const { code, stdout } = newsroom(['summarize', '--sentences', '2', '--json', SEED]);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout);
    expect(summary.title).toBe('North Korea’s Kim Jong Un arrives in Russia for possible arms talks with Putin');
    expect(summary.sentences).toHaveLength(2);
    expect(summary.sentences[0]).toMatch(/^Kim Jong Un has arrived in Russia/);
  });

  it('quotes --json attributes every seed quote, "he added" to Pat Ryder', () => {
    const { code, stdout } = newsroom(['quotes', '--json', SEED]);
    expect(code).toBe(0);
    const quotes = JSON.parse(stdout) as Array<{ text: string; speaker: string | null }>;
    expect(quotes.find((q) => q.text.startsWith('We remain concerned'))?.speaker).toBe('Pat Ryder');
    expect(quotes.find((q) => q.text.startsWith('pay a price'))?.speaker).toBe('Jake Sullivan');
    expect(quotes.every((q) => q.speaker !== null)).toBe(true);
  });

  it('classify --json says the seed may refer to COVID-19', () => {
    const { code, stdout } = newsroom(['classify', '--json', SEED]);
    expect(code).toBe(0);
    const verdict = JSON.parse(stdout);
    expect(verdict.covid).toBe(true);
    expect(verdict.terms.length).toBeGreaterThan(0);
  });

  it('reads plain text from stdin', () => {
    const { code, stdout } = newsroom(['classify', '--json', '-'], 'Brewer reports sales\n\nCorona beer sales rose 9% in the quarter, the brewer said.\n');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).covid).toBe(false);
  });

  it('fails in one line, without a stack trace, on input it cannot use', () => {
    for (const args of [['quotes', 'no/such/file.md'], ['summarize', '--sentences', 'many', SEED], ['frobnicate']]) {
      const { code, stderr } = newsroom(args);
      expect(code).toBe(2);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });
});
