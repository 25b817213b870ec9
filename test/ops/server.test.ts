// Health and metrics as an operator sees them: a running bot (console adapter, real SQLite file),
// commands going through it, and plain HTTP GETs on the ops port.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config';
import { startBot, type RunningBot } from '../../src/main';
import { Metrics } from '../../src/ops/metrics';
import { opsRoutes, startOpsServer } from '../../src/ops/server';
import { silentLogger } from '../support/newsroom';

let bot: RunningBot | undefined;
afterEach(async () => {
  await bot?.stop('test over');
  bot = undefined;
});

async function get(port: number, path: string) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, body: await res.text() };
}

describe('ops endpoints', () => {
  it('serve live command counters, health and readiness while the bot answers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsroom-ops-'));
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (d) => (printed += d));
    // OPS_PORT=0: any free port, read back from the running bot.
    const config = parseConfig({ STORE_URL: `sqlite://${join(dir, 's.sqlite')}`, OPS_PORT: '0' });
    bot = await startBot(config, silentLogger, { input, output });
    const port = bot.opsPort!;
    try {
      input.write('/summary kim\n/summary nothing-like-this\n/news\n');
      await expect.poll(() => printed.split('\n\n').length, { timeout: 5000 }).toBeGreaterThan(4);
      const body = (await get(port, '/metrics')).body;
      expect(body).toMatch(/newsroom_commands_total\{command="summary",platform="console",outcome="ok"\} 1/);
      expect(body).toMatch(/newsroom_commands_total\{command="summary",platform="console",outcome="refused"\} 1/);
      expect(body).toMatch(/newsroom_command_duration_seconds_count\{command="news",platform="console"\} 1/);
      expect(body).toContain('newsroom_process_cpu_seconds_total');
      expect(await get(port, '/healthz')).toEqual({ status: 200, body: 'ok\n' });
      const ready = await get(port, '/readyz');
      expect(ready.status).toBe(200);
      expect(JSON.parse(ready.body)).toEqual({ ready: true, checks: { store: 'ok', console: 'ok' } });
      expect((await get(port, '/nope')).status).toBe(404);
    } finally {
      input.end();
    }
  });

  it('reports not ready, with the reason, when the store is unreachable', async () => {
    const metrics = new Metrics({ processMetrics: false });
    const { openStore } = await import('../../src/store/open');
    const store = await openStore('redis://127.0.0.1:1'); // nothing listens on port 1
    const routes = opsRoutes({
      metrics,
      logger: silentLogger,
      readiness: async () => {
        const state = await store.ping().then(
          () => 'ok',
          (e: Error) => `unreachable: ${e.message}`,
        );
        return { ready: state === 'ok', checks: { store: state } };
      },
    });
    const ops = await startOpsServer(0, routes, '127.0.0.1');
    try {
      const ready = await get(ops.port, '/readyz');
      expect(ready.status).toBe(503);
      expect(JSON.parse(ready.body)).toMatchObject({ ready: false, checks: { store: expect.stringContaining('unreachable') } });
    } finally {
      await ops.close();
      await store.close();
    }
  }, 15_000);
});
