// The archive at newsroom scale: commands through the real Dispatcher over 1k, 10k and 100k
// articles in the SQLite archive (synthetic ~4.9 kB articles built from the repository's own
// paragraphs), beside the raw FTS5 query on the same file in the same run.
//   - per command: wall p50/p99 and CPU per call; /search against the raw full-text query (ratio);
//   - growth exponent 10k -> 100k (log10 of the ratio of medians), the sizes measured in
//     alternating blocks so the machine's load weighs on both alike;
//   - at the largest size, in a fresh process: start to the first answer, RSS after start and
//     after 1,000 commands of each kind;
//   - accepting one new feed item (Wire.accept: key lookups, near-duplicate bands, filing): CPU;
//   - five local feeds of 100 full-text items each (what one poll reads of a feed), polled end to
//     end as a serving bot does (parsing and analysis in the worker pool): items per second.
// Archives are built once into the OS temp folder and reused (BENCH_REBUILD=1 builds them again).
// `npm run bench -- archive` (BENCH_SIZES=1000,10000 for a shorter run)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { SqliteArchive } from '../src/archive/sqlite';
import { composeBot } from '../src/compose';
import { parseConfig } from '../src/config';
import { type Invocation, systemClock } from '../src/core/context';
import { canonicalUrl } from '../src/ingest/identity';
import { FeedPoller } from '../src/ingest/poller';
import { createIngestWorkers } from '../src/ingest/workers';
import { fingerprint, Wire } from '../src/ingest/wire';
import { analyzeArticle } from '../src/newsroom/analysis';
import type { Article } from '../src/newsroom/article';
import type { ArchiveRecord } from '../src/newsroom/archive';
import { parseArticle } from '../src/newsroom/article';
import { loadNotice } from '../src/newsroom/notice';
import { MemoryStore } from '../src/store/memory';
import pino from 'pino';

const root = join(import.meta.dirname, '..');
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 300);
const CACHE = join(tmpdir(), 'newsroom-bench-archive');
const VERSION = 'v2';
const silent = pino({ level: 'silent' });
const reader: Invocation = { platform: 'console', workspaceId: 'bench', channelId: 'bench', user: { id: 'u', name: 'Reader', isModerator: false } };

// ---- the corpus -------------------------------------------------------------------------------

function paragraphs(): string[] {
  const out: string[] = [];
  for (const dir of ['content/articles', 'test/fixtures/content/articles']) {
    for (const name of readdirSync(join(root, dir)).filter((n) => n.endsWith('.md'))) {
      const file = join(root, dir, name);
      try {
        out.push(...parseArticle(readFileSync(file, 'utf8'), file).body.split(/\n\s*\n/).filter((p) => p.length > 80));
      } catch {
        // a fixture broken on purpose
      }
    }
  }
  for (const name of readdirSync(join(root, 'test/fixtures/eval')).filter((n) => n.endsWith('.json'))) {
    const data = JSON.parse(readFileSync(join(root, 'test/fixtures/eval', name), 'utf8')) as { body?: string; text?: string };
    const body = data.body ?? data.text;
    if (typeof body === 'string') out.push(...body.split(/\n\s*\n/).filter((p) => p.length > 80));
  }
  return [...new Set(out)];
}

const PLACES = 'Riverton Harbor Valley Lakeside Northgate Eastport Westfield Brookdale Summit Pinecrest Oakridge Millbrook Fairview Kingsport Ashford Clearwater Redhill Stonebridge Greenwood Maplewood'.split(' ');
const SUBJECTS = 'council budget mayor police storm river school court election hospital market bridge festival airport library museum stadium ferry tunnel reservoir clinic university factory harbour railway'.split(' ');
const SYLLABLES = 'ka lo mir van tes ro dul fen ash bri cor del eng fal gor hin ist jal kem lun'.split(' ');
const VERBS = 'approves rejects delays opens closes expands reviews funds questions celebrates'.split(' ');

