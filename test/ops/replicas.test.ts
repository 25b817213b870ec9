// Two bot processes, as two replicas behind a load balancer would run, sharing one real Redis:
// both serve commands; each channel's digest is posted once; a SIGTERM to the replica that is
// posting, mid fan-out, loses nothing and doubles nothing.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../fakes/slack';
import { postSlashCommand } from '../fakes/slack-request';
import { ROOT } from '../support/newsroom';
import { type SlackBotProcess, startSlackBot, stopProcess } from '../support/processes';
import { redisUp } from '../support/services';

const SECRET = 'replica-secret';
// A store namespace of its own: other runs of this test on the shared Redis keep theirs, nothing is flushed.
const NAMESPACE = `replicas-${randomUUID().slice(0, 8)}`;
const STORE_URL = `redis://127.0.0.1:6379?namespace=${NAMESPACE}`;
// Both processes on this machine share one SQLite archive (a Redis store has no full-text index);
// in a folder of the test's own, not under the checkout's data/.
const ARCHIVE_DIR = mkdtempSync(join(tmpdir(), 'replicas-archive-'));
const ARCHIVE_URL = `sqlite://${join(ARCHIVE_DIR, 'archive.sqlite')}`;
const CHANNELS = Array.from({ length: 40 }, (_, i) => `C0REPLICA${i}`);

type Replica = SlackBotProcess & { readonly token: string };

async function startReplica(name: string, slack: FakeSlack): Promise<Replica> {
  const token = `xoxb-${name}`;
  const bot = await startSlackBot(ROOT, { STORE_URL, ARCHIVE_URL, SLACK_BOT_TOKEN: token, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl, SLACK_MODERATOR_IDS: 'U0MOD' });
  return Object.assign(bot, { token });
}

const stop = (replica: Replica) => stopProcess(replica.child);

describe.skipIf(!redisUp)('two replicas on one Redis', () => {
  let slack: FakeSlack;
  let a: Replica;
  let b: Replica;

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    [a, b] = await Promise.all([startReplica('a', slack), startReplica('b', slack)]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([a, b].filter(Boolean).map(stop));
    await slack?.stop();
    // Only this run's keys (@keyv/redis writes NAME::NAME:...), so the shared Redis keeps no leftovers.
    const redis = createClient({ url: 'redis://127.0.0.1:6379' });
    await redis.connect();
    for await (const keys of redis.scanIterator({ MATCH: `${NAMESPACE}::*`, COUNT: 1000 })) if (keys.length > 0) await redis.del(keys);
    await redis.quit();
    rmSync(ARCHIVE_DIR, { recursive: true, force: true });
  });

  it('both answer commands; a toggle made on one shows in the other\'s status at once', async () => {
    for (const replica of [a, b]) {
      const res = await postSlashCommand(replica.url, { command: '/summary', text: 'kim', user_id: 'U0READER' }, { secret: SECRET });
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.json)).toContain('Kim Jong Un has arrived in Russia');
    }
    const off = await postSlashCommand(a.url, { command: '/covid-notice', text: 'off', user_id: 'U0MOD' }, { secret: SECRET });
    expect(JSON.stringify(off.json)).toContain('The COVID-19 notice is off here');
    const status = await postSlashCommand(b.url, { command: '/covid-notice', text: 'status', user_id: 'U0MOD' }, { secret: SECRET });
    expect(JSON.stringify(status.json)).toContain('The COVID-19 notice is off here');
    // Metrics are per replica, on the Slack port when OPS_PORT is unset.
    const metrics = await fetch(`http://127.0.0.1:${a.port}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/newsroom_commands_total\{command="covid-notice",platform="slack",outcome="ok"\} 1/);
  });

  it('posts each channel’s digest exactly once, even when the posting replica is stopped mid fan-out', async () => {
    // One slot for every channel: the next whole minute with at least 20 s to set up before it.
    const now = new Date();
    const slot = new Date(Math.ceil((now.getTime() + 20_000) / 60_000) * 60_000);
    const cron = `${slot.getUTCMinutes()} ${slot.getUTCHours()} * * *`;
    for (const channel of CHANNELS) {
      const res = await postSlashCommand(a.url, { command: '/digest', text: `subscribe time:"${cron}" timezone:UTC empty:post`, user_id: 'U0MOD', channel_id: channel }, { secret: SECRET });
      expect(JSON.stringify(res.json), channel).toContain('Digest scheduled for this channel');
    }
    // A slow platform, so the fan-out takes seconds and a SIGTERM can land in the middle of it.
    slack.latency.set('chat.postMessage', 400);
    const posts = () => slack.callsTo('chat.postMessage').filter((c) => CHANNELS.includes(String(c.args.channel)));
    const first = await slack.waitFor(() => posts()[0], 90_000);
    const poster = first.authorization === `Bearer ${a.token}` ? a : b;
    const other = poster === a ? b : a;
    expect(await stop(poster)).toBe(0); // finishes the posts it had claimed, then exits cleanly
    const beforeHandOver = posts().length;

    // The surviving replica picks up the channels nobody claimed at its next minute's pass.
    await slack.waitFor(() => new Set(posts().map((p) => p.args.channel)).size === CHANNELS.length, 100_000);
    // Once it too has stopped (after the posts it had claimed), nothing more can be posted: a
    // duplicate, if any, is in by now, without guessing how long one would take to show up.
    expect(await stop(other)).toBe(0);
    const perChannel = new Map<string, number>();
    for (const p of posts()) perChannel.set(String(p.args.channel), (perChannel.get(String(p.args.channel)) ?? 0) + 1);
    expect([...perChannel.values()]).toEqual(CHANNELS.map(() => 1));
    expect(beforeHandOver).toBeLessThan(CHANNELS.length); // the stop really landed mid fan-out
    expect(posts().slice(beforeHandOver).every((p) => p.authorization === `Bearer ${other.token}`)).toBe(true);
  }, 240_000);
});
