// `newsroom feeds` in a child process, over a store an earlier version left a chat-added feed in.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open';

const run = promisify(execFile);

describe('newsroom feeds', () => {
  it('lists the operator feeds added from chat and drops one', async () => {
    const storeUrl = `sqlite://${join(mkdtempSync(join(tmpdir(), 'newsroom-cli-feeds-')), 'newsroom.sqlite')}`;
    const url = 'https://news.example/world.xml';
    const store = await openStore(storeUrl);
    await store.set('feeds', url, { url, name: 'Example World', intervalMs: 900_000, tags: [], origin: 'command', addedBy: 'Old Moderator' });
    await store.close();
    const cli = (args: string[]) => run(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'feeds', ...args], { env: { ...process.env, ENV_FILE: 'none', STORE_URL: storeUrl } });

    expect((await cli([])).stdout).toBe(`${url}  Example World (added by Old Moderator)\n`);
    expect(JSON.parse((await cli(['--json'])).stdout)).toEqual([{ url, name: 'Example World', addedBy: 'Old Moderator' }]);
    const unknown = await cli(['drop', 'https://news.example/other.xml']).catch((e: { code: number; stderr: string }) => e);
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining('is not one of the operator feeds added from chat') });
    expect((await cli(['drop', url])).stdout).toMatch(/^Dropped Example World/);
    expect((await cli(['list'])).stdout).toBe('No operator feeds added from chat.\n');
  }, 60_000);
});