/** A deterministic pseudo-random sequence, so every run builds the same corpus. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

function corpusArticle(i: number, pool: readonly string[], next: () => number): Article {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
  const title = `${pick(PLACES)} ${pick(SUBJECTS)} ${pick(VERBS)} ${pick(SUBJECTS)} plan ${i}`;
  // A spokesperson with a made-up surname: words only a few articles share, as names are in news.
  const name = [pick(SYLLABLES), pick(SYLLABLES), pick(SYLLABLES)].join('');
  const body: string[] = [`“We are watching the ${pick(SUBJECTS)} closely,” said ${name[0]!.toUpperCase()}${name.slice(1)}, a spokesperson in ${pick(PLACES)}.`];
  while (body.join('\n\n').length < 4800) body.push(pick(pool));
  const published = new Date(Date.UTC(2024, 0, 1) + Math.floor(next() * 180 * 86_400_000));
  return { slug: `story-${i}`, title, url: `https://news.example/${i}`, published, source: 'Bench Wire', tags: [], body: body.join('\n\n') };
}

async function buildArchive(size: number): Promise<string> {
  const file = join(CACHE, `${VERSION}-${size}.sqlite`);
  if (existsSync(file) && !process.env.BENCH_REBUILD) return file;
  mkdirSync(CACHE, { recursive: true });
  const partial = `${file}.partial`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${partial}${suffix}`, { force: true });
  const archive = await SqliteArchive.open(partial, canonicalUrl);
  const pool = paragraphs();
  const covid = await loadNotice(join(root, 'content/notices/covid-19.md'));
  const next = random(size);
  // A real analysis of each of the first 200 articles, reused cyclically: every article carries one,
  // as at ingest, without analysing 100,000 synthetic texts.
  const analyses = [];
  const started = performance.now();
  let batch: ArchiveRecord[] = [];
  for (let i = 0; i < size; i++) {
    const article = corpusArticle(i, pool, next);
    if (analyses.length < 200) analyses.push(analyzeArticle(article, covid));
    batch.push({ article, origin: 'feed', keys: [`url:${article.url}`], bands: fingerprint(article).bands, analysis: analyses[i % analyses.length]! });
    if (batch.length === 1000 || i === size - 1) {
      await archive.putMany(batch);
      batch = [];
    }
    if (i % 10_000 === 9_999) console.log(`  built ${i + 1} of ${size} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  await archive.close();
  renameSync(partial, file);
  return file;
}

// ---- measuring --------------------------------------------------------------------------------

const percentile = (xs: number[], p: number) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

interface Measured {
  p50: number;
  p99: number;
  cpuMs: number;
}

/**
 * The same question of every archive size, in alternating blocks, so a change in the machine's
 * load during the run weighs on every size alike (the growth exponent is a ratio between them).
 */
async function measureTogether(runs: ReadonlyArray<(i: number) => Promise<unknown>>, rounds = ROUNDS): Promise<Measured[]> {
  const BLOCKS = 10;
  for (const run of runs) for (let i = 0; i < 10; i++) await run(i);
  const samples = runs.map((): number[] => []);
  const cpuMicros = runs.map(() => 0);
  for (let block = 0; block < BLOCKS; block++) {
    for (const [k, run] of runs.entries()) {
      const cpu = process.cpuUsage();
      for (let i = block * (rounds / BLOCKS); i < (block + 1) * (rounds / BLOCKS); i++) {
        const t = performance.now();
        await run(i);
        samples[k]!.push(performance.now() - t);
      }
      const used = process.cpuUsage(cpu);
      cpuMicros[k]! += used.user + used.system;
    }
  }
  return runs.map((_, k) => ({ p50: percentile(samples[k]!, 0.5), p99: percentile(samples[k]!, 0.99), cpuMs: cpuMicros[k]! / 1000 / samples[k]!.length }));
}

function rawQuery(file: string): { run: (match: string) => Promise<unknown>; close: () => void } {
  const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY);
  // The engine answering the same question: the five best articles by BM25, with the columns and
  // stored analysis a /search reply is made from.
  const statement = db.prepare(
    'SELECT a.slug, a.title, a.dek, a.body, a.published, a.fields, a.analysis, bm25(article_text, 3.0, 0.0, 1.0, 1.0) AS score FROM article_text t JOIN articles a ON a.id = t.rowid WHERE article_text MATCH ? ORDER BY score LIMIT 5',
  );
  return {
    run: (match) => new Promise((resolve, reject) => statement.all([match], (error, rows) => (error ? reject(error) : resolve(rows)))),
    close: () => statement.finalize(() => db.close()),
  };
}

