// Event-loop delay while a feed of 20 teaser items is polled and each item's 5 MB page is fetched
// from a loopback server and read (Readability over linkedom, cleaning): through the ingest worker
// pool (src/ingest/workers.ts) against the same poll parsing in-process (the baseline, as before
// the pool). Delay is perf_hooks.monitorEventLoopDelay (10 ms resolution) over the whole poll;
// target (issue 15): p99 <= 50 ms with the pool. Runs alternate, pool first; medians of ROUNDS;
// beside them, the same measure over 10 s of doing nothing (the machine's own scheduling noise).
// `npm run bench -- pages`
import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { FeedPoller } from '../src/ingest/poller';
import type { Story, TextWork } from '../src/ingest/story';
import { createIngestWorkers } from '../src/ingest/workers';
import { MemoryStore } from '../src/store/memory';
import { bigPage, keepingWire, teaserFeed } from '../test/ingest/big-pages';
import { startFeedServer } from '../test/ingest/feed-server';
import { recordingLogger, TestClock } from '../test/ingest/support';

const PAGES = 20;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TARGET_P99_MS = 50;

const server = await startFeedServer();
const links = Array.from({ length: PAGES }, (_, n) => `/big/${n + 1}.html`);
for (const [n, link] of links.entries()) server.set(link, bigPage(n + 1));
server.set('/big.xml', teaserFeed(links));
const dir = mkdtempSync(join(tmpdir(), 'newsroom-pages-bench-'));
writeFileSync(join(dir, 'feeds.yaml'), `feeds:\n  - { url: "${server.url('/big.xml')}", name: Teasers }\n`);

interface Run {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly wallMs: number;
}

async function poll(workers: TextWork | undefined): Promise<Run> {
  const stories: Story[] = [];
  const clock = new TestClock(new Date('2024-06-01T00:00:00Z'));
  const poller = new FeedPoller({
    store: new MemoryStore(clock),
    logger: recordingLogger(),
    clock,
    wire: keepingWire(stories),
    feedFile: join(dir, 'feeds.yaml'),
    allowPrivate: true,
    limits: { timeoutMs: 120_000, maxBytes: 6 * 1024 * 1024, maxRedirects: 3 },
    ...(workers && { workers }),
    wake: () => () => undefined,
  });
  const delay = monitorEventLoopDelay({ resolution: 10 });
  const started = performance.now();
  delay.enable();
  const [result] = await poller.tick();
  delay.disable();
  const wallMs = performance.now() - started;
  await poller.stop();
  if (!result?.ok || result.added !== PAGES || stories.some((s) => s.body.length < 2_000)) throw new Error(`poll did not read the ${PAGES} pages: ${JSON.stringify(result)}`);
  return { p50: delay.percentile(50) / 1e6, p99: delay.percentile(99) / 1e6, max: delay.max / 1e6, wallMs };
}

/** The same measure with nothing to do, for as long: the machine's own noise (other processes, GC). */
async function idle(ms: number): Promise<Run> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  await new Promise((resolve) => setTimeout(resolve, ms));
  delay.disable();
  return { p50: delay.percentile(50) / 1e6, p99: delay.percentile(99) / 1e6, max: delay.max / 1e6, wallMs: ms };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const workers = createIngestWorkers({ timeoutMs: 120_000, maxBytes: 6 * 1024 * 1024 });
const runs: Record<'pool' | 'in-process' | 'idle (no poll)', Run[]> = { pool: [], 'in-process': [], 'idle (no poll)': [] };
console.log(`${PAGES} teaser pages of ~5 MB, ${ROUNDS} rounds; pool of ${workers.options.size} worker thread(s) on ${availableParallelism()} cores; load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
// A first pool poll starts the worker (module loading, off the event loop but not free): untimed.
await poll(workers);
for (let round = 0; round < ROUNDS; round++) {
  runs.pool.push(await poll(workers));
  runs['in-process'].push(await poll(undefined));
  runs['idle (no poll)'].push(await idle(10_000));
}
await workers.close();
await server.close();

console.log('\n| parsing | event-loop delay p50 | p99 | max | poll wall time |');
console.log('|---|---|---|---|---|');
for (const [label, list] of Object.entries(runs)) {
  const m = (key: keyof Run) => median(list.map((r) => r[key]));
  console.log(`| ${label} | ${m('p50').toFixed(1)} ms | ${m('p99').toFixed(1)} ms | ${m('max').toFixed(1)} ms | ${(m('wallMs') / 1000).toFixed(1)} s |`);
}
const p99 = median(runs.pool.map((r) => r.p99));
console.log(`\npool p99 ${p99.toFixed(1)} ms: ${p99 <= TARGET_P99_MS ? 'within' : 'PAST'} the ${TARGET_P99_MS} ms target; load after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${new Date().toISOString()}`);
