// composeBot (src/compose.ts): one composition for every role; what differs between roles is what
// they keep (metrics) and run, not how the bot is built.
import { describe, expect, it } from 'vitest';
import { composeBot } from '../src/compose';
import { Metrics } from '../src/ops/metrics';
import { MemoryStore } from '../src/store/memory';
import { reader, silentLogger, testConfig } from './support/newsroom';

describe('composeBot', () => {
  it('counts commands in the metrics wherever a role keeps them (a Discord shard as much as the main process)', async () => {
    for (const role of ['main', 'shard'] as const) {
      const bot = await composeBot(testConfig({ DISCORD_TOKEN: 'fake-token' }), { role, store: new MemoryStore(), logger: silentLogger });
      try {
        expect(bot.metrics, role).toBeDefined();
        await bot.dispatcher.dispatch(reader({ platform: 'discord' }), 'advisory', '');
        expect(await bot.metrics!.text(), role).toMatch(/newsroom_commands_total\{command="advisory",platform="discord",outcome="ok"\} 1/);
      } finally {
        await bot.close();
      }
    }
  });

  it('keeps no metrics (and loads no prom-client) for the CLI, the tests and the console without OPS_PORT', async () => {
    for (const role of ['cli', 'test', 'main'] as const) {
      const bot = await composeBot(testConfig(), { role, store: new MemoryStore(), logger: silentLogger });
      expect(bot.metrics, role).toBeUndefined();
      expect(bot.newsroom.digests).toBeDefined();
      await bot.close();
    }
  });

  it('refuses a replica whose archive is not the one a live replica serves before it moves anything out of the shared store', async () => {
    const store = new MemoryStore();
    const legacy = { article: { slug: 'kept', title: 'Kept story', url: 'https://news.example/kept', published: '2024-01-01T00:00:00Z', tags: [], body: 'Kept body text.' }, keys: ['url:https://news.example/kept'] };
    await store.set('ingested', 'kept', legacy);
    await store.set('replicas', 'elsewhere:1', { host: 'elsewhere', archive: 'postgres://db-1/newsroom' });
    await expect(composeBot(testConfig(), { role: 'main', store, logger: silentLogger })).rejects.toThrow(/Another replica of this bot runs on elsewhere/);
    expect(await store.get('ingested', 'kept')).toEqual(legacy);
  });

  it('merges metrics kept in other processes into /metrics, summing their counters', async () => {
    const manager = new Metrics({ processMetrics: false });
    const shard = new Metrics({ processMetrics: false });
    const record = { command: 'news', platform: 'discord', outcome: 'ok' as const, latencyMs: 5 };
    manager.recordCommand(record as Parameters<Metrics['recordCommand']>[0]);
    shard.recordCommand(record as Parameters<Metrics['recordCommand']>[0]);
    shard.recordCommand(record as Parameters<Metrics['recordCommand']>[0]);
    manager.addRemote(async () => [await shard.registry.getMetricsAsJSON()]);
    expect(await manager.text()).toMatch(/newsroom_commands_total\{command="news",platform="discord",outcome="ok"\} 3/);
  });
});