/** A word a handful of articles have: what "one rare word" searches for. */
function rareWord(file: string): Promise<string> {
  const db = new sqlite3.Database(file);
  return new Promise((resolve, reject) =>
    db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, 'article_text', 'row')", (error) => {
      if (error) return reject(error);
      db.all("SELECT term FROM temp.vocab WHERE doc BETWEEN 1 AND 30 AND length(term) >= 6 AND term GLOB '[a-z]*' ORDER BY doc DESC LIMIT 1", (e, rows: Array<{ term: string }>) => {
        db.close();
        if (e || rows.length === 0) reject(e ?? new Error('no rare word'));
        else resolve(rows[0]!.term);
      });
    }),
  );
}

/** The commands (and raw queries) measured, over one archive. */
async function commandsOver(file: string) {
  const rare = await rareWord(file);
  const config = parseConfig({ STORE_URL: 'memory://', ARCHIVE_URL: `sqlite://${file}`, CONTENT_DIR: join(root, 'test/fixtures/content'), INGEST_RETENTION_DAYS: '0' });
  const bot = await composeBot(config, { role: 'test', store: new MemoryStore(), logger: silent });
  const { dispatcher } = bot;
  const titles = (await bot.newsroom.articles.latest(50)).map((a) => a.title);
  const titleWords = (i: number) => titles[i % titles.length]!.split(' ').slice(0, 3).join(' ');
  const typo = (i: number) => titleWords(i).replace(/([a-z])([a-z])/, '$2$1');
  const cases: Record<string, (i: number) => Promise<unknown>> = {
    'search two common words': () => dispatcher.dispatch(reader, 'search', 'council budget'),
    'search one rare word': () => dispatcher.dispatch(reader, 'search', rare),
    'summary <title words>': (i) => dispatcher.dispatch(reader, 'summary', titleWords(i)),
    'summary <typo>': (i) => dispatcher.dispatch(reader, 'summary', `${typo(i)}x`),
    'quote <title words> <speaker>': (i) => dispatcher.dispatch(reader, 'quote', `${titleWords(i)} smith`),
    autocomplete: (i) => dispatcher.suggest(reader, 'summary', 'article', titleWords(i).slice(0, 3 + (i % 8)), 25),
  };
  const raw = rawQuery(file);
  cases['raw FTS5: two common words'] = () => raw.run('{title dek body} : ("council" OR "budget")');
  cases['raw FTS5: one rare word'] = () => raw.run(`{title dek body} : ("${rare}")`);
  return {
    rare,
    cases,
    close: async () => {
      raw.close();
      await bot.close();
    },
  };
}

/** A fresh process: compose over the archive, answer /search, then 1,000 commands of each kind. */
function startupAt(file: string): { firstAnswerMs: number; rssAfterStartMb: number; rssAfterCommandsMb: number } {
  const script = `
    import { composeBot } from './src/compose';
    import { parseConfig } from './src/config';
    import { MemoryStore } from './src/store/memory';
    import pino from 'pino';
    const t0 = 0;
    const bot = await composeBot(parseConfig({ STORE_URL: 'memory://', ARCHIVE_URL: 'sqlite://${file}', CONTENT_DIR: 'test/fixtures/content', INGEST_RETENTION_DAYS: '0' }), { role: 'test', store: new MemoryStore(), logger: pino({ level: 'silent' }) });
    const who = { platform: 'console', workspaceId: 'b', channelId: 'b', user: { id: 'u', name: 'R', isModerator: false } };
    const first = await bot.dispatcher.dispatch(who, 'search', 'council budget');
    if (!first.items?.length) throw new Error('no answer');
    // From the process's start: loading the code through tsx included (production runs dist/).
    const firstAnswerMs = performance.now();
    void t0;
    const rssAfterStart = process.memoryUsage().rss;
    for (let i = 0; i < 1000; i++) {
      await bot.dispatcher.dispatch(who, 'search', i % 2 ? 'council budget' : 'harbor ferry ' + i);
      await bot.dispatcher.dispatch(who, 'summary', 'riverton council ' + (i % 50));
      await bot.dispatcher.dispatch(who, 'summary', 'rivertn councl ' + i);
      await bot.dispatcher.dispatch(who, 'quote', 'harbor bridge smith');
      await bot.dispatcher.dispatch(who, 'news', '10');
      await bot.dispatcher.suggest(who, 'summary', 'article', 'har' + 'bor'.slice(0, i % 4), 25);
    }
    console.log(JSON.stringify({ firstAnswerMs, rssAfterStartMb: rssAfterStart / 2 ** 20, rssAfterCommandsMb: process.memoryUsage().rss / 2 ** 20 }));
    await bot.close();
  `;
  const entry = join(root, `.bench-start-${process.pid}.ts`);
  writeFileSync(entry, script);
  try {
    const result = spawnSync(process.execPath, ['--import', 'tsx', entry], { cwd: root, encoding: 'utf8', env: { ...process.env, ENV_FILE: 'none' } });
    if (result.status !== 0) throw new Error(result.stderr);
    const measured = JSON.parse(result.stdout.trim().split('\n').pop()!) as { firstAnswerMs: number; rssAfterStartMb: number; rssAfterCommandsMb: number };
    return measured;
  } finally {
    rmSync(entry, { force: true });
  }
}

