// Signed `/summary` slash commands at 20 concurrent, against the bot as `npm start` runs it (HTTP
// mode, its own process) and, in the same run, against a bare Bolt app whose listener only acks.
// This process is only the load generator (keep-alive agent); the servers run in child processes.
// A third target, bare Bolt acking a canned copy of the bot's answer, separates the cost of
// sending a real answer from the cost of computing it. Rounds alternate between the targets so
// drift on a shared machine hits all alike.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { connect, createServer } from 'node:net';
import { openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeSlack } from '../test/fakes/slack';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SECRET = 'bench-signing-secret';
const CONCURRENCY = 20;
const ROUND_MS = Number(process.argv[2] ?? 3000);
const ROUNDS = 3;

const BARE_BOLT = `
import bolt from '@slack/bolt';
const app = new bolt.App({ token: 'xoxb-bench', signingSecret: process.env.SECRET, botId: 'B0', botUserId: 'U0',
  logLevel: bolt.LogLevel.ERROR, clientOptions: { slackApiUrl: process.env.API } });
const body = process.env.BODY ? JSON.parse(process.env.BODY) : undefined;
app.command('/summary', async ({ ack }) => { await ack(body); });
await app.start(Number(process.env.PORT));
process.on('SIGTERM', () => process.exit(0)); // a clean exit writes the CPU profile (BENCH_PROFILE)
`;

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const form = new URLSearchParams({
  token: 'unused', team_id: 'T0BENCH', team_domain: 'bench', channel_id: 'C0BENCH', channel_name: 'bench',
  user_id: 'U0READER', user_name: 'reader', command: '/summary', text: 'kim', api_app_id: 'A0BENCH',
  response_url: 'http://127.0.0.1:9/respond', trigger_id: '1.2.3',
}).toString();

function send(agent: Agent, port: number): Promise<number> {
  const ts = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${form}`).digest('hex')}`;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent, host: '127.0.0.1', port, path: '/slack/events', method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(form),
          'x-slack-request-timestamp': String(ts),
          'x-slack-signature': signature,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`status ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
    req.end(form);
  });
}

async function round(port: number, ms: number): Promise<{ count: number; elapsedMs: number; latencies: number[] }> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies: number[] = [];
  const started = performance.now();
  const until = started + ms;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) latencies.push(await send(agent, port));
    }),
  );
  const elapsedMs = performance.now() - started;
  agent.destroy();
  return { count: latencies.length, elapsedMs, latencies };
}

/**
 * CPU time a server process has used, from /proc (Linux; USER_HZ is 100 on every mainstream
 * kernel). CPU per request is steadier than req/s on a machine shared with other work.
 */
function cpuMs(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const slack = await new FakeSlack().start();
  const botPort = await freePort();
  const barePort = await freePort();
  const env = { PATH: process.env.PATH ?? '', ENV_FILE: 'none' };
  // Production logging: one JSON line per command at info, written to a file as a service's would be.
  const logFile = join(tmpdir(), `newsroom-slack-bench-${process.pid}.log`);
  // BENCH_PROFILE=dir writes V8 CPU profiles of the bot and the bare apps there (Chrome DevTools opens them).
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const bot = spawn(process.execPath, [...profile, '--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', openSync(logFile, 'w')],
    env: { ...env, STORE_URL: 'memory://', LOG_LEVEL: 'info', SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SECRET, SLACK_PORT: String(botPort), SLACK_API_URL: slack.apiUrl },
  });
  const startBare = (port: number, body?: string) =>
    spawn(process.execPath, [...profile, '--input-type=module', '-e', BARE_BOLT], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...env, SECRET, PORT: String(port), API: slack.apiUrl, ...(body && { BODY: body }) },
    });
  const children: ChildProcess[] = [bot];
  try {
    await waitForPort(botPort, bot);
    // Check the bot really answers with the summary before timing it.
    const probe = await new Promise<string>((resolve, reject) => {
      const ts = Math.floor(Date.now() / 1000);
      const sig = `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${form}`).digest('hex')}`;
      const req = request({ host: '127.0.0.1', port: botPort, path: '/slack/events', method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': ts, 'x-slack-signature': sig } }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve(body));
      });
      req.on('error', reject);
      req.end(form);
    });
    if (!probe.includes('"header"') || !probe.includes('in_channel')) throw new Error(`the bot did not answer /summary: ${probe.slice(0, 200)}`);
    const cannedPort = await freePort();
    const bare = startBare(barePort);
    const canned = startBare(cannedPort, probe);
    children.push(bare, canned);
    await Promise.all([waitForPort(barePort, bare), waitForPort(cannedPort, canned)]);

    const targets = { bare: barePort, canned: cannedPort, bot: botPort } as const;
    type Name = keyof typeof targets;
    const pids: Record<Name, number | undefined> = { bare: bare.pid, canned: canned.pid, bot: bot.pid };
    const results: Record<Name, Awaited<ReturnType<typeof round>>[]> = { bare: [], canned: [], bot: [] };
    const cpu: Record<Name, number> = { bare: 0, canned: 0, bot: 0 };
    for (const port of Object.values(targets)) await round(port, 1000); // warm-up: JIT, keep-alive sockets
    for (let i = 0; i < ROUNDS; i++) {
      for (const name of Object.keys(targets) as Name[]) {
        const before = cpuMs(pids[name]);
        results[name].push(await round(targets[name], ROUND_MS));
        const after = cpuMs(pids[name]);
        if (before !== undefined && after !== undefined) cpu[name] += after - before;
      }
    }
    const summary = (name: Name) => {
      const rs = results[name];
      const count = rs.reduce((n, r) => n + r.count, 0);
      const seconds = rs.reduce((n, r) => n + r.elapsedMs, 0) / 1000;
      const sorted = rs.flatMap((r) => r.latencies).sort((a, b) => a - b);
      return { rps: count / seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99), count, cpuUs: (cpu[name] * 1000) / count };
    };
    const b = summary('bare');
    const c = summary('canned');
    const o = summary('bot');
    const fmt = (n: number) => n.toFixed(2);
    console.log(`requests: bare ${b.count}, canned ${c.count}, bot ${o.count} (${ROUNDS} alternating rounds of ${ROUND_MS} ms, ${CONCURRENCY} concurrent, keep-alive; answer ${probe.length} bytes)`);
    const row = (label: string, r: typeof b) => `| ${label} | ${r.rps.toFixed(0)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${r.cpuUs.toFixed(0)} |`;
    console.log('| target | req/s | p50 ms | p99 ms | server CPU µs/req |');
    console.log('|---|---|---|---|---|');
    console.log(row('bare Bolt, ack only', b));
    console.log(row('bare Bolt, acks a canned copy of the answer', c));
    console.log(row('newsroom bot, /summary kim', o));
    console.log(`throughput ratio bot/bare: ${(o.rps / b.rps).toFixed(3)} (target >= 0.9); bot/canned: ${(o.rps / c.rps).toFixed(3)}; bot p99 ${fmt(o.p99)} ms (target < 15)`);
    console.log(`CPU-per-request ratio bare/bot: ${(b.cpuUs / o.cpuUs).toFixed(3)} (what the throughput ratio tends to when the server is the bottleneck)`);
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await slack.stop();
  }
}

await main();
