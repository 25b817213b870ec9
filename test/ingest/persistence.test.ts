// Ingested articles live in the archive and added feeds in the store: after a restart (a new
// process on the same SQLite files) they are served again without fetching anything.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands';
import { Dispatcher } from '../../src/core/dispatcher';
import { StoreUnavailableError } from '../../src/core/errors';
import { openNewsroom } from '../../src/open-newsroom';
import { openStore } from '../../src/store/open';
import { archiveUrlFor, openArchive } from '../../src/archive/open';
import { type FeedServer, startFeedServer } from './feed-server';
import { contentDir, moderator, recordingLogger, TestClock } from './support';
import { allArticles } from '../support/archive';

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(() => server.close());

describe('restart', () => {
  it('serves ingested articles and lists added feeds from a SQLite file after a restart', async () => {
    const storeUrl = `sqlite://${join(mkdtempSync(join(tmpdir(), 'newsroom-store-')), 'newsroom.sqlite')}`;
    const content = contentDir();
    const clock = new TestClock(new Date('2024-06-01T00:00:00Z'));
    const open = async () => {
      const store = await openStore(storeUrl);
      // The archive follows the store: a file beside the store's.
      const archive = await openArchive(archiveUrlFor(storeUrl));
      const newsroom = await openNewsroom({ contentDir: content, store, archive, logger: recordingLogger(), clock, feedsAllowPrivate: true });
      return { store, archive, newsroom, dispatcher: new Dispatcher(newsroom, commands) };
    };

    const first = await open();
    await first.dispatcher.dispatch(moderator, 'feeds', `add ${server.url('/metro-briefs.rss.xml')}`);
    const before = (await allArticles(first.newsroom.articles)).map((a) => [a.slug, a.title, a.body, a.backlog]);
    expect(before.length).toBe(4); // the content file + 3 briefs (the Kim brief is the content file's story)
    await first.newsroom.feeds.stop();
    await first.archive.close();
    await first.store.close();

    const second = await open();
    expect((await allArticles(second.newsroom.articles)).map((a) => [a.slug, a.title, a.body, a.backlog])).toEqual(before);
    const list = await second.dispatcher.dispatch(moderator, 'feeds', 'list');
    expect(list.items!.map((i) => [i.title, i.text])).toEqual([['Metro Briefs', 'Last fetch: 2024-06-01 00:00 UTC; no errors']]);
    const summary = await second.dispatcher.dispatch(moderator, 'summary', 'school district teachers');
    expect(summary.title).toBe('School district hires 40 new teachers');
    // Polling again finds every item already known: nothing new, no page fetched twice.
    clock.advance(20 * 60_000);
    server.set('/metro-briefs.rss.xml', `${(await fetch(server.url('/metro-briefs.rss.xml')).then((r) => r.text()))}\n<!-- changed -->`);
    const fetches = server.hits('/metro-briefs.rss.xml').total + server.hits('/pages/teachers.html').total;
    const [result] = await second.newsroom.feeds.tick();
    expect(result).toMatchObject({ ok: true, added: 0, updated: 0 });
    expect(server.hits('/pages/teachers.html').total + server.hits('/metro-briefs.rss.xml').total).toBe(fetches + 1);
    await second.newsroom.feeds.stop();
    await second.archive.close();
    await second.store.close();
  });
});

describe('a store outage while a feed is polled', () => {
  it('files and serves the stories all the same: they go to the archive, not the store', async () => {
    const storeUrl = `sqlite://${join(mkdtempSync(join(tmpdir(), 'newsroom-store-')), 'newsroom.sqlite')}`;
    const content = contentDir();
    const clock = new TestClock(new Date('2024-06-01T00:00:00Z'));
    const store = await openStore(storeUrl);
    const archive = await openArchive(archiveUrlFor(storeUrl));
    // The real SQLite store, with every write but the feed list failing the way a down store's do.
    let down = false;
    const realSet = store.set.bind(store);
    store.set = async (namespace, key, value, ttl) => {
      if (down && namespace !== 'workspace-feeds') throw new StoreUnavailableError(new Error('disk detached'));
      return realSet(namespace, key, value, ttl);
    };
    const newsroom = await openNewsroom({ contentDir: content, store, archive, logger: recordingLogger(), clock, feedsAllowPrivate: true });
    const dispatcher = new Dispatcher(newsroom, commands);
    down = true;
    await dispatcher.dispatch(moderator, 'feeds', `add ${server.url('/metro-briefs.rss.xml')}`);
    expect((await dispatcher.dispatch(moderator, 'summary', 'school district teachers')).title).toBe('School district hires 40 new teachers');
    expect((await allArticles(archive)).map((a) => a.title)).toContain('School district hires 40 new teachers');
    await newsroom.feeds.stop();
    await archive.close();
    await store.close();
  });
});
