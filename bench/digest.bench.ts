// Digest fan-out: N subscribed channels, one digest slot, fanned out by R replicas (each its own
// process, its own store connection, its own DigestScheduler.tick()) on one store, against a fake
// platform in this process on 127.0.0.1 that allows --rate requests in any one-second window (50/s:
// Discord's global limit) and answers 429 + Retry-After beyond it, for all replicas together.
// Measures the aggregate rate as a share of the limit (goal >= 90%), the share of requests answered
// 429 (goal < 1%), duplicates and losses (goal 0), wall time and each replica's peak memory.
//
//   npm run bench -- digest                                  10,000 channels, 1 replica, SQLite
//   node --import tsx bench/digest.bench.ts --channels 10000 --replicas 3 --store redis
//   node --import tsx bench/digest.bench.ts --channels 100000 --rate 500      (a 10x faster platform)
//
// --store sqlite (a temp file) | redis (127.0.0.1:6379) | postgres (127.0.0.1:5432/test); on the
// shared servers the run keeps to a namespace of its own and deletes it afterwards. The digest has no
// articles ("No new articles", posted because the subscriptions say empty:post): this measures the
// delivery path (claims, records, the shared rate limit, posting), not the article archive.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { noMeter, systemClock } from '../src/core/context';
import type { Newsroom } from '../src/newsroom/newsroom';
import { WorkspaceSettings } from '../src/newsroom/settings';
import { DigestScheduler } from '../src/schedule/digests';
import { newSubscription, SUBSCRIPTIONS } from '../src/schedule/subscriptions';
import { openStore } from '../src/store/open';
import type { Store } from '../src/store/store';
import { restPoster, startFakePlatform } from './support/platform';

const { values } = parseArgs({
  options: {
    channels: { type: 'string', default: '10000' },
    rate: { type: 'string', default: '50' },
    replicas: { type: 'string', default: '1' },
    store: { type: 'string', default: 'sqlite' },
    concurrency: { type: 'string', default: '16' },
    // The share of the platform's limit the replicas pace at together (src/adapters' limits use 0.9).
    pace: { type: 'string', default: '0.95' },
    // Internal: a replica process started by the main one.
    role: { type: 'string', default: 'main' },
    'store-url': { type: 'string' },
    'platform-url': { type: 'string' },
  },
});
const ALLOWED = Number(values.rate);

/** A newsroom with no articles: settings over the store, and an archive that has nothing new. */
function benchNewsroom(store: Store): Newsroom {
  const logger = pino({ level: 'warn' });
  const noArticles = { archive: { news: async () => [] }, analysesOf: async () => [] };
  return {
    articles: noArticles as unknown as Newsroom['articles'],
    notices: {} as Newsroom['notices'],
    settings: new WorkspaceSettings(store, systemClock, logger),
    store,
    clock: systemClock,
    logger,
    meter: noMeter,
  };
}

if (values.role === 'replica') {
  // --- one replica: one pass, then its report and peak memory on stdout ---------------------
  const base = values['platform-url']!;
  const poster = restPoster(base);
  const store = await openStore(values['store-url']!);
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const sampler = setInterval(sample, 100);
  // Our pacer aims under the platform's limit so timer and scheduling jitter do not earn 429s.
  const scheduler = new DigestScheduler({ newsroom: benchNewsroom(store), posters: { discord: poster }, catchupMs: 6 * 3_600_000, rates: { discord: ALLOWED * Number(values.pace) }, concurrency: Number(values.concurrency) });
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const report = await scheduler.tick();
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  sample();
  clearInterval(sampler);
  await store.close();
  process.stdout.write(`${JSON.stringify({ report, wallSeconds: Number((wallMs / 1000).toFixed(1)), cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(1)), peakRssMiB: Number((peakRss / 2 ** 20).toFixed(1)), peakHeapMiB: Number((peakHeap / 2 ** 20).toFixed(1)) })}\n`);
  process.exit(0);
}

// --- main: the fake platform, the subscriptions, the replicas -----------------------------------
const CHANNELS = Number(values.channels);
const REPLICAS = Number(values.replicas);
const platform = await startFakePlatform(ALLOWED);
const { posts } = platform;
const platformUrl = platform.url;

