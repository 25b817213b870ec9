// The bot as `npm start` runs it: src/main.ts in its own process, configured only by environment,
// against the fake Slack. Proves the composition root wires the Slack adapter end to end.
import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../../commands';
import { FakeSlack } from '../../fakes/slack';
import { postSlashCommand } from '../../fakes/slack-request';
import { ROOT } from '../../support/newsroom';
import { freePort, stopProcess, waitUntilServing } from '../../support/processes';
import { allText, PING } from './harness';

const SECRET = 'main-test-secret';

interface Bot {
  readonly child: ChildProcess;
  readonly url: string;
  stderr: string;
}

async function startBot(env: Record<string, string>): Promise<Bot> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ENV_FILE: 'none', STORE_URL: 'memory://', LOG_LEVEL: 'warn', SLACK_PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const bot: Bot = { child, url: `http://127.0.0.1:${port}/slack/events`, stderr: '' };
  child.stderr!.on('data', (d: Buffer) => {
    bot.stderr += d.toString();
  });
  await waitUntilServing(`http://127.0.0.1:${port}/healthz`, child, () => bot.stderr, 20_000);
  return bot;
}

const stopBot = (bot: Bot) => stopProcess(bot.child);

describe('npm start with SLACK_* set serves POST /slack/events', () => {
  let slack: FakeSlack;
  let bot: Bot;
  beforeAll(async () => {
    slack = await new FakeSlack().start();
    slack.users.set('U0ADMIN', { id: 'U0ADMIN', is_admin: true });
    bot = await startBot({ SLACK_BOT_TOKEN: 'xoxb-main', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl });
  }, 30_000);
  afterAll(async () => {
    await stopBot(bot);
    await slack.stop();
  });

  it('answers every command with a signed request, and refuses an unsigned one', async () => {
    for (const { definition } of commands) {
      const text = definition.name === 'covid-notice' ? 'status' : definition.name === 'search' ? 'Putin' : '';
      const res = await postSlashCommand(bot.url, { command: `/${definition.name}`, text, user_id: 'U0ADMIN' }, { secret: SECRET });
      expect(res.status, definition.name).toBe(200);
      expect(String(res.json?.text), definition.name).not.toMatch(/went wrong/);
      for (const t of allText(res.json)) expect(t, definition.name).not.toMatch(PING);
    }
    const unsigned = await postSlashCommand(bot.url, { command: '/summary' }, { secret: SECRET, signature: null });
    expect(unsigned.status).toBe(401);
  });

  it('learns who it is from auth.test with the bot token', async () => {
    const call = await slack.waitFor(() => slack.callsTo('auth.test')[0]);
    expect(call.authorization).toBe('Bearer xoxb-main');
  });

  it('shuts down cleanly on SIGTERM', async () => {
    expect(await stopBot(bot)).toBe(0);
  });
});

describe('npm start when the Slack Web API is unreachable', () => {
  it('stays up, says so clearly, and still answers commands', async () => {
    const closed = await freePort();
    const bot = await startBot({ SLACK_BOT_TOKEN: 'xoxb-main', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: `http://127.0.0.1:${closed}/api/` });
    try {
      const res = await postSlashCommand(bot.url, { command: '/summary', text: 'kim' }, { secret: SECRET });
      expect(res.status).toBe(200);
      expect(res.json?.response_type).toBe('in_channel');
      // Said at the first failed call and again at the retry a second later: still up through both.
      await expect.poll(() => bot.stderr.match(/Slack Web API is unreachable/g)?.length ?? 0, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
      expect(bot.child.exitCode).toBeNull();
      expect((await postSlashCommand(bot.url, { command: '/advisory' }, { secret: SECRET })).status).toBe(200);
      expect(bot.stderr).not.toContain('xoxb-main');
    } finally {
      expect(await stopBot(bot)).toBe(0);
    }
  }, 30_000);
});
