// `newsroom digest` in a child process, against the repository's content and a throwaway store.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const cli = (args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'digest', ...args], { env: { ...process.env, ENV_FILE: 'none', STORE_URL: 'memory://' } });

describe('newsroom digest', () => {
  it('prints the digest for a window, as text and as JSON', async () => {
    const window = ['--at', '2023-09-13T08:00:00Z', '--since', '2023-09-11T00:00:00Z'];
    const text = await cli(window);
    expect(text.stdout).toContain('Newsroom digest · 13 Sept 2023');
    expect(text.stdout).toContain('• North Korea’s Kim Jong Un arrives in Russia');
    const json = JSON.parse((await cli(['--json', ...window])).stdout);
    expect(json.articles.map((a: { slug: string }) => a.slug)).toEqual(['kim-jong-un-arrives-in-russia']);
    expect(json.since).toBe('2023-09-11T00:00:00.000Z');
  }, 30_000);

  it('refuses a time it cannot read, with exit code 2', async () => {
    const error = await cli(['--at', 'tomorrow']).catch((e: { code: number; stderr: string }) => e);
    expect(error).toMatchObject({ code: 2 });
    expect((error as { stderr: string }).stderr).toContain('--at must be an ISO time');
  }, 30_000);
});
