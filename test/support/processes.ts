// Running the bot as its own process, the way `npm start` does, for end-to-end tests.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

/** A port nothing listens on right now (the bot is told it through SLACK_PORT / OPS_PORT). */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Polls `url` until it answers 2xx; fails early with the process's stderr if it exits. */
export async function waitUntilServing(url: string, child: ChildProcess, stderr: () => string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the bot exited (${child.exitCode}): ${stderr()}`);
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    if (Date.now() > deadline) throw new Error(`the bot did not start serving ${url}: ${stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A bot process serving Slack over HTTP on a port of its own, started as `npm start` runs it. */
export interface SlackBotProcess {
  readonly child: ChildProcess;
  readonly port: number;
  /** Where Slack sends its events and slash commands. */
  readonly url: string;
  /** What it has written to stderr so far (its logs). */
  log: string;
}

/**
 * Starts `src/main.ts` with only these settings (plus PATH, no .env) and SLACK_PORT on a free
 * port, and resolves once its /readyz answers.
 */
export async function startSlackBot(root: string, env: Record<string, string>): Promise<SlackBotProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ENV_FILE: 'none', LOG_LEVEL: 'info', ...env, SLACK_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const bot: SlackBotProcess = { child, port, url: `http://127.0.0.1:${port}/slack/events`, log: '' };
  child.stderr!.on('data', (d: Buffer) => (bot.log += d.toString()));
  await waitUntilServing(`http://127.0.0.1:${port}/readyz`, child, () => bot.log);
  return bot;
}

/** SIGTERM, then the exit code; a process still running after `graceMs` is killed (and fails the check). */
export async function stopProcess(child: ChildProcess, graceMs = 20_000): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  const [code] = await exited;
  clearTimeout(timer);
  return code;
}

/** A TypeScript program run as its own node process (through tsx), with its output collected. */
export interface ChildRun {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves when the process has ended: its exit code, or the signal that ended it. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function runTypeScript(file: string, env: Record<string, string>): ChildRun {
  const child = spawn(process.execPath, ['--import', 'tsx', file], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** kill -9: the process ends at once, whatever it was doing (no handler, no flush). */
export function killHard(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