/** Accepting new feed items into the archive: CPU per item (median of batches of 20). */
async function acceptAt(file: string): Promise<{ medianCpuMs: number }> {
  const copy = join(mkdtempSync(join(tmpdir(), 'newsroom-accept-')), 'archive.sqlite');
  writeFileSync(copy, readFileSync(file));
  const archive = await SqliteArchive.open(copy, canonicalUrl);
  const wire = new Wire(archive, silent);
  const pool = paragraphs();
  const next = random(7);
  const perItem: number[] = [];
  for (let batch = 0; batch < 15; batch++) {
    const stories = Array.from({ length: 20 }, (_, i) => {
      const a = corpusArticle(1_000_000 + batch * 20 + i, pool, next);
      return { guid: `bench-${batch}-${i}`, title: a.title, url: a.url!, published: a.published, source: 'Bench Feed', tags: [], body: a.body };
    });
    const cpu = process.cpuUsage();
    for (const story of stories) await wire.accept(story, { backlog: false, itemHash: story.guid, feed: 'https://bench.example/rss' });
    const used = process.cpuUsage(cpu);
    if (batch >= 3) perItem.push((used.user + used.system) / 1000 / stories.length);
  }
  await archive.close();
  return { medianCpuMs: percentile(perItem, 0.5) };
}

/** Five local feeds of 100 full-text items, polled once into an empty archive through the worker pool: items per second end to end. */
async function ingestRate(): Promise<{ items: number; seconds: number; perSecond: number }> {
  const FEEDS = 5;
  const PER_FEED = 100;
  const pool = paragraphs();
  const next = random(11);
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const feeds = Array.from({ length: FEEDS }, (_, f) => {
    const items = Array.from({ length: PER_FEED }, (_, i) => corpusArticle(f * PER_FEED + i, pool, next));
    return `<?xml version="1.0"?><rss version="2.0"><channel><title>Bench ${f}</title>${items
      .map((a) => `<item><guid>${a.url}</guid><title>${escape(a.title)}</title><link>${a.url}</link><pubDate>${a.published.toUTCString()}</pubDate><description>${escape(a.body.split('\n\n').map((p) => `<p>${p}</p>`).join(''))}</description></item>`)
      .join('')}</channel></rss>`;
  });
  const server = createServer((req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feeds[Number(/\d+/.exec(req.url ?? '')?.[0] ?? 0)]));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const dir = mkdtempSync(join(tmpdir(), 'newsroom-ingest-'));
  writeFileSync(join(dir, 'feeds.yaml'), `feeds:\n${feeds.map((_, f) => `  - { url: "http://127.0.0.1:${port}/feed-${f}.xml", name: Bench ${f} }`).join('\n')}\n`);
  const archive = await SqliteArchive.open(join(dir, 'archive.sqlite'), canonicalUrl);
  const covid = await loadNotice(join(root, 'content/notices/covid-19.md'));
  const workers = createIngestWorkers({ notice: covid });
  const wire = new Wire(archive, silent, undefined, { analyze: workers.analyze });
  const poller = new FeedPoller({ store: new MemoryStore(), logger: silent, clock: systemClock, wire, workers, feedFile: join(dir, 'feeds.yaml'), allowPrivate: true, wake: () => () => undefined, limits: { timeoutMs: 60_000, maxBytes: 50 * 2 ** 20, maxRedirects: 3 } });
  // The pool's threads start before the clock does: a running bot has them warm.
  await workers.analyze(corpusArticle(999_999, pool, next));
  const started = performance.now();
  const results = await poller.tick();
  const seconds = (performance.now() - started) / 1000;
  await poller.stop();
  await workers.close();
  await archive.close();
  server.close();
  const filed = results.reduce((n, r) => n + (r.added ?? 0) + (r.updated ?? 0), 0);
  return { items: filed, seconds, perSecond: filed / seconds };
}

