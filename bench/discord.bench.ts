// Interactions per second and latency from dispatch (INTERACTION_CREATE leaving the fake gateway) to
// the callback arriving at the fake REST: the newsroom bot against, in the same run, a bare
// discord.js client whose handler replies "ok". Both are the real discord.js client in their own
// process (this file re-run with `serve`), so the fake's own work does not dilute the comparison.
// `npm run bench -- discord`   (optional: `tsx bench/discord.bench.ts 2000` sequential interactions)
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import pino from 'pino';
import { commands } from '../commands';
import { DiscordBot } from '../src/adapters/discord/bot';
import { Dispatcher } from '../src/core/dispatcher';
import { openNewsroom } from '../src/newsroom/open';
import { openStore } from '../src/store/open';
import { FakeDiscord } from '../test/fakes/discord';
import { chatInput } from '../test/fakes/discord-interactions';

const SEQUENTIAL = Number(process.argv[2] === 'serve' ? 0 : (process.argv[2] ?? 2000));
const CONCURRENT = SEQUENTIAL * 2;
const IN_FLIGHT = 20;
const ROUNDS = 3;

/** The newsroom bot as main.ts builds it, logging at info (to /dev/null, so the cost is counted). */
async function serveNewsroomBot(apiUrl: string): Promise<void> {
  const logger = pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: true }));
  const store = await openStore('memory://');
  const newsroom = await openNewsroom({ contentDir: 'content', store, logger });
  const bot = new DiscordBot({ config: { token: 'fake-token', apiUrl, moderatorRoleIds: [] }, dispatcher: new Dispatcher(newsroom, commands), newsroom });
  await bot.start();
}

async function serveBareClient(apiUrl: string): Promise<void> {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: apiUrl } });
  client.on(Events.InteractionCreate, (interaction) => {
    if (interaction.isChatInputCommand()) void interaction.reply({ content: 'ok' });
  });
  const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve));
  await client.login('fake-token');
  await ready;
}

interface Target {
  readonly fake: FakeDiscord;
  stop(): Promise<void>;
}

/** A fake Discord here, the client under test in a child process logged in to it. */
async function start(kind: 'bot' | 'bare'): Promise<Target> {
  const fake = await FakeDiscord.start();
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'serve', kind, fake.apiUrl], { stdio: ['ignore', 'inherit', 'inherit'] });
  await fake.waitForSessions(1, 30_000);
  return {
    fake,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      await fake.close();
    },
  };
}

type Make = () => ReturnType<typeof chatInput>;

async function once(fake: FakeDiscord, make: Make): Promise<number> {
  const { sentAt, callback } = fake.interact(make());
  const r = await callback;
  if (r.body.type !== 4) throw new Error(`unexpected callback ${JSON.stringify(r.body).slice(0, 200)}`);
  return r.receivedAt - sentAt;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

interface Measured {
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
}

async function measure(target: Target, make: Make): Promise<Measured> {
  for (let i = 0; i < 200; i++) await once(target.fake, make); // warm-up: JIT, cached analysis
  const latencies: number[] = [];
  for (let i = 0; i < SEQUENTIAL; i++) latencies.push(await once(target.fake, make));
  latencies.sort((a, b) => a - b);

  let sent = 0;
  const started = performance.now();
  const lane = async () => {
    while (sent < CONCURRENT) {
      sent++;
      await once(target.fake, make);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  const perSecond = CONCURRENT / ((performance.now() - started) / 1000);
  return { perSecond, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function compare(label: string, make: Make): Promise<void> {
  const bare: Measured[] = [];
  const bot: Measured[] = [];
  // Interleaved rounds, so drift on a shared machine hits both sides alike.
  for (let round = 0; round < ROUNDS; round++) {
    for (const [kind, into] of [
      ['bare', bare],
      ['bot', bot],
    ] as const) {
      const target = await start(kind);
      into.push(await measure(target, make));
      await target.stop();
    }
  }
  const summary = (ms: Measured[]) => ({
    perSecond: median(ms.map((m) => m.perSecond)),
    p50: median(ms.map((m) => m.p50)),
    p99: median(ms.map((m) => m.p99)),
  });
  const b = summary(bare);
  const n = summary(bot);
  const row = (name: string, m: ReturnType<typeof summary>) =>
    `  ${name.padEnd(22)} ${m.perSecond.toFixed(0).padStart(6)} interactions/s   p50 ${m.p50.toFixed(2)} ms   p99 ${m.p99.toFixed(2)} ms`;
  console.log(`\n${label}`);
  console.log(row('bare discord.js "ok"', b));
  console.log(row('newsroom bot', n));
  console.log(`  ratio (bot / bare throughput) ${(n.perSecond / b.perSecond).toFixed(2)}   p50 ratio (bare / bot) ${(b.p50 / n.p50).toFixed(2)}`);
}

async function main(): Promise<void> {
  console.log(`Discord: ${SEQUENTIAL} sequential + ${CONCURRENT} with ${IN_FLIGHT} in flight, median of ${ROUNDS} interleaved rounds`);
  console.log(`machine: ${cpus().length} cores, Node ${process.versions.node}, ${new Date().toISOString().slice(0, 10)}`);
  await compare('/summary article:kim length:short (embed with COVID-19 field)', () => chatInput('summary', { article: 'kim', length: 'short' }));
  await compare('/help (ephemeral embed, 7 fields)', () => chatInput('help'));
  process.exit(0);
}

if (process.argv[2] === 'serve') {
  process.once('SIGTERM', () => process.exit(0)); // a normal exit, so `--cpu-prof` can write its profile
  await (process.argv[3] === 'bot' ? serveNewsroomBot : serveBareClient)(process.argv[4]!);
}
else await main();
