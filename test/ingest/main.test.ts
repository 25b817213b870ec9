// npm start in console mode with feeds.yaml listing a feed that hangs: the shell answers, and when
// piped input ends the process exits at once (the poller neither holds it open nor delays it).
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FeedServer, startFeedServer } from './feed-server';
import { contentDir, REPO } from './support';

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(() => server.close());

/** Runs the bot, types `input`, and ends stdin once the hanging feed has been asked for. */
async function runBot(content: string, input: string): Promise<{ code: number | null; stdout: string; ms: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ENV_FILE: 'none', STORE_URL: 'memory://', CONTENT_DIR: content, LOG_LEVEL: 'silent', FEEDS_ALLOW_PRIVATE: 'true' },
  });
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  child.stdin.write(input);
  while (server.hits('/slow.xml').total === 0) await new Promise((r) => setTimeout(r, 50));
  const ended = Date.now();
  child.stdin.end();
  const code = await exited;
  return { code, stdout, ms: Date.now() - ended };
}

describe('the bot with feeds', () => {
  it('serves the console and exits when input ends, with a hanging feed in flight', { timeout: 30_000 }, async () => {
    const yaml = `feeds:\n  - { url: "${server.url('/slow.xml')}", name: Slow Feed }\n  - { url: "${server.url('/city.rss.xml')}", name: City Desk }\n`;
    const { code, stdout, ms } = await runBot(contentDir(yaml), '/feeds list\n');
    expect(code).toBe(0);
    expect(stdout).toContain('Feeds (2)');
    expect(stdout).toContain('• Slow Feed (every 15 min · feeds.yaml');
    expect(ms).toBeLessThan(3000); // the fetch in flight is aborted, not waited for (its deadline is 15 s)
  });
});
