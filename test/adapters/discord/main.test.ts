// The bot started the way `npm start` starts it (src/main.ts in its own process, configured only by
// environment), against the fake Discord: answers, refuses a bad token, and shards.
import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../../fakes/discord';
import { chatInput } from '../../fakes/discord-interactions';
import { freePort } from '../../support/processes';

interface Started {
  readonly child: ChildProcess;
  readonly output: () => string;
  /** The exit code, or the signal that ended the process. */
  readonly exited: Promise<number | string | null>;
}

function startMain(env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ENV_FILE: 'none', STORE_URL: 'memory://', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | string | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  return { child, output: () => output, exited };
}

/** Running; main.ts installed its SIGTERM handler before start-up began, so no wait is needed after. */
async function runningWithSignalHandlers(started: Started): Promise<void> {
  await expect.poll(() => started.output(), { timeout: 10_000 }).toContain('newsroom bot running');
}

/** A guild id that Discord's (guild_id >> 22) % shards puts on `shard`. */
const guildOnShard = (shard: number, of: number) => String((BigInt(1000 * of + shard) << 22n) + 7n);

describe('the bot as `npm start` runs it', () => {
  let fake: FakeDiscord | undefined;
  let started: Started | undefined;
  afterEach(async () => {
    if (started && started.child.exitCode === null) {
      started.child.kill('SIGTERM');
      await started.exited;
    }
    await fake?.close();
    started = fake = undefined;
  });

  it('logs in and answers commands end to end; a DISCORD_MODERATOR_ROLE_IDS role moderates', async () => {
    fake = await FakeDiscord.start();
    started = startMain({ DISCORD_TOKEN: 'fake-token', DISCORD_API_URL: fake.apiUrl, DISCORD_MODERATOR_ROLE_IDS: '555,777' });
    await fake.waitForSessions(1, 30_000);
    const summary = await fake.interact(chatInput('summary', { article: 'kim', length: 'short' })).callback;
    expect(summary.body.data.embeds[0].title).toMatch(/^North Korea’s Kim Jong Un arrives in Russia/);
    expect(summary.body.data.allowed_mentions).toEqual({ parse: [] });
    const toggled = await fake.interact(chatInput('covid-notice', { state: 'off' }, { roles: ['777'] })).callback;
    expect(toggled.body.data.content).toMatch(/^Done\. The COVID-19 notice is off here/);
    const refused = await fake.interact(chatInput('covid-notice', { state: 'on' }, { roles: ['778'] })).callback;
    expect(refused.body.data.content).toBe('Only moderators can use /covid-notice. Nothing was changed.');
    expect(started.output()).toContain('Discord bot ready');

    await runningWithSignalHandlers(started);
    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(0);
  }, 40_000);

  it('exits non-zero with a clear message when Discord rejects the token', async () => {
    fake = await FakeDiscord.start();
    started = startMain({ DISCORD_TOKEN: 'bad', DISCORD_API_URL: fake.apiUrl });
    expect(await started.exited).toBe(1);
    expect(started.output()).toMatch(/newsroom bot could not start: Discord rejected the bot token \(401 Unauthorized\)\. Check DISCORD_TOKEN/);
  }, 30_000);

  it('DISCORD_SHARDS=auto runs one process per shard under ShardingManager, each answering its guilds; a dead shard is respawned', async () => {
    fake = await FakeDiscord.start({ shards: 2 });
    started = startMain({ DISCORD_TOKEN: 'fake-token', DISCORD_API_URL: fake.apiUrl, DISCORD_SHARDS: 'auto' });
    await fake.waitForSessions(2, 60_000);
    const identifies = fake.frames.filter((f) => f.op === 2).map((f) => f.d.shard);
    expect(identifies.sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    for (const shard of [0, 1]) {
      const guildId = guildOnShard(shard, 2);
      const answer = await fake.interact(chatInput('advisory', {}, { guildId })).callback;
      expect(answer.body.data.embeds[0].title).toBe('COVID-19 information');
    }
    await expect.poll(() => started!.output(), { timeout: 10_000 }).toContain('all Discord shards ready');
    await runningWithSignalHandlers(started);

    // A shard process that dies is started again by the manager, and its guilds are answered again.
    const pid = Number(/"shard":1,"of":2,"shardPid":(\d+),"msg":"shard process started"/.exec(started.output())?.[1]);
    expect(pid).toBeGreaterThan(0);
    // Wait for a new session, not for the old socket to look open: on a loaded machine the fake
    // can take a while to notice that the killed process's connection is gone.
    const killed = fake.sessions.get(1);
    process.kill(pid, 'SIGKILL');
    await expect
      .poll(
        () => {
          const session = fake!.sessions.get(1);
          return session !== killed && session?.socket.readyState === session?.socket.OPEN;
        },
        { timeout: 60_000, interval: 50 },
      )
      .toBe(true);
    const again = await fake.interact(chatInput('advisory', {}, { guildId: guildOnShard(1, 2) })).callback;
    expect(again.body.data.embeds[0].title).toBe('COVID-19 information');

    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(0);
    // The shard processes go with their manager: their sockets close.
    await expect.poll(() => [...fake!.sessions.values()].every((s) => s.socket.readyState === s.socket.CLOSED), { timeout: 10_000 }).toBe(true);
  }, 120_000);

  it('DISCORD_SHARDS: commands answered in the shard processes reach the manager\'s /metrics; SIGTERM stops them all', async () => {
    fake = await FakeDiscord.start({ shards: 2 });
    const opsPort = await freePort();
    started = startMain({ DISCORD_TOKEN: 'fake-token', DISCORD_API_URL: fake.apiUrl, DISCORD_SHARDS: '2', OPS_PORT: String(opsPort) });
    await fake.waitForSessions(2, 60_000);
    await expect.poll(() => started!.output(), { timeout: 30_000 }).toContain('all Discord shards ready');
    for (const shard of [0, 1]) {
      const answer = await fake.interact(chatInput('advisory', {}, { guildId: guildOnShard(shard, 2) })).callback;
      expect(answer.body.data.embeds[0].title).toBe('COVID-19 information');
    }
    const counted = async () => {
      const text = await fetch(`http://127.0.0.1:${opsPort}/metrics`).then((r) => r.text(), () => '');
      return /newsroom_commands_total\{command="advisory",platform="discord",outcome="ok"\} (\d+)/.exec(text)?.[1];
    };
    await expect.poll(counted, { timeout: 10_000 }).toBe('2');
    await runningWithSignalHandlers(started);
    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(0);
    await expect.poll(() => [...fake!.sessions.values()].every((s) => s.socket.readyState === s.socket.CLOSED), { timeout: 10_000 }).toBe(true);
  }, 120_000);
});