// ---- the run ----------------------------------------------------------------------------------

console.log(`archive bench · ${new Date().toISOString()} · ${cpus().length} cores · load ${loadavg().map((l) => l.toFixed(2)).join(' ')} · node ${process.version}`);
const bySize = new Map<number, Record<string, Measured>>();
const files = new Map<number, string>();
for (const size of SIZES) {
  const t = performance.now();
  files.set(size, await buildArchive(size));
  console.log(`archive of ${size}: ready (${((performance.now() - t) / 1000).toFixed(1)} s)`);
}
const over = await Promise.all(SIZES.map((size) => commandsOver(files.get(size)!)));
const rareLabel = (k: number) => `search one rare word (${over[k]!.rare})`;
for (const name of Object.keys(over[0]!.cases)) {
  const measured = await measureTogether(over.map((o) => o.cases[name]!));
  for (const [k, size] of SIZES.entries()) bySize.set(size, { ...bySize.get(size), [name === 'search one rare word' ? rareLabel(k) : name]: measured[k]! });
}
for (const o of over) await o.close();
for (const size of SIZES) {
  const results = bySize.get(size)!;
  console.log(`\n${size} articles            p50 ms   p99 ms   CPU ms/call`);
  for (const [name, m] of Object.entries(results)) console.log(`  ${name.padEnd(32)} ${m.p50.toFixed(2).padStart(7)} ${m.p99.toFixed(2).padStart(8)} ${m.cpuMs.toFixed(2).padStart(9)}`);
  const ratio = (cmd: string, raw: string) => results[cmd]!.p50 / results[raw]!.p50;
  const rareCase = Object.keys(results).find((k) => k.startsWith('search one rare word'))!;
  console.log(`  /search against the raw query (p50): two common words ${ratio('search two common words', 'raw FTS5: two common words').toFixed(2)}x, one rare word ${ratio(rareCase, 'raw FTS5: one rare word').toFixed(2)}x`);
}
const [small, large] = [SIZES.at(-2), SIZES.at(-1)];
if (small !== undefined && large !== undefined && small !== large) {
  console.log(`\ngrowth exponent ${small} -> ${large} (log of the p50 ratio over log of the size ratio):`);
  const named = (size: number) => new Map(Object.entries(bySize.get(size)!).map(([k, v]) => [k.replace(/ \(.*\)$/, ''), v]));
  const [before, after] = [named(small), named(large)];
  for (const [name, m] of after) {
    const e = Math.log(m.p50 / before.get(name)!.p50) / Math.log(large / small);
    console.log(`  ${name.padEnd(32)} ${e.toFixed(2)}`);
  }
}
const largest = SIZES.at(-1)!;
const start = startupAt(files.get(largest)!);
console.log(`\nat ${largest}: start to first answer ${start.firstAnswerMs.toFixed(0)} ms; RSS ${start.rssAfterStartMb.toFixed(0)} MB after start, ${start.rssAfterCommandsMb.toFixed(0)} MB after 1,000 commands of each kind`);
const accept = await acceptAt(files.get(largest)!);
console.log(`accepting one new feed item at ${largest}: ${accept.medianCpuMs.toFixed(2)} ms CPU (median)`);
const ingest = await ingestRate();
console.log(`ingest from a local feed: ${ingest.items} items in ${ingest.seconds.toFixed(2)} s = ${ingest.perSecond.toFixed(0)} items/s (parsing and analysis in the worker pool)`);
