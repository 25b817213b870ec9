// A store outage as it happens in production: Redis goes away mid-run and comes back. Through a
// small TCP relay on loopback in front of the real Redis (test/support/relay.ts), so the outage is
// real sockets failing.
// Toggles and subscriptions answer "temporarily unavailable", reading commands keep working, and
// once Redis is back everything works again without a restart.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyvStore } from '../../src/store/keyv';
import { openStore } from '../../src/store/open';
import { PostgresAdapter } from '../../src/store/postgres';
import type { Store } from '../../src/store/store';
import { recordingLogger } from '../ingest/support';
import { buildTestBot, moderator, reader, type TestBot } from '../support/newsroom';
import { Relay } from '../support/relay';
import { POSTGRES_URL, postgresUp, redisUp } from '../support/services';

describe.skipIf(!redisUp)('store outage and recovery (Redis)', () => {
  const relay = new Relay();
  let store: Store;
  let bot: TestBot;

  beforeAll(async () => {
    const port = await relay.start();
    store = await openStore(`redis://127.0.0.1:${port}/10`);
    bot = await buildTestBot({ store });
  });

  afterAll(async () => {
    await store?.close();
    await relay.stop();
  });

  it('says "temporarily unavailable" for changes, keeps reading commands working, recovers by itself', async () => {
    const { dispatcher } = bot;
    const channel = { channelId: `C-outage-${Date.now()}` };
    expect((await dispatcher.dispatch(moderator(channel), 'covid-notice', 'on')).outcome).toBe('ok');

    relay.cut();
    const started = Date.now();
    const toggle = await dispatcher.dispatch(moderator(channel), 'covid-notice', 'off');
    expect(toggle.outcome).toBe('refused');
    expect(toggle.text).toContain('temporarily unavailable');
    const subscribe = await dispatcher.dispatch(moderator(channel), 'digest', 'subscribe 08:00');
    expect(subscribe.outcome).toBe('refused');
    expect(subscribe.text).toContain('temporarily unavailable');
    expect(Date.now() - started).toBeLessThan(10_000); // answered promptly, not hung
    for (const [command, args] of [['summary', 'kim'], ['quote', 'kim'], ['news', ''], ['search', 'putin'], ['advisory', '']] as const) {
      expect((await dispatcher.dispatch(reader(channel), command, args)).outcome, command).toBe('ok');
    }

    relay.restore();
    await expect
      .poll(async () => (await dispatcher.dispatch(moderator(channel), 'covid-notice', 'off')).outcome, { timeout: 15_000, interval: 500 })
      .toBe('ok');
    expect((await dispatcher.dispatch(moderator(channel), 'covid-notice', 'status')).text).toContain('is off here');
    expect((await dispatcher.dispatch(moderator(channel), 'digest', 'subscribe 08:00')).outcome).toBe('ok');
  }, 60_000);
});

describe.skipIf(!postgresUp)('store outage and recovery (PostgreSQL)', () => {
  it('survives the server dropping its idle connections, and the next call reconnects', async () => {
    // A name of its own (the URL's application_name wins over the adapter's 'newsroom-bot'), so only
    // this store's sessions are ended, not those of tests running beside it.
    const name = `newsroom-outage-${randomUUID().slice(0, 8)}`;
    const log = recordingLogger();
    const store = new KeyvStore(new PostgresAdapter(`${POSTGRES_URL}?application_name=${name}`, log));
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    try {
      await store.set('outage', 'k', 1);
      // What a PostgreSQL restart does to a pool's idle clients: the server ends their sessions.
      const { rowCount } = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [name]);
      expect(rowCount).toBeGreaterThan(0);
      // The idle client hears of it as a pool 'error': a warning, not an uncaught exception.
      await expect.poll(() => log.records.map((r) => r.msg)).toContain('PostgreSQL connection lost; it will reconnect on the next query');
      await expect.poll(async () => store.get('outage', 'k').catch(() => 'unavailable'), { timeout: 10_000 }).toBe(1);
      await store.set('outage', 'k', 2);
      expect(await store.get('outage', 'k')).toBe(2);
    } finally {
      await admin.end();
      await store.close();
    }
  });
});
