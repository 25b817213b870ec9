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
import { openNewsroom } from '../src/open-newsroom';
import { openStore } from '../src/store/open';
import { wirePayload } from '../src/adapters/discord/interactions';
import { wireMessage } from '../src/adapters/discord/render';
import { FakeDiscord, GUILD_ID } from '../test/fakes/discord';
import { chatInput } from '../test/fakes/discord-interactions';

const SEQUENTIAL = Number(process.argv[2] === 'serve' ? 0 : (process.argv[2] ?? 2000));
const CONCURRENT = SEQUENTIAL * 2;
const IN_FLIGHT = 20;
const ROUNDS = 7;

type Kind = 'bot' | 'bare' | 'same';

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

/** Bare discord.js again, replying with the bot's answer computed once: the cost of the payload alone. */
async function serveBareSamePayload(apiUrl: string, command: string): Promise<void> {
  const logger = pino({ level: 'silent' });
  const newsroom = await openNewsroom({ contentDir: 'content', store: await openStore('memory://'), logger });
  const invocation = { platform: 'discord' as const, workspaceId: GUILD_ID, channelId: 'c', user: { id: 'u', isModerator: false } };
  const [name, ...rest] = command.split(' ');
  const args = Object.fromEntries(rest.map((kv) => kv.split(':') as [string, string]));
  const body = wireMessage(await new Dispatcher(newsroom, commands).dispatch(invocation, name!, args));
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: apiUrl } });
  client.on(Events.InteractionCreate, (interaction) => {
    if (interaction.isChatInputCommand()) void interaction.reply(wirePayload(interaction, body));
  });
  const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve));
  await client.login('fake-token');
  await ready;
}

interface Target {
  readonly fake: FakeDiscord;
  /** CPU time (user + system, µs) the client process has used so far. */
  cpu(): Promise<number>;
  stop(): Promise<void>;
}

/** A fake Discord here, the client under test in a child process logged in to it. */
async function start(kind: Kind, command: string): Promise<Target> {
  const fake = await FakeDiscord.start({ keepRequests: false });
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'serve', kind, fake.apiUrl, command], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await fake.waitForSessions(1, 30_000);
  return {
    fake,
    cpu: () =>
      new Promise((resolve) => {
        child.once('message', (usage: NodeJS.CpuUsage) => resolve(usage.user + usage.system));
        child.send('cpu');
      }),
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
  /** Client-process CPU per interaction: steadier than wall time on a shared machine. */
  readonly cpuMicros: number;
  readonly p50: number;
  readonly p99: number;
}

async function measure(target: Target, make: Make): Promise<Measured> {
  for (let i = 0; i < 200; i++) await once(target.fake, make); // warm-up: JIT, cached analysis
  const cpuBefore = await target.cpu();
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
  const cpuMicros = ((await target.cpu()) - cpuBefore) / (SEQUENTIAL + CONCURRENT);
  return { perSecond, cpuMicros, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const KINDS: readonly [Kind, string][] = [
  ['bare', 'bare discord.js "ok"'],
  ['same', 'bare, same embed'],
  ['bot', 'newsroom bot'],
];

/** `command` as typed: "summary article:kim length:short". */
async function compare(command: string, note: string): Promise<void> {
  const [name, ...rest] = command.split(' ');
  const values = Object.fromEntries(rest.map((kv) => kv.split(':') as [string, string]));
  const make: Make = () => chatInput(name!, values);
  const results = new Map<Kind, Measured[]>(KINDS.map(([kind]) => [kind, []]));
  // Interleaved rounds, so drift on a shared machine hits every side alike.
  for (let round = 0; round < ROUNDS; round++) {
    for (const [kind] of KINDS) {
      const target = await start(kind, command);
      results.get(kind)!.push(await measure(target, make));
      await target.stop();
    }
  }
  const summary = (ms: Measured[]) => ({
    perSecond: median(ms.map((m) => m.perSecond)),
    cpuMicros: median(ms.map((m) => m.cpuMicros)),
    p50: median(ms.map((m) => m.p50)),
    p99: median(ms.map((m) => m.p99)),
  });
  const [bare, same, bot] = KINDS.map(([kind]) => summary(results.get(kind)!));
  console.log(`\n/${command} (${note})`);
  for (const [[, label], m] of KINDS.map((k, i) => [k, [bare, same, bot][i]!] as const)) {
    console.log(
      `  ${label.padEnd(22)} ${m.perSecond.toFixed(0).padStart(6)} interactions/s   p50 ${m.p50.toFixed(2)} ms   p99 ${m.p99.toFixed(2)} ms   client CPU ${m.cpuMicros.toFixed(0).padStart(4)} µs/interaction`,
    );
  }
  // Ratios within each round (measured seconds apart), then their median: load on a shared
  // machine shifts between rounds, and a ratio of medians would mix rounds.
  const ratios = (base: Kind) => {
    const b = results.get(base)!;
    const n = results.get('bot')!;
    const per = (f: (x: Measured, y: Measured) => number) => median(n.map((m, i) => f(m, b[i]!))).toFixed(2);
    return `throughput ${per((m, x) => m.perSecond / x.perSecond)}, p50 ${per((m, x) => x.p50 / m.p50)}, CPU ${per((m, x) => x.cpuMicros / m.cpuMicros)}`;
  };
  console.log(`  ratio bot vs bare "ok" (median per round):        ${ratios('bare')}`);
  console.log(`  ratio bot vs bare, same embed (median per round): ${ratios('same')}`);
}

async function main(): Promise<void> {
  console.log(`Discord: ${SEQUENTIAL} sequential + ${CONCURRENT} with ${IN_FLIGHT} in flight, medians of ${ROUNDS} interleaved rounds`);
  console.log(`machine: ${cpus().length} cores, Node ${process.versions.node}, ${new Date().toISOString().slice(0, 10)}`);
  await compare('summary article:kim length:short', 'embed with the COVID-19 field');
  await compare('help', 'ephemeral embed, one field per command');
  process.exit(0);
}

if (process.argv[2] === 'serve') {
  process.once('SIGTERM', () => process.exit(0)); // a normal exit, so `--cpu-prof` can write its profile
  process.on('message', (m) => m === 'cpu' && process.send!(process.cpuUsage()));
  const serve = { bot: serveNewsroomBot, bare: serveBareClient, same: serveBareSamePayload }[process.argv[3] as Kind];
  await serve(process.argv[4]!, process.argv[5]!);
}
else await main();
