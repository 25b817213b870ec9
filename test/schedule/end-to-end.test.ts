// A moderator subscribes through a real adapter; the digest arrives through that adapter's
// outbound port at the chosen local time, once. Console shell, and the real Bolt app against the
// loopback fake Slack.
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import digest from '../../commands/digest';
import { ConsoleShell } from '../../src/adapters/console/shell';
import { createPostingRest, DiscordChannelPoster } from '../../src/adapters/discord/outbound';
import { createSlackAdapter, type SlackAdapter } from '../../src/adapters/slack';
import { Dispatcher } from '../../src/core/dispatcher';
import { DigestDesk } from '../../src/schedule/desk';
import { DigestScheduler } from '../../src/schedule/digests';
import { MemoryStore } from '../../src/store/memory';
import { FakeDiscord, snowflake } from '../fakes/discord';
import { FakeSlack } from '../fakes/slack';
import { postSlashCommand } from '../fakes/slack-request';
import { article, ManualClock, testNewsroom } from './support';

const HOUR = 3_600_000;

/** Articles an hour or two before `around`. */
async function digestNewsroom(clock: ManualClock, around = Date.parse('2024-03-11T12:00:00Z')) {
  const store = new MemoryStore(clock);
  const ago = (h: number) => new Date(around - h * HOUR).toISOString();
  const base = await testNewsroom(store, clock, [
    article(ago(2), { title: 'Ferry service resumes <!channel>' }),
    article(ago(1), { title: 'Clinics report fewer COVID-19 cases', covid: true }),
    article(ago(3), { title: 'Old feed item', backlog: true }),
  ]);
  return { ...base, digests: new DigestDesk(base, { defaultTimezone: 'UTC', catchupMs: 6 * HOUR }) };
}

describe('digest end to end: console shell', () => {
  it('subscribe in the shell, and the digest prints there at 08:00 New York time', async () => {
    const clock = new ManualClock('2024-03-11T11:30:00Z'); // 07:30 EDT
    const newsroom = await digestNewsroom(clock);
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const shell = new ConsoleShell({ dispatcher: new Dispatcher(newsroom, [digest]), input, output, interactive: false });
    const finished = shell.start();
    input.end('/digest subscribe 08:00 America/New_York\n');
    await finished;
    expect(printed).toContain('Next digest: 2024-03-11 08:00 America/New_York');

    const scheduler = new DigestScheduler({ newsroom, posters: { console: shell.outbound }, catchupMs: 6 * HOUR, sleep: async (ms: number) => clock.advance(ms) });
    await scheduler.tick();
    expect(printed).not.toContain('[digest for #console]');
    clock.set('2024-03-11T12:00:00Z');
    await scheduler.tick();
    await scheduler.tick();
    expect(printed.split('[digest for #console]')).toHaveLength(2);
    expect(printed).toContain('• Clinics report fewer COVID-19 cases');
    expect(printed).not.toContain('Old feed item');
    expect(printed).toMatch(/ℹ .*cdc\.gov/);
  });
});

