// `npm run discord:deploy`: the PUT body Discord receives, built from the same command definitions.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../../commands';
import { deployCommands } from '../../../src/adapters/discord/registration';
import { APPLICATION_ID, FakeDiscord, GUILD_ID } from '../../fakes/discord';

function run(command: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ENV_FILE: 'none', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('discord:deploy', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await FakeDiscord.start();
  });
  afterAll(() => fake.close());

  it('registers every command globally with typed options, choices, autocomplete and moderator permissions', async () => {
    const result = await run('npm', ['run', '--silent', 'discord:deploy'], { DISCORD_TOKEN: 'fake-token', DISCORD_APPLICATION_ID: APPLICATION_ID, DISCORD_API_URL: fake.apiUrl });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Registered ${commands.length} commands \\(global, application \\d+\\): /news /summary`));
    const put = await fake.waitForRequest((r) => r.method === 'PUT');
    expect(put.path).toBe(`/applications/${APPLICATION_ID}/commands`);
    expect(put.headers.authorization).toBe('Bot fake-token');
    const byName = new Map<string, any>(put.body.map((c: any) => [c.name, c]));
    expect([...byName.keys()]).toEqual(commands.map((c) => c.definition.name));

    const summary = byName.get('summary');
    expect(summary.type).toBe(1);
    expect(summary.default_member_permissions ?? null).toBeNull(); // everyone may use it
    expect(summary.options).toEqual([
      expect.objectContaining({ name: 'article', type: 3, autocomplete: true, required: false }),
      expect.objectContaining({ name: 'length', type: 3, choices: ['short', 'medium', 'long'].map((c) => ({ name: c, value: c })) }),
    ]);
    expect(byName.get('news').options[0]).toMatchObject({ name: 'count', type: 4, min_value: 1, max_value: 10 });
    expect(byName.get('search').options[0]).toMatchObject({ name: 'query', type: 3, required: true });
    expect(byName.get('covid-notice')).toMatchObject({ default_member_permissions: '32', contexts: [0] }); // ManageGuild, servers only
    expect(byName.get('covid-notice').options[0].choices.map((c: any) => c.value)).toEqual(['on', 'off', 'status']);
  });

  it('registers in one server with DISCORD_GUILD_ID, asking Discord for the application id when it is not set', async () => {
    const result = await run(process.execPath, ['--import', 'tsx', 'src/adapters/discord/deploy.ts'], { DISCORD_TOKEN: 'fake-token', DISCORD_GUILD_ID: GUILD_ID, DISCORD_API_URL: fake.apiUrl });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`(guild ${GUILD_ID}, application ${APPLICATION_ID})`);
    const put = await fake.waitForRequest((r) => r.method === 'PUT' && r.path === `/applications/${APPLICATION_ID}/guilds/${GUILD_ID}/commands`);
    expect(put.body).toHaveLength(commands.length);
  });

  it('registers /digest and /feeds as subcommands (type 1), each with only its own options', async () => {
    await deployCommands(commands, { token: 'fake-token', applicationId: APPLICATION_ID, apiUrl: fake.apiUrl });
    const put = fake.requests.findLast((r) => r.method === 'PUT')!;
    const byName = new Map<string, any>(put.body.map((c: any) => [c.name, c]));
    const subcommands = (name: string) => byName.get(name).options.map((o: any) => ({ type: o.type, name: o.name, options: (o.options ?? []).map((p: any) => p.name) }));

    expect(subcommands('digest')).toEqual([
      { type: 1, name: 'subscribe', options: ['time', 'timezone', 'count', 'days', 'empty'] },
      { type: 1, name: 'unsubscribe', options: [] },
      { type: 1, name: 'status', options: [] },
      { type: 1, name: 'preview', options: ['count'] },
    ]);
    const [subscribe] = byName.get('digest').options;
    expect(subscribe.description).toMatch(/\(moderators only\)$/);
    expect(subscribe.options[2]).toMatchObject({ name: 'count', type: 4, min_value: 1, max_value: 10 });
    expect(subscribe.options[4].choices.map((c: any) => c.value)).toEqual(['skip', 'post']);
    expect(byName.get('digest').default_member_permissions ?? null).toBeNull(); // status and preview are for everyone

    expect(subcommands('feeds')).toEqual([
      { type: 1, name: 'add', options: ['url', 'mode', 'match', 'exclude', 'thread'] },
      { type: 1, name: 'remove', options: ['url'] },
      { type: 1, name: 'list', options: [] },
      { type: 1, name: 'test', options: ['url', 'match', 'exclude'] },
    ]);
    expect(byName.get('feeds').default_member_permissions).toBe('32');
  });

  it('a bad token fails with a clear message and a non-zero exit', async () => {
    const result = await run(process.execPath, ['--import', 'tsx', 'src/adapters/discord/deploy.ts'], { DISCORD_TOKEN: 'bad', DISCORD_APPLICATION_ID: APPLICATION_ID, DISCORD_API_URL: fake.apiUrl });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Could not deploy the commands: Discord rejected the bot token \(401 Unauthorized\)/);
  });
});
