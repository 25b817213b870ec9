// Two bot processes on one real PostgreSQL (store and archive in the same database, as STORE_URL
// alone sets them up): a story that only one of them ingested is served by the other at once,
// because both query the one archive rather than a copy of their own. Both follow the operator's
// feed (the same content folder, as replicas of one deployment have); B starts after A fetched it,
// finds in the store that it is not due again, and never fetches it.
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresArchive } from '../../src/archive/postgres';
import { FakeSlack } from '../fakes/slack';
import { postSlashCommand } from '../fakes/slack-request';
import { type FeedServer, startFeedServer } from '../ingest/feed-server';
import { ROOT } from '../support/newsroom';
import { type SlackBotProcess, startSlackBot, stopProcess } from '../support/processes';
import { POSTGRES_URL, postgresUp } from '../support/services';

const SECRET = 'replica-secret';
const NAMESPACE = `pgreplicas${randomUUID().slice(0, 8)}`;
const STORE_URL = `${POSTGRES_URL}?namespace=${NAMESPACE}`;

type Replica = SlackBotProcess;

function startReplica(name: string, contentDir: string, slack: FakeSlack): Promise<Replica> {
  return startSlackBot(ROOT, {
    STORE_URL,
    CONTENT_DIR: contentDir,
    FEEDS_ALLOW_PRIVATE: 'true',
    INGEST_RETENTION_DAYS: '0', // the fixture feed's stories are from 2024
    SLACK_BOT_TOKEN: `xoxb-${name}`,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
  });
}

describe.skipIf(!postgresUp)('two replicas on one PostgreSQL', () => {
  const dirs: string[] = [];
  let feeds: FeedServer;
  let slack: FakeSlack;
  let a: Replica | undefined;
  let b: Replica | undefined;

  /** A copy of the repository's content folder, following `feedUrl` when given. */
  const contentWith = (feedUrl?: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'pg-replica-'));
    dirs.push(dir);
    cpSync(join(ROOT, 'content'), dir, { recursive: true });
    rmSync(join(dir, 'feeds.yaml'), { force: true });
    if (feedUrl) writeFileSync(join(dir, 'feeds.yaml'), `feeds:\n  - { url: "${feedUrl}", name: City Desk }\n`);
    return dir;
  };

  beforeAll(async () => {
    feeds = await startFeedServer();
    slack = await new FakeSlack().start();
    // The first creates the archive's tables, as a first deployment would; B starts in the test.
    a = await startReplica('a', contentWith(feeds.url('/city.rss.xml')), slack);
  }, 90_000);

  afterAll(async () => {
    await Promise.all([a, b].filter((r) => r !== undefined).map((r) => stopProcess(r.child)));
    await slack?.stop();
    await feeds?.close();
    await PostgresArchive.drop(POSTGRES_URL, NAMESPACE);
    // The store's rows of this run only (keyv keys are "<namespace>:<store namespace>:<key>").
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query("DELETE FROM keyv WHERE key LIKE $1 || ':%'", [NAMESPACE]).catch(() => undefined);
    await client.end();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('serves on B a story only A ingested, from the one archive', async () => {
    const ask = async (replica: Replica) => JSON.stringify((await postSlashCommand(replica.url, { command: '/summary', text: 'bike lanes main street', user_id: 'U0READER' }, { secret: SECRET })).json);
    // A files the feed's stories when it starts polling; B, started after, never fetches it.
    await expect.poll(() => ask(a!), { timeout: 30_000, interval: 200 }).toContain('City council approves new bike lanes on Main Street');
    const fetched = feeds.hits('/city.rss.xml').total;
    expect(fetched).toBeGreaterThanOrEqual(1);
    // A has saved the feed's state (its next poll time), which B reads at start.
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    const saved = async () => (await client.query('SELECT 1 FROM keyv WHERE key = $1', [`${NAMESPACE}:feed-state:${feeds.url('/city.rss.xml')}`])).rowCount;
    await expect.poll(saved, { timeout: 10_000, interval: 100 }).toBe(1);
    await client.end();
    b = await startReplica('b', contentWith(feeds.url('/city.rss.xml')), slack);
    expect(await ask(b)).toContain('City council approves new bike lanes on Main Street');
    expect(feeds.hits('/city.rss.xml').total).toBe(fetched);
    const search = await postSlashCommand(b!.url, { command: '/search', text: 'bike lanes', user_id: 'U0READER' }, { secret: SECRET });
    expect(JSON.stringify(search.json)).toContain('City council approves new bike lanes on Main Street');
  }, 120_000);
});