describe('digest end to end: Slack (real Bolt, fake Slack on loopback)', () => {
  let slack: FakeSlack;
  let adapter: SlackAdapter;
  let url: string;
  // Bolt checks request timestamps against the real clock, so this test's clock starts at now.
  const clock = new ManualClock(new Date(Math.floor(Date.now() / 60_000) * 60_000));
  const slot = new Date(clock.now().getTime() + 30 * 60_000);
  const hhmm = slot.toISOString().slice(11, 16);
  let newsroom: Awaited<ReturnType<typeof digestNewsroom>>;

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    newsroom = await digestNewsroom(clock, slot.getTime());
    adapter = await createSlackAdapter({
      config: { botToken: 'xoxb-test', signingSecret: 'e2e-secret', port: 0, apiUrl: slack.apiUrl, moderatorIds: ['U0MOD'] },
      dispatcher: new Dispatcher(newsroom, [digest]),
      newsroom,
      host: '127.0.0.1',
    });
    await adapter.start();
    url = `http://127.0.0.1:${adapter.port ?? 0}/slack/events`;
  });
  afterAll(async () => {
    await adapter.stop();
    await slack.stop();
  });

  const send = (user: string, channel: string, text: string) =>
    postSlashCommand(url, { command: '/digest', text, user_id: user, channel_id: channel, team_id: 'T0E2E', response_url: slack.responseUrl('r') }, { secret: 'e2e-secret', timestamp: Math.floor(clock.now().getTime() / 1000) });

  it('a moderator subscribes two channels; each gets one digest at its time, a reader cannot subscribe', async () => {
    const refused = await send('U0READER', 'C0NEWS', 'subscribe');
    expect(JSON.stringify(refused.json)).toMatch(/Only moderators/);
    for (const channel of ['C0NEWS', 'C0GONE']) {
      const ok = await send('U0MOD', channel, `subscribe time:${hhmm} timezone:UTC`);
      expect(ok.status).toBe(200);
      expect(JSON.stringify(ok.json)).toContain(`${slot.toISOString().slice(0, 10)} ${hhmm} UTC`);
    }
    slack.script.set('chat.postMessage', [{ error: 'channel_not_found' }]);
    clock.set(slot);
    const options = { newsroom, posters: { slack: adapter.outbound }, catchupMs: 6 * HOUR, sleep: async (ms: number) => clock.advance(ms), concurrency: 1 };
    await new DigestScheduler(options).tick();
    clock.advance(60_000);
    await new DigestScheduler(options).tick(); // a restart a minute later
    const posts = slack.callsTo('chat.postMessage');
    const ref = (channelId: string) => ({ platform: 'slack' as const, workspaceId: 'T0E2E', channelId, user: { id: 'x', isModerator: false } });
    const subs = await Promise.all(['C0NEWS', 'C0GONE'].map((c) => newsroom.digests.subscription(ref(c))));
    // Whichever channel came first got the scripted channel_not_found and is disabled; the other got its digest.
    const disabled = subs.filter((s) => s?.disabled);
    expect(disabled).toHaveLength(1);
    expect(disabled[0]!.disabled!.reason).toMatch(/channel_not_found/);
    const healthy = subs.find((s) => !s?.disabled)!.channelId;
    expect(posts).toHaveLength(2); // one refused, one delivered; nothing repeated after the restart
    expect(posts.map((p) => p.args.channel).sort()).toEqual(['C0GONE', 'C0NEWS']);
    const blocks = JSON.stringify(posts.find((p) => p.args.channel === healthy)!.args.blocks);
    expect(blocks).toContain('Clinics report fewer COVID-19 cases');
    expect(blocks).toContain('cdc.gov');
    expect(blocks).not.toContain('Old feed item');
    expect(blocks).not.toContain('<!channel>');
  });
});

describe('digest end to end: Discord (real @discordjs/rest, fake Discord on loopback)', () => {
  it('40 channels, with 429s and 500s on the way: every channel exactly one digest, mentions off', async () => {
    const fake = await FakeDiscord.start();
    try {
      const clock = new ManualClock('2024-03-11T11:30:00Z');
      const newsroom = await digestNewsroom(clock);
      const channels = Array.from({ length: 40 }, () => snowflake());
      for (const [i, channelId] of channels.entries()) {
        const invocation = { platform: 'discord' as const, workspaceId: 'G1', channelId, user: { id: 'U', isModerator: true } };
        await newsroom.digests.subscribe(invocation, { time: '08:00', timezone: 'America/New_York' });
        const path = new RegExp(`/channels/${channelId}/messages`);
        if (i % 4 === 0) fake.script('POST', path, { status: 429, headers: { 'retry-after': '0.05', 'x-ratelimit-scope': 'user' }, body: { message: 'You are being rate limited.', retry_after: 0.05, global: false } });
        if (i % 4 === 1) fake.script('POST', path, { status: 500, body: { message: 'Internal Server Error', code: 0 } });
      }
      clock.set('2024-03-11T12:00:00Z');
      const poster = new DiscordChannelPoster(createPostingRest('fake-token', fake.apiUrl));
      const options = { newsroom, posters: { discord: poster }, catchupMs: 6 * HOUR, sleep: async (ms: number) => clock.advance(ms) };
      const report = await new DigestScheduler(options).tick();
      expect(report).toMatchObject({ due: 40, delivered: 40 });
      clock.advance(5 * 60_000);
      await new DigestScheduler(options).tick(); // a restart: nothing again
      // Each scripted failure is answered once; every other request succeeded: one success per channel.
      for (const [i, channelId] of channels.entries()) {
        const posts = fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`);
        expect(posts, channelId).toHaveLength(i % 4 <= 1 ? 2 : 1);
        expect(posts.at(-1)!.body).toMatchObject({ allowed_mentions: { parse: [] } });
      }
      const body = JSON.stringify(fake.requests.find((r) => r.path === `/channels/${channels[2]}/messages`)!.body);
      expect(body).toContain('Clinics report fewer COVID-19 cases');
      expect(body).not.toContain('Old feed item');
    } finally {
      await fake.close();
    }
  });
});
