// Digest fan-out: 10,000 subscribed channels, one digest slot, against a fake platform on
// 127.0.0.1 that allows 50 requests/s (sliding one-second window) and answers 429 + Retry-After
// beyond it. Measures the achieved rate (goal >= 90% of 50/s), duplicates and losses (goal 0),
// wall time and peak memory. Store: a real SQLite file. `--channels N` for a shorter run.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import type { ChannelPoster } from '../src/core/adapter';
import { systemClock } from '../src/core/context';
import { RateLimitError } from '../src/core/errors';
import { openNewsroom } from '../src/open-newsroom';
import { DigestScheduler } from '../src/schedule/digests';
import { newSubscription, SUBSCRIPTIONS } from '../src/schedule/subscriptions';
import { openStore } from '../src/store/open';

const { values } = parseArgs({ options: { channels: { type: 'string', default: '10000' }, rate: { type: 'string', default: '50' } } });
const CHANNELS = Number(values.channels);
const ALLOWED = Number(values.rate);

// --- the fake platform -------------------------------------------------------------------
const accepted: number[] = []; // timestamps inside the current window
const posts = new Map<string, number>();
let rejected = 0;
let firstPost = 0;
let lastPost = 0;
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    const now = performance.now();
    while (accepted.length > 0 && accepted[0]! <= now - 1000) accepted.shift();
    if (accepted.length >= ALLOWED) {
      rejected++;
      const waitMs = Math.max(1, Math.ceil(accepted[0]! + 1000 - now));
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(Math.ceil(waitMs / 1000)) });
      res.end(JSON.stringify({ message: 'You are being rate limited.', retry_after: waitMs / 1000, global: true }));
      return;
    }
    accepted.push(now);
    const channel = decodeURIComponent(req.url!.split('/')[2]!);
    posts.set(channel, (posts.get(channel) ?? 0) + 1);
    firstPost ||= now;
    lastPost = now;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: String(posts.size), channel_id: channel, length: body.length }));
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

/** A poster speaking HTTP to the fake, mapping 429 to RateLimitError as the real adapters do. */
const poster: ChannelPoster = {
  async post(channelId, reply) {
    const res = await fetch(`${base}/channels/${encodeURIComponent(channelId)}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ content: reply.title, items: reply.items, allowed_mentions: { parse: [] } }),
    });
    const answer = (await res.json()) as { retry_after?: number };
    if (res.status === 429) throw new RateLimitError(Math.ceil((answer.retry_after ?? 1) * 1000));
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
  },
};

// --- the newsroom, store and subscriptions ------------------------------------------------
const dir = mkdtempSync(join(tmpdir(), 'digest-bench-'));
const store = await openStore(`sqlite://${join(dir, 'bench.sqlite')}`);
const logger = pino({ level: 'warn' });
const newsroom = await openNewsroom({ contentDir: 'content', store, logger });
const now = Date.now();
const slot = new Date(Math.floor(now / 60_000) * 60_000);
for (let i = 0; i < 5; i++) {
  newsroom.articles.upsert({
    slug: `bench-article-${i}`,
    title: `Bench article ${i}`,
    url: `https://news.example/bench/${i}`,
    published: new Date(slot.getTime() - (i + 1) * 600_000),
    tags: [],
    body: `The council met on Tuesday to vote on item ${i}. It passed after a long debate.\n\nResidents spoke for and against.`,
  });
}
const schedule = { kind: 'daily', hour: slot.getUTCHours(), minute: slot.getUTCMinutes(), days: [0, 1, 2, 3, 4, 5, 6], timezone: 'UTC' } as const;
const setupStarted = performance.now();
for (let i = 0; i < CHANNELS; i++) {
  const invocation = { platform: 'discord' as const, workspaceId: `G${i % 100}`, channelId: `C${i}`, user: { id: 'U', isModerator: true } };
  await store.set(SUBSCRIPTIONS, `discord/G${i % 100}/C${i}`, newSubscription(invocation, schedule, {}, new Date(now - 86_400_000)));
}
const setupMs = performance.now() - setupStarted;

// --- the fan-out --------------------------------------------------------------------------
let peakRss = 0;
let peakHeap = 0;
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
}, 100);
// Our pacer aims just under the platform's limit so timer jitter does not earn 429s.
const scheduler = new DigestScheduler({ newsroom, posters: { discord: poster }, catchupMs: 6 * 3_600_000, rates: { discord: ALLOWED * 0.98 }, concurrency: 16 });
const started = performance.now();
const report = await scheduler.tick();
const wallMs = performance.now() - started;
clearInterval(sampler);

const duplicates = [...posts.values()].filter((n) => n > 1).length;
let lost = 0;
for (let i = 0; i < CHANNELS; i++) if (!posts.has(`C${i}`)) lost++;
const delivered = [...posts.values()].reduce((a, b) => a + b, 0);
const achieved = (delivered - 1) / ((lastPost - firstPost) / 1000);
const result = {
  channels: CHANNELS,
  allowedPerSecond: ALLOWED,
  delivered,
  duplicates,
  lost,
  rejected429: rejected,
  achievedPerSecond: Number(achieved.toFixed(2)),
  achievedShare: Number((achieved / ALLOWED).toFixed(3)),
  wallSeconds: Number((wallMs / 1000).toFixed(1)),
  setupSeconds: Number((setupMs / 1000).toFixed(1)),
  peakRssMiB: Number((peakRss / 2 ** 20).toFixed(1)),
  peakHeapMiB: Number((peakHeap / 2 ** 20).toFixed(1)),
  report,
  node: process.version,
  date: new Date().toISOString(),
};
console.log(JSON.stringify(result, null, 2));
await store.close();
server.close();
rmSync(dir, { recursive: true, force: true });
const ok = duplicates === 0 && lost === 0 && achieved >= 0.9 * ALLOWED;
console.log(ok ? 'PASS' : 'FAIL: goal is >= 90% of the allowed rate, zero duplicates, zero lost');
process.exit(ok ? 0 : 1);
