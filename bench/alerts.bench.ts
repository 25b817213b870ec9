// Live alerts, end to end in one process: a feed on a loopback server, the real poller, wire and
// archive (SQLite files), the alert pass, and a fake platform that allows --rate posts a second
// (Discord's 50/s global limit) and answers 429 beyond it.
//
// 1. Latency: one route; an item is added to the feed, the feed is polled at once and the alert
//    pass runs; measured from the moment the item is on the feed server to the moment the message
//    reaches the platform, --samples times. In production add the wait for the poll (the feed's
//    interval) and for the pass (at most a minute); this is the bot's own share.
// 2. Throughput: --items new items fanned out to --channels routes of one feed: posts a second as a
//    share of the platform limit (goal >= 90%, like digests), 429 share, duplicates and losses
//    (goal 0), and the pass's CPU time per 1,000 alerts.
//
//   npm run bench -- alerts
//   node --import tsx bench/alerts.bench.ts --channels 200 --items 10 --samples 20
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { openArchive } from '../src/archive/open';
import { systemClock } from '../src/core/context';
import { openNewsroom } from '../src/open-newsroom';
import { AlertScheduler } from '../src/schedule/alerts';
import { SharedPacer } from '../src/schedule/rate-limit';
import { newRoute } from '../src/schedule/routes';
import { openStore } from '../src/store/open';
import { restPoster, startFakePlatform } from './support/platform';

const { values } = parseArgs({
  options: {
    channels: { type: 'string', default: '100' },
    items: { type: 'string', default: '10' },
    samples: { type: 'string', default: '15' },
    rate: { type: 'string', default: '50' },
    pace: { type: 'string', default: '0.95' },
  },
});
const CHANNELS = Number(values.channels);
const ITEMS = Number(values.items);
const SAMPLES = Number(values.samples);
const ALLOWED = Number(values.rate);

// The feed: items added by the bench, newest first, each with enough text to be a story.
const items: string[] = [];
const LEXICON = 'harbor council budget river school farmer vaccine tariff election bridge court museum transit drought festival factory senator library wildfire pension airport minister border satellite orchestra glacier parliament refinery hospital union stadium ferry clinic vineyard census tunnel'.split(' ');
let seq = 0;
function item(title: string): string {
  const n = ++seq;
  const words = Array.from({ length: 150 }, (_, i) => LEXICON[(n * 7919 + i * i * 31 + i) % LEXICON.length]);
  const body = Array.from({ length: 10 }, (_, i) => `<p>The ${words.slice(i * 15, i * 15 + 15).join(' ')} story ${n} said officials.</p>`).join('');
  return `<item><title>${title}</title><link>https://wire.example/story/${n}</link><guid isPermaLink="false">bench-${n}</guid><pubDate>${new Date().toUTCString()}</pubDate><content:encoded><![CDATA[${body}]]></content:encoded></item>`;
}
const feedServer = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/rss+xml' });
  res.end(`<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Bench Wire</title>${items.slice(0, 100).join('')}</channel></rss>`);
});
await new Promise<void>((resolve) => feedServer.listen(0, '127.0.0.1', resolve));
const feedUrl = `http://127.0.0.1:${(feedServer.address() as AddressInfo).port}/feed.xml`;

const dir = mkdtempSync(join(tmpdir(), 'alerts-bench-'));
const store = await openStore(`sqlite://${join(dir, 'bot.sqlite')}`);
const archive = await openArchive(`sqlite://${join(dir, 'archive.sqlite')}`);
const logger = pino({ level: 'warn' });
const contentDir = mkdtempSync(join(tmpdir(), 'alerts-bench-content-'));
cpSync(join(import.meta.dirname, '..', 'content', 'notices'), join(contentDir, 'notices'), { recursive: true });
const newsroom = await openNewsroom({ contentDir, store, archive, logger, feedsAllowPrivate: true, alertsPerHour: 1_000 });
const platform = await startFakePlatform(ALLOWED);
const pacer = new SharedPacer('discord', ALLOWED * Number(values.pace), store, systemClock, (ms) => new Promise((r) => setTimeout(r, ms)), logger);
const alerts = new AlertScheduler({ newsroom, posters: { discord: restPoster(platform.url) }, pacer: () => pacer, owner: 'bench', feedName: (url) => newsroom.feeds.feedName(url), perHour: 1_000 });

