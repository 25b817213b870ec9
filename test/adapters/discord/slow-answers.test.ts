// Answers that are not ready in time are deferred, then delivered; a store that is down still gets
// users a clear answer.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../../src/core/errors';
import { MemoryStore } from '../../../src/store/memory';
import type { Store } from '../../../src/store/store';
import { APPLICATION_ID } from '../../fakes/discord';
import { chatInput, MANAGE_GUILD } from '../../fakes/discord-interactions';
import { type RunningBot, startBot } from './harness';

/** The in-memory store, answering reads only after `delayMs`: a slow database. `reads` counts reads begun. */
function slowStore(delayMs: number): Store & { reads: number } {
  const store = new MemoryStore();
  const slow: Store & { reads: number } = Object.assign(Object.create(store) as Store, {
    reads: 0,
    get: async <T>(namespace: string, key: string) => {
      slow.reads++;
      await sleep(delayMs);
      return store.get<T>(namespace, key);
    },
  });
  return slow;
}

/** A store whose backend is unreachable. */
function downStore(): Store {
  // What the Redis client says while it cannot connect: the write never left, so it plainly failed.
  const down = () => Promise.reject(new StoreUnavailableError(new Error('The client is offline')));
  return Object.assign(Object.create(new MemoryStore()) as Store, { get: down, set: down, add: down, entries: down, delete: down, ping: down });
}

describe('Discord answers that take a while', () => {
  let running: RunningBot | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it('defers a public answer, then edits it in', async () => {
    running = await startBot({ store: slowStore(400), deferAfterMs: 100 });
    const interaction = chatInput('summary', { article: 'kim' });
    const { sentAt, callback } = running.fake.interact(interaction);
    const deferral = await callback;
    expect(deferral.body).toEqual({ type: 5, data: { flags: 0 } }); // DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE, public
    const edit = await running.fake.waitForRequest((r) => r.method === 'PATCH' && r.path === `/webhooks/${APPLICATION_ID}/${interaction.token}/messages/%40original`);
    expect(sentAt).toBeLessThanOrEqual(deferral.receivedAt);
    expect(deferral.receivedAt).toBeLessThanOrEqual(edit.receivedAt); // deferred first, answered after
    expect(edit.body.allowed_mentions).toEqual({ parse: [] });
    expect(edit.body.embeds[0].title).toMatch(/^North Korea’s Kim Jong Un/);
  });

  it('turns a deferred private answer into an ephemeral follow-up', async () => {
    running = await startBot({ store: slowStore(400), deferAfterMs: 100 });
    const interaction = chatInput('covid-notice', { state: 'status' }, { permissions: MANAGE_GUILD });
    const { callback } = running.fake.interact(interaction);
    expect((await callback).body).toEqual({ type: 5, data: { flags: 0 } });
    const followUp = await running.fake.waitForRequest((r) => r.method === 'POST' && r.path === `/webhooks/${APPLICATION_ID}/${interaction.token}`);
    expect(followUp.body).toMatchObject({ flags: 64, allowed_mentions: { parse: [] }, content: 'The COVID-19 notice is on here (the default).' });
    expect(running.fake.requests.some((r) => r.method === 'DELETE' && r.path.endsWith(`/${interaction.token}/messages/%40original`))).toBe(true);
  });

  it('tells a moderator when settings are unreachable, and still answers reads', async () => {
    running = await startBot({ store: downStore() });
    const toggle = await running.fake.interact(chatInput('covid-notice', { state: 'off' }, { permissions: MANAGE_GUILD })).callback;
    expect(toggle.body.data).toMatchObject({ flags: 64, content: 'Settings are temporarily unavailable. Please try again in a minute.' });
    const summary = await running.fake.interact(chatInput('summary')).callback;
    expect(summary.body.data.embeds[0].title).toMatch(/^North Korea’s Kim Jong Un/);
  });

  it('keeps serving after the platform answers a callback with 500', async () => {
    running = await startBot();
    running.fake.script('POST', /\/callback$/, { status: 500, body: { message: 'boom' } }, { status: 500 }, { status: 500 }, { status: 500 });
    const failed = chatInput('advisory');
    running.fake.interact(failed);
    // @discordjs/rest retries a 5xx three times, then the adapter gives up on this one and logs it.
    await expect.poll(() => running!.fake.requests.filter((r) => r.path.includes(failed.token)).length).toBe(4);
    const next = await running.fake.interact(chatInput('advisory')).callback;
    expect(next.body.data.embeds[0].title).toBe('COVID-19 information');
    await expect.poll(() => running!.logger.lines.some((l) => l.msg === 'could not answer a Discord interaction')).toBe(true);
  });
});

describe('Discord bot stopping and platform waits', () => {
  it('lets an answer under way finish before disconnecting', async () => {
    const store = slowStore(300);
    const running = await startBot({ store, deferAfterMs: 2000 });
    const readsBefore = store.reads;
    const { callback } = running.fake.interact(chatInput('summary', { article: 'kim' }));
    await expect.poll(() => store.reads).toBeGreaterThan(readsBefore); // the command is running, waiting on the store
    const stopped = running.bot.stop();
    const answer = await callback;
    expect(answer.body.data.embeds[0].title).toMatch(/^North Korea’s Kim Jong Un/);
    await stopped;
    expect(running.bot.client.isReady()).toBe(false);
    await running.close();
  });

  it('waits out a short 429 on an interaction callback and answers', async () => {
    const running = await startBot();
    running.fake.script('POST', /\/callback$/, { status: 429, headers: { 'retry-after': '0.1' }, body: { message: 'You are being rate limited.', retry_after: 0.1, global: false } });
    const interaction = chatInput('advisory');
    running.fake.interact(interaction);
    await expect.poll(() => running.fake.requests.filter((r) => r.path.includes(interaction.token)).length).toBe(2);
    const [limited, answered] = running.fake.requests.filter((r) => r.path.includes(interaction.token));
    expect(answered!.receivedAt - limited!.receivedAt).toBeGreaterThanOrEqual(90);
    expect(answered!.body.data.embeds[0].title).toBe('COVID-19 information');
    await running.close();
  });

  it('does not queue behind a long 429 on a callback: it gives up, logs it, and keeps serving', async () => {
    const running = await startBot();
    running.fake.script('POST', /\/callback$/, { status: 429, headers: { 'retry-after': '30' }, body: { message: 'You are being rate limited.', retry_after: 30, global: false } });
    const started = performance.now();
    running.fake.interact(chatInput('advisory'));
    await expect.poll(() => running.logger.lines.some((l) => l.msg === 'could not answer a Discord interaction')).toBe(true);
    expect(performance.now() - started).toBeLessThan(5000);
    const next = await running.fake.interact(chatInput('help')).callback;
    expect(next.body.data.flags).toBe(64);
    await running.close();
  });
});
