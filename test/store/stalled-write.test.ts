// Issue 16 (5) against real servers: a settings write that stalls past the store-call limit is
// confirmed by reading it back or reported as unknown ("may or may not have been saved"), never
// as failed when it was applied. The server stops answering through a relay that holds its
// traffic (test/support/relay.ts) and delivers it, in order, when released; the store-call limit is
// injected, so "the limit has passed" is an event of the test, not a race against the wall clock.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import covidNotice from '../../commands/covid-notice';
import { Dispatcher } from '../../src/core/dispatcher';
import { openStore } from '../../src/store/open';
import type { Store } from '../../src/store/store';
import { ManualLimits } from '../fakes/manual-limits';
import { moderator, TestClock } from '../support/newsroom';
import { Relay } from '../support/relay';
import { POSTGRES_URL, postgresUp, redisUp } from '../support/services';
import { bareNewsroom } from '../schedule/bare-newsroom';

const backends = [
  { name: 'Redis', up: redisUp, port: 6379, url: (port: number) => `redis://127.0.0.1:${port}/10`, write: /SET/, read: /GET/ },
  { name: 'PostgreSQL', up: postgresUp, port: 5432, url: (port: number) => POSTGRES_URL.replace(':5432', `:${port}`), write: /INSERT/, read: /SELECT|\u0000database\u0000/ },
] as const;

for (const backend of backends) {
  describe.skipIf(!backend.up)(`a settings write stalled past the store-call limit (${backend.name})`, () => {
    const relay = new Relay(backend.port);
    const limits = new ManualLimits();
    let store: Store;
    let dispatcher: Dispatcher<never>;
    const clock = new TestClock();

    beforeAll(async () => {
      const port = await relay.start();
      store = await openStore(backend.url(port), clock, { callLimit: limits.limit });
      dispatcher = new Dispatcher(bareNewsroom(store, clock), [covidNotice]) as unknown as Dispatcher<never>;
    });
    afterAll(async () => {
      await store?.close();
      await relay.stop();
    });

    const who = () => moderator({ workspaceId: `W-stall-${randomUUID().slice(0, 8)}` });

    it('is confirmed by reading it back once the server answers: "Done", and it is there', async () => {
      const mod = who();
      expect((await dispatcher.dispatch(mod, 'covid-notice', 'on')).outcome).toBe('ok');
      relay.hold();
      const answer = dispatcher.dispatch(mod, 'covid-notice', 'off');
      await relay.whenHeld(backend.write);
      relay.markHeld();
      limits.expireAll(); // past the limit: the write is still on its way
      await relay.whenHeld(backend.read); // the read-back (PostgreSQL: or the pool opening a connection for it)
      relay.release();
      const reply = await answer;
      if (backend.name === 'Redis') {
        // One connection, in order: the write lands before the read-back is answered.
        expect(reply.text).toMatch(/^Done\. The COVID-19 notice is off here/);
      } else {
        // A pool may answer the read-back on another connection before the write commits: then unknown.
        expect(reply.text).toMatch(/^Done\. The COVID-19 notice is off here|may or may not have been saved/);
      }
      expect(reply.text).not.toMatch(/fail/i);
      await expect.poll(async () => (await dispatcher.dispatch(mod, 'covid-notice', 'status')).text).toContain('is off here');
    });

    it('is reported as unknown when the read-back gets no answer either, and status shows the truth later', async () => {
      const mod = who();
      expect((await dispatcher.dispatch(mod, 'covid-notice', 'on')).outcome).toBe('ok');
      relay.hold();
      const answer = dispatcher.dispatch(mod, 'covid-notice', 'off');
      await relay.whenHeld(backend.write);
      relay.markHeld();
      limits.expireAll();
      await relay.whenHeld(backend.read);
      limits.expireAll(); // nor does the read-back come back in time
      const reply = await answer;
      expect(reply.text).toContain('may or may not have been saved');
      expect(reply.text).toContain('/covid-notice status');
      expect(reply.text).not.toMatch(/fail|Done/i);
      relay.release(); // the server answers: the write was applied
      // (PostgreSQL may answer the status read on another pooled connection before the write commits.)
      await expect.poll(async () => (await dispatcher.dispatch(mod, 'covid-notice', 'status')).text).toContain('is off here');
    });
  });
}
