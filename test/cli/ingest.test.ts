// `newsroom ingest`: the seed's raw text and its page into the published article; a feed from the
// loopback server into one file per usable item; unusable input into exit 2 and one line.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestCommand } from '../../src/cli/ingest';
import { CliError } from '../../src/cli/io';
import type { CliIo } from '../../src/cli/io';
import { loadArticles } from '../../src/newsroom/articles';
import { parseArticle } from '../../src/newsroom/article';
import { type FeedServer, FIXTURES, startFeedServer } from '../ingest/feed-server';
import { REPO } from '../ingest/support';
import { readSeedArticle, SEED_ARTICLE, SEED_RAW } from '../support/seed';

const seed = readSeedArticle();

function cli(args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'ingest', ...args], { cwd: REPO, encoding: 'utf8', env: { ...process.env, ENV_FILE: 'none' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const outDir = () => mkdtempSync(join(tmpdir(), 'newsroom-ingest-'));

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(() => server.close());

describe('newsroom ingest', () => {
  it('turns the raw seed text into the published article and prints the path', () => {
    const out = outDir();
    const { code, stdout, stderr } = cli(['--published', '2023-09-12', '--out', out, SEED_RAW]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const path = join(out, '2023-09-12-north-koreas-kim-jong-un-arrives-in-russia.md');
    expect(stdout).toBe(`${path}\n`);
    const article = parseArticle(readFileSync(path, 'utf8'), path);
    expect(article).toMatchObject({ title: seed.title, dek: seed.dek, body: seed.body });
  });

  it('turns the seed page (HTML) into the same article, dated and linked from the page', () => {
    const out = outDir();
    const { code, stdout } = cli(['--out', out, join(FIXTURES, 'pages', 'kim-jong-un.html')]);
    expect(code).toBe(0);
    const article = parseArticle(readFileSync(stdout.trim(), 'utf8'), stdout.trim());
    expect(article).toMatchObject({ title: seed.title, dek: seed.dek, body: seed.body, url: 'https://news.example.com/world/kim-jong-un-arrives-in-russia' });
    expect(article.published.toISOString()).toBe('2023-09-12T08:00:00.000Z');
  });

  it('turns a feed URL into one file per usable item, with full text for teasers, that the bot loads', async () => {
    const out = outDir();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const io: CliIo = { stdout, stderr, stdin: new PassThrough() };
    const code = await ingestCommand.run(['--out', out, server.url('/metro-briefs.rss.xml')], io);
    expect(code).toBe(0);
    const printed = String(stdout.read()).trim().split('\n');
    expect(printed.map((p) => p.slice(out.length + 1)).sort()).toEqual([
      '2023-09-12-north-koreas-kim-jong-un-arrives-in-russia.md',
      '2024-05-03-ferry-timetable-changes-for-summer.md',
      '2024-05-03-school-district-hires-40-new-teachers.md',
      '2024-05-03-stadium-plans-go-on-show-at-city-hall.md',
    ]);
    expect(String(stderr.read())).toMatch(/feed item has no link; skipped \(An item with no link\)/);
    const { articles, problems } = await loadArticles(out);
    expect(problems).toEqual([]);
    expect(articles.find((a) => a.slug === 'school-district-hires-40-new-teachers')?.body).toContain('Training for the new hires starts in August.');
    expect(articles.find((a) => a.slug === 'north-koreas-kim-jong-un-arrives-in-russia')?.body).toBe(seed.body);
    expect(readdirSync(out)).toHaveLength(4);
  });

  it('exits 2 with one line on input it cannot use', { timeout: 30_000 }, () => {
    for (const [args, message] of [
      [[join(FIXTURES, 'broken.rss.xml')], /^newsroom ingest: .*broken\.rss\.xml: not a readable RSS or Atom feed: .+\n$/],
      [['no/such/file.txt'], /^newsroom ingest: cannot read no\/such\/file\.txt: ENOENT\n$/],
    ] as const) {
      const { code, stdout, stderr } = cli([...args]);
      expect(code, args.join(' ')).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
    }
  });

  it('refuses a page nested too deeply to read safely, in one line with exit 2', async () => {
    const deep = join(mkdtempSync(join(tmpdir(), 'newsroom-deep-')), 'deep.html');
    writeFileSync(deep, `<html><body><article><h1>Deep</h1>${'<div>'.repeat(5000)}<p>Text.</p>${'</div>'.repeat(5000)}</article></body></html>`);
    const stderr = new PassThrough();
    const io: CliIo = { stdout: new PassThrough(), stderr, stdin: new PassThrough() };
    const error = await ingestCommand.run([deep], io).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as Error).message).toMatch(/deep\.html: page not read: .*nested more than \d+ deep/);
  });

  it('refuses a missing input or a bad date before reading anything', async () => {
    const io: CliIo = { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough() };
    await expect(ingestCommand.run([], io)).rejects.toBeInstanceOf(CliError);
    await expect(ingestCommand.run([], io)).rejects.toThrow('missing input: give a file path or an http(s) URL');
    await expect(ingestCommand.run(['--published', 'someday', SEED_RAW], io)).rejects.toThrow('--published must be a date like 2023-09-12');
  });

  describe('file names', () => {
    const page = (title: string, lead: string) =>
      `<html><head><title>${title}</title></head><body><article><h1>${title}</h1><p>${lead} Об этом сообщили в понедельник утром представители ведомства.</p><p>Подробности будут объявлены позже на этой неделе, добавили в ведомстве.</p></article></body></html>`;
    const pages = () => {
      const dir = mkdtempSync(join(tmpdir(), 'newsroom-pages-'));
      const a = join(dir, 'a.html');
      const b = join(dir, 'b.html');
      writeFileSync(a, page('Путин прибыл во Владивосток', 'Президент прибыл во Владивосток для участия в форуме.'));
      writeFileSync(b, page('Землетрясение в Турции', 'На востоке Турции произошло сильное землетрясение.'));
      return { a, b };
    };
    async function ingest(args: string[]) {
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      const code = await ingestCommand.run(args, { stdout, stderr, stdin: new PassThrough() });
      return { code, stdout: String(stdout.read() ?? ''), stderr: String(stderr.read() ?? '') };
    }

    it('gives two non-Latin stories of one day two files, and the same story again its own file', async () => {
      const out = outDir();
      const { a, b } = pages();
      const first = await ingest(['--published', '2024-05-02', '--out', out, a]);
      const second = await ingest(['--published', '2024-05-02', '--out', out, b]);
      expect([first.code, second.code]).toEqual([0, 0]);
      expect(first.stdout).toMatch(/2024-05-02-article-[0-9a-f]{8}\.md\n$/);
      expect(second.stdout).toMatch(/2024-05-02-article-[0-9a-f]{8}\.md\n$/);
      expect(second.stdout).not.toBe(first.stdout);
      const again = await ingest(['--published', '2024-05-02', '--out', out, a]);
      expect(again.stdout).toBe(first.stdout);
      expect(readdirSync(out)).toHaveLength(2);
      const { articles, problems } = await loadArticles(out);
      expect(problems).toEqual([]);
      expect(articles.map((x) => x.title).sort()).toEqual(['Землетрясение в Турции', 'Путин прибыл во Владивосток']);
    });

    it('updates the same story in place when a feed is ingested again', async () => {
      const out = outDir();
      const first = await ingest(['--out', out, server.url('/metro-briefs.rss.xml')]);
      const again = await ingest(['--out', out, server.url('/metro-briefs.rss.xml')]);
      expect(again.stdout.split('\n').sort()).toEqual(first.stdout.split('\n').sort());
      expect(readdirSync(out)).toHaveLength(4);
    });

    it('never writes over a different story: it takes the next free name', async () => {
      const out = outDir();
      const seedText = readFileSync(SEED_ARTICLE, 'utf8');
      // A hand-written story that holds the name (and slug) the raw seed text would get.
      const mine = `${seedText.replace(/^slug: .*$/m, 'slug: north-koreas-kim-jong-un-arrives-in-russia').trimEnd()}\n\nAn editor's note of our own.\n`;
      const taken = join(out, '2023-09-12-north-koreas-kim-jong-un-arrives-in-russia.md');
      writeFileSync(taken, mine);
      // A file that is no article at all holds the "-2" name.
      writeFileSync(join(out, '2023-09-12-north-koreas-kim-jong-un-arrives-in-russia-2.md'), 'notes, not an article');
      const { code, stdout } = await ingest(['--published', '2023-09-12', '--out', out, SEED_RAW]);
      expect(code).toBe(0);
      expect(stdout).toBe(`${join(out, '2023-09-12-north-koreas-kim-jong-un-arrives-in-russia-3.md')}\n`);
      expect(readFileSync(taken, 'utf8')).toBe(mine);
      expect(readFileSync(join(out, '2023-09-12-north-koreas-kim-jong-un-arrives-in-russia-2.md'), 'utf8')).toBe('notes, not an article');
      // A story with that slug filed on another day is a clash too: the bot loads each slug once.
      const out2 = outDir();
      writeFileSync(join(out2, '2023-09-11-north-koreas-kim-jong-un-arrives-in-russia.md'), mine);
      const later = await ingest(['--published', '2023-09-12', '--out', out2, SEED_RAW]);
      expect(later.stdout).toBe(`${join(out2, '2023-09-12-north-koreas-kim-jong-un-arrives-in-russia-2.md')}\n`);
      expect((await loadArticles(out2)).problems).toEqual([]);
    });
  });
});
