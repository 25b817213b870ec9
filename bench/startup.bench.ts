// Start-up cost as a newcomer pays it: CPU time of the whole process tree (npm, node, the bot) for
//   - `npm start` answering one console command (/advisory piped in, then end of input: start-up,
//     the answer and shutdown, so an upper bound on "to the first answer"),
//   - the CLI: `npm run newsroom -- quotes <the seed page>` and `npm run newsroom -- --help`,
// each beside its baselines in the same run: `npm run` of a script that does nothing (npm's own
// cost) and the same program run from TypeScript source through tsx (how it ran before dist/).
// CPU time of the tree is read from /proc/self/stat (cutime + cstime of reaped children), steadier
// than wall time on these shared machines. Runs are interleaved; medians of ROUNDS.
// `npm run bench -- startup`
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const TICK_MS = 10; // USER_HZ is 100 on Linux
const seed = 'test/fixtures/seeds/kim-jong-un-arrives-in-russia.raw.txt';

/** CPU ms used so far by this process's reaped children (and theirs). */
function childrenCpuMs(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  // After "pid (comm) ": state is field 3, so cutime (16) and cstime (17) are at 13 and 14.
  return (Number(fields[13]) + Number(fields[14])) * TICK_MS;
}

function run(command: string, args: string[], input: string, env: Record<string, string>): Promise<{ cpuMs: number; wallMs: number; stdout: string }> {
  const before = childrenCpuMs();
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ENV_FILE: 'none', ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited ${code}`));
      else resolve({ cpuMs: childrenCpuMs() - before, wallMs: performance.now() - started, stdout });
    });
    child.stdin.end(input);
  });
}

interface Case {
  readonly label: string;
  readonly command: string;
  readonly args: string[];
  readonly input?: string;
  /** Checked on the output, so a broken program cannot look fast. */
  readonly expect: RegExp;
  readonly cpu: number[];
  readonly wall: number[];
}

const scratch = mkdtempSync(join(tmpdir(), 'newsroom-startup-'));
const env = { STORE_URL: `sqlite://${join(scratch, 'bot.sqlite')}` };
// A package whose start script does nothing: what `npm start` costs before our code runs.
writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'noop', version: '1.0.0', scripts: { start: 'true' } }));

const tsx = join(root, 'node_modules/.bin/tsx');
const cases: Case[] = [
  { label: 'npm start of a no-op script (npm itself)', command: 'npm', args: ['start', '--silent', '--prefix', scratch], expect: /^$/ },
  { label: 'console: npm start, /advisory', command: 'npm', args: ['start', '--silent'], input: '/advisory\n', expect: /cdc\.gov/ },
  { label: 'console from source: tsx src/main.ts, /advisory', command: tsx, args: ['src/main.ts'], input: '/advisory\n', expect: /cdc\.gov/ },
  { label: 'CLI: npm run newsroom -- quotes <seed>', command: 'npm', args: ['run', '--silent', 'newsroom', '--', 'quotes', seed], expect: /Easley/ },
  { label: 'CLI from source: tsx src/cli.ts quotes <seed>', command: tsx, args: ['src/cli.ts', 'quotes', seed], expect: /Easley/ },
  { label: 'CLI: npm run newsroom -- --help', command: 'npm', args: ['run', '--silent', 'newsroom', '--', '--help'], expect: /usage: newsroom/ },
].map((c) => ({ ...c, cpu: [], wall: [] }));

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// One untimed pass builds dist/ if a source changed and warms the file cache.
for (const c of cases) await run(c.command, c.args, c.input ?? '', env);
for (let r = 0; r < ROUNDS; r++) {
  for (const c of cases) {
    const result = await run(c.command, c.args, c.input ?? '', env);
    if (!c.expect.test(result.stdout)) throw new Error(`${c.label}: unexpected output ${result.stdout.slice(0, 200)}`);
    c.cpu.push(result.cpuMs);
    c.wall.push(result.wallMs);
  }
}

console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.versions.node}, ${new Date().toISOString().slice(0, 16)}Z, load ${loadavg()[0]!.toFixed(2)}`);
console.log(`${ROUNDS} rounds, medians; CPU of the process tree\n`);
console.log('| run | CPU s | wall s |');
console.log('|---|---|---|');
for (const c of cases) console.log(`| ${c.label} | ${(median(c.cpu) / 1000).toFixed(2)} | ${(median(c.wall) / 1000).toFixed(2)} |`);
const [npmAlone, start, startSource, quotes, quotesSource] = cases.map((c) => median(c.cpu));
console.log(`\nconsole npm start: ${(start! / 1000).toFixed(2)} s CPU (target <= 1.0), ${(startSource! / start!).toFixed(1)}x less than from source; of it npm itself ${(npmAlone! / 1000).toFixed(2)} s`);
console.log(`CLI quotes: ${(quotes! / 1000).toFixed(2)} s CPU (target <= 0.8), ${(quotesSource! / quotes!).toFixed(1)}x less than from source`);