// Follow the feed as a workspace does (its first fetch is backlog), then route it.
await newsroom.feeds.add(feedUrl, { id: 'bench' }, { platform: 'discord', workspaceId: 'G1' });
const route = (channelId: string) => newsroom.routes.routes.save(newRoute({ platform: 'discord', workspaceId: 'G1', channelId, user: { id: 'bench', isModerator: true } }, feedUrl, 'live', { match: [], exclude: [] }, new Date()));
await route('C-latency');
// An item dated before its feed was added is backlog; feed dates have whole seconds.
await new Promise((r) => setTimeout(r, 1_100));

// --- 1. latency, one route -----------------------------------------------------------------
const latencies: number[] = [];
for (let i = 0; i < SAMPLES; i++) {
  const before = platform.arrivals.length;
  const title = `Latency sample ${i}`;
  const published = performance.now();
  items.unshift(item(title));
  await newsroom.feeds.poll(feedUrl);
  await alerts.tick();
  const arrived = platform.arrivals.slice(before).find((a) => a.text === title);
  if (!arrived) throw new Error(`sample ${i} did not arrive`);
  latencies.push(arrived.at - published);
}
latencies.sort((a, b) => a - b);
const pct = (p: number) => Number(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(1));

// --- 2. throughput, CHANNELS routes x ITEMS new items ---------------------------------------
for (let c = 0; c < CHANNELS; c++) await route(`C${c}`);
for (let i = 0; i < ITEMS; i++) items.unshift(item(`Fan-out story ${i}`));
await newsroom.feeds.poll(feedUrl);
const firstFanOut = platform.arrivals.length;
const cpuBefore = process.cpuUsage();
const started = performance.now();
let report = await alerts.tick();
for (let pass = 0; pass < 5 && report.open > 0; pass++) report = await alerts.tick();
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
const fanOut = platform.arrivals.slice(firstFanOut).filter((a) => a.channel !== 'C-latency');
const perChannel = new Map<string, Set<string>>();
let duplicates = 0;
for (const a of fanOut) {
  const seen = perChannel.get(a.channel) ?? new Set<string>();
  if (seen.has(a.text)) duplicates++;
  seen.add(a.text);
  perChannel.set(a.channel, seen);
}
const expected = CHANNELS * ITEMS;
const lost = expected - [...perChannel.values()].reduce((n, s) => n + s.size, 0);
const span = (fanOut.at(-1)!.at - fanOut[0]!.at) / 1000;
const achieved = (fanOut.length - 1) / span;
const requests = fanOut.length + platform.stats.rejected;

const result = {
  latencyMs: { samples: SAMPLES, p50: pct(0.5), p99: pct(0.99), max: Number(latencies.at(-1)!.toFixed(1)) },
  fanOut: {
    channels: CHANNELS,
    items: ITEMS,
    alerts: fanOut.length,
    duplicates,
    lost,
    allowedPerSecond: ALLOWED,
    achievedPerSecond: Number(achieved.toFixed(2)),
    achievedShare: Number((achieved / ALLOWED).toFixed(3)),
    rejected429: platform.stats.rejected,
    rejectedShare: Number((platform.stats.rejected / requests).toFixed(4)),
    wallSeconds: Number((wallMs / 1000).toFixed(1)),
    cpuMsPer1000Alerts: Number((((cpu.user + cpu.system) / 1000 / fanOut.length) * 1000).toFixed(0)),
  },
  node: process.version,
  date: new Date().toISOString(),
};
console.log(JSON.stringify(result, null, 2));

await newsroom.feeds.stop();
await newsroom.close();
await archive.close();
await store.close();
feedServer.close();
platform.close();
rmSync(dir, { recursive: true, force: true });
rmSync(contentDir, { recursive: true, force: true });
const ok = duplicates === 0 && lost === 0 && achieved >= 0.9 * ALLOWED && platform.stats.rejected / requests < 0.01;
console.log(ok ? 'PASS' : 'FAIL: goal is >= 90% of the allowed rate, < 1% 429s, zero duplicates, zero lost');
process.exit(ok ? 0 : 1);
