// Issue 16 (5) for /digest subscribe and unsubscribe: a change whose store write stalls past the
// store-call limit is confirmed by reading it back, or reported as unknown ("may or may not have
// been saved; check with /digest status"), never as failed when it was applied. The stall is a
// wrapper around a real memory store that the test drives by events (test/fakes/stalling-store.ts).
import { describe, expect, it } from 'vitest';
import digest from '../../commands/digest';
import type { Invocation } from '../../src/core/context';
import { Dispatcher } from '../../src/core/dispatcher';
import { StoreUnavailableError } from '../../src/core/errors';
import { DigestDesk } from '../../src/schedule/desk';
import { SUBSCRIPTIONS } from '../../src/schedule/subscriptions';
import { MemoryStore } from '../../src/store/memory';
import { StallingStore } from '../fakes/stalling-store';
import { bareNewsroom } from './bare-newsroom';
import { ManualClock } from './support-clock';

const mod: Invocation = { platform: 'slack', workspaceId: 'T1', channelId: 'C1', user: { id: 'U-mod', name: 'Mo', isModerator: true } };

function setup() {
  const clock = new ManualClock('2024-03-10T10:00:00Z');
  const store = new StallingStore(new MemoryStore(clock));
  const base = bareNewsroom(store, clock);
  const newsroom = { ...base, digests: new DigestDesk(base, { defaultTimezone: 'UTC', catchupMs: 6 * 3_600_000 }) };
  return { store, dispatcher: new Dispatcher(newsroom, [digest]) };
}

const text = (reply: { text?: string; fields?: readonly { name: string; value: string }[] }) => [reply.text ?? '', ...(reply.fields ?? []).map((f) => `${f.name}: ${f.value}`)].join('\n');

describe('/digest changes when the store stalls', () => {
  it('subscribe: a save answered after the limit is read back and confirmed', async () => {
    const { store, dispatcher } = setup();
    store.stall(['set', 'get']);
    const answer = dispatcher.dispatch(mod, 'digest', 'subscribe 07:30');
    await store.whenWaiting('set');
    store.expire();
    await store.whenWaiting('get');
    await store.release();
    const reply = await answer;
    expect(reply.outcome).toBe('ok');
    expect(text(reply)).toContain('07:30 every day (UTC)');
    expect(await store.inner.get(SUBSCRIPTIONS, 'slack/T1/C1')).toBeDefined();
  });

  it('subscribe: a save nobody can confirm is "may or may not have been saved", and it was', async () => {
    const { store, dispatcher } = setup();
    store.stall(['set', 'get']);
    const answer = dispatcher.dispatch(mod, 'digest', 'subscribe 07:30');
    await store.whenWaiting('set');
    store.expire();
    await store.whenWaiting('get');
    store.expire();
    const reply = await answer;
    expect(reply.text).toContain('may or may not have been saved');
    expect(reply.text).toContain('/digest status');
    expect(reply.text).not.toMatch(/fail|Done/i);
    await store.release();
    expect(text(await dispatcher.dispatch(mod, 'digest', 'status'))).toContain('07:30 every day (UTC)');
  });

  it('subscribe: saved, but the status read after it fails: still "Done", from what was saved', async () => {
    const { store, dispatcher } = setup();
    store.stall(['get']);
    const answer = dispatcher.dispatch(mod, 'digest', 'subscribe 07:30');
    await store.whenWaiting('get');
    store.expire();
    const reply = await answer;
    expect(reply.outcome).toBe('ok');
    expect(reply.text).toContain('Done: 07:30 every day (UTC)');
    expect(reply.text).toContain('Next digest: 2024-03-11 07:30 UTC');
    await store.release();
  });

  it('unsubscribe: a delete answered after the limit is read back and confirmed; one nobody can confirm is unknown', async () => {
    const { store, dispatcher } = setup();
    expect((await dispatcher.dispatch(mod, 'digest', 'subscribe 07:30')).outcome).toBe('ok');
    store.stall(['delete', 'get']);
    let answer = dispatcher.dispatch(mod, 'digest', 'unsubscribe');
    await store.whenWaiting('delete');
    store.expire();
    await store.whenWaiting('get');
    await store.release();
    expect((await answer).text).toBe('Done: this channel gets no more digests.');

    expect((await dispatcher.dispatch(mod, 'digest', 'subscribe 07:30')).outcome).toBe('ok');
    store.stall(['delete', 'get']);
    answer = dispatcher.dispatch(mod, 'digest', 'unsubscribe');
    await store.whenWaiting('delete');
    store.expire();
    await store.whenWaiting('get');
    store.expire();
    const reply = await answer;
    expect(reply.text).toContain('may or may not have been saved');
    expect(reply.text).not.toMatch(/fail|Done/i);
    await store.release();
    expect(text(await dispatcher.dispatch(mod, 'digest', 'status'))).toContain('This channel has no digest');
  });

  it('a write that cannot have left (refused connection) is still "temporarily unavailable"', async () => {
    const { store, dispatcher } = setup();
    store.inner.set = async () => {
      throw new StoreUnavailableError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    };
    const reply = await dispatcher.dispatch(mod, 'digest', 'subscribe 07:30');
    expect(reply.outcome).toBe('refused');
    expect(reply.text).toContain('temporarily unavailable');
    expect(reply.text).not.toContain('may or may not');
  });
});