const run = randomUUID().slice(0, 8);
let dir: string | undefined;
let storeUrl: string;
switch (values.store) {
  case 'sqlite':
    dir = mkdtempSync(join(tmpdir(), 'digest-bench-'));
    storeUrl = `sqlite://${join(dir, 'bench.sqlite')}`;
    break;
  case 'redis':
    storeUrl = `redis://127.0.0.1:6379/11?namespace=bench-${run}`;
    break;
  case 'postgres':
    storeUrl = `postgres://postgres@127.0.0.1:5432/test?namespace=bench-${run}`;
    break;
  default:
    throw new Error(`--store: sqlite, redis or postgres (got ${values.store})`);
}
const store = await openStore(storeUrl);
const now = Date.now();
const slot = new Date(Math.floor(now / 60_000) * 60_000);
const schedule = { kind: 'daily', hour: slot.getUTCHours(), minute: slot.getUTCMinutes(), days: [0, 1, 2, 3, 4, 5, 6], timezone: 'UTC' } as const;
const setupStarted = performance.now();
for (let i = 0; i < CHANNELS; i++) {
  const invocation = { platform: 'discord' as const, workspaceId: `G${i % 100}`, channelId: `C${i}`, user: { id: 'U', isModerator: true } };
  await store.set(SUBSCRIPTIONS, `discord/G${i % 100}/C${i}`, newSubscription(invocation, schedule, { empty: 'post' }, new Date(slot.getTime() - 3_600_000)));
}
const setupMs = performance.now() - setupStarted;

const self = fileURLToPath(import.meta.url);
const started = performance.now();
const replicas = await Promise.all(
  Array.from({ length: REPLICAS }, () => {
    const child = spawn(process.execPath, ['--import', 'tsx', self, '--role', 'replica', '--store-url', storeUrl, '--platform-url', platformUrl, '--rate', String(ALLOWED), '--concurrency', String(values.concurrency), '--pace', String(values.pace)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    return new Promise<Record<string, unknown>>((resolve, reject) =>
      child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!)) : reject(new Error(`replica exited ${code}`)))),
    );
  }),
);
const wallMs = performance.now() - started;

const duplicates = [...posts.values()].filter((n) => n > 1).length;
let lost = 0;
for (let i = 0; i < CHANNELS; i++) if (!posts.has(`C${i}`)) lost++;
const delivered = [...posts.values()].reduce((a, b) => a + b, 0);
const { rejected, firstPost, lastPost } = platform.stats;
const achieved = (delivered - 1) / ((lastPost - firstPost) / 1000);
const requests = delivered + rejected;
const result = {
  channels: CHANNELS,
  replicas: REPLICAS,
  store: values.store,
  allowedPerSecond: ALLOWED,
  pacedAt: ALLOWED * Number(values.pace),
  delivered,
  duplicates,
  lost,
  rejected429: rejected,
  rejectedShare: Number((rejected / requests).toFixed(4)),
  achievedPerSecond: Number(achieved.toFixed(2)),
  achievedShare: Number((achieved / ALLOWED).toFixed(3)),
  wallSeconds: Number((wallMs / 1000).toFixed(1)),
  setupSeconds: Number((setupMs / 1000).toFixed(1)),
  replicaReports: replicas,
  node: process.version,
  date: new Date().toISOString(),
};
console.log(JSON.stringify(result, null, 2));

if (dir) {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
} else {
  // A namespace of our own on a shared server: delete what the run wrote.
  for (const ns of [SUBSCRIPTIONS, 'digest-deliveries', 'digest-channels', 'digest-resumes', 'rate-beats', 'workspace-settings']) {
    for (const [key] of await store.entries(ns)) await store.delete(ns, key);
  }
  await store.close();
}
platform.close();
const ok = duplicates === 0 && lost === 0 && achieved >= 0.9 * ALLOWED && rejected / requests < 0.01;
console.log(ok ? 'PASS' : 'FAIL: goal is >= 90% of the allowed rate, < 1% of requests answered 429, zero duplicates, zero lost');
process.exit(ok ? 0 : 1);
