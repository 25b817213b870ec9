// Replicas must serve one archive: a second process with a SQLite archive on another machine (or
// with another archive anywhere) is refused at start-up with words that say what to set.
import { describe, expect, it } from 'vitest';
import { joinReplicas } from '../../src/archive/replicas';
import { MemoryStore } from '../../src/store/memory';
import { archiveWith } from '../support/archive';
import { silentLogger } from '../support/newsroom';

describe('joinReplicas', () => {
  it('lets replicas on one machine share a SQLite archive, and refuses one on another machine', async () => {
    const store = new MemoryStore();
    const archive = await archiveWith();
    const first = await joinReplicas(store, archive, silentLogger, 'host-a');
    // The same machine and file (this test's process stands in for a second one there).
    await expect(joinReplicas(store, archive, silentLogger, 'host-a')).resolves.toBeDefined();
    await expect(joinReplicas(store, archive, silentLogger, 'host-b')).rejects.toThrow(/replicas on several machines need one shared archive\. Set ARCHIVE_URL=postgres/);
    await first.leave();
  });

  it('refuses a replica whose archive is another one, even a shared one', async () => {
    const store = new MemoryStore();
    const shared = (location: string) => ({ ...({} as object), location, shared: true }) as never;
    await joinReplicas(store, shared('postgres://db-1/newsroom'), silentLogger, 'host-a');
    await expect(joinReplicas(store, shared('postgres://db-2/newsroom'), silentLogger, 'host-b')).rejects.toThrow(/every replica must use the same ARCHIVE_URL/);
    await expect(joinReplicas(store, shared('postgres://db-1/newsroom'), silentLogger, 'host-b')).resolves.toBeDefined();
  });

  it('starts anyway, with a warning, when the store cannot be asked', async () => {
    const store = new MemoryStore();
    store.entries = () => Promise.reject(new Error('down'));
    await expect(joinReplicas(store, await archiveWith(), silentLogger, 'host-a')).resolves.toBeDefined();
  });
});
