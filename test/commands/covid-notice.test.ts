import { describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/core/errors';
import { MemoryStore } from '../../src/store/memory';
import { buildTestBot, moderator, reader } from '../support/newsroom';

/** A store whose backend has gone away: every call fails the way KeyvStore reports it. */
class DownStore extends MemoryStore {
  override async get<T>(): Promise<T | undefined> {
    throw new StoreUnavailableError(new Error('connect ECONNREFUSED'));
  }
  override async set(): Promise<void> {
    throw new StoreUnavailableError(new Error('connect ECONNREFUSED'));
  }
}

describe('/covid-notice', () => {
  it('is on by default and records who switched it and when', async () => {
    const { dispatcher, clock } = await buildTestBot();
    expect((await dispatcher.dispatch(moderator(), 'covid-notice', 'status')).text).toBe('The COVID-19 notice is on here (the default).');
    clock.set('2024-07-02T09:30:00Z');
    const off = await dispatcher.dispatch(moderator(), 'covid-notice', 'off');
    expect(off.visibility).toBe('ephemeral');
    const status = await dispatcher.dispatch(moderator(), 'covid-notice', 'status');
    expect(status.text).toBe('The COVID-19 notice is off here; set by Moderator Mo at 2024-07-02 09:30 UTC.');
  });

  it('refuses non-moderators and changes nothing', async () => {
    const { dispatcher } = await buildTestBot();
    const refused = await dispatcher.dispatch(reader(), 'covid-notice', 'off');
    expect(refused.outcome).toBe('refused');
    expect(refused.text).toContain('Only moderators');
    expect((await dispatcher.dispatch(reader(), 'summary', 'kim')).notice).toBeDefined();
  });

  it('asks for on, off or status', async () => {
    const { dispatcher } = await buildTestBot();
    expect((await dispatcher.dispatch(moderator(), 'covid-notice', '')).text).toContain('Missing state');
    expect((await dispatcher.dispatch(moderator(), 'covid-notice', 'maybe')).text).toContain('one of: on, off, status');
  });

  it('says "temporarily unavailable" when the store is down, while reading commands keep working', async () => {
    const { dispatcher } = await buildTestBot({ store: new DownStore() });
    const toggle = await dispatcher.dispatch(moderator(), 'covid-notice', 'off');
    expect(toggle.outcome).toBe('refused');
    expect(toggle.text).toContain('temporarily unavailable');
    const summary = await dispatcher.dispatch(reader(), 'summary', 'kim');
    expect(summary.outcome).toBe('ok');
    expect(summary.notice).toBeDefined(); // the safe default while settings are unreachable
  });
});
