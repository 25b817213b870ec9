// `newsroom ingest <file|url> [--out content/articles]`: raw text, an HTML page or a feed into
// cleaned article Markdown, one file per story; prints the paths written.
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Logger } from '../core/context';
import { AddressGuard } from '../ingest/address-guard';
import { cleanStory } from '../ingest/clean';
import { decodeText } from '../ingest/decode';
import { DEFAULT_FETCH_LIMITS, fetchLimited } from '../ingest/fetch';
import { readPage } from '../ingest/html';
import { looksLikeFeed, parseFeed } from '../ingest/parse';
import { pageFetcher, type Story, storyFromItem, storyFromPage } from '../ingest/story';
import { type Article, formatArticle, parseArticle, slugify } from '../newsroom/article';
import { CliError, type CliIo, type Subcommand } from './io';

interface Input {
  readonly text: string;
  /** Where it came from, for relative links and the article URL (URLs only). */
  readonly url?: string;
  readonly name: string;
}

async function readInput(source: string, guard: AddressGuard): Promise<Input> {
  if (/^https?:\/\//i.test(source)) {
    try {
      const fetched = await fetchLimited(source, { guard, accept: 'application/rss+xml, application/atom+xml, text/html, */*;q=0.5' });
      if (fetched.status !== 200) throw new CliError(`${source}: unexpected answer ${fetched.status}`);
      return { text: fetched.text, url: fetched.url, name: source };
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new CliError(`${source}: ${(error as Error).message}`);
    }
  }
  try {
    const info = await stat(source);
    if (!info.isFile()) throw new CliError(`${source} is not a file`);
    if (info.size > DEFAULT_FETCH_LIMITS.maxBytes) throw new CliError(`${source} is larger than ${DEFAULT_FETCH_LIMITS.maxBytes} bytes`);
    return { text: decodeText(await readFile(source)), name: source };
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot read ${source}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** Warnings (a skipped feed item) as one plain line each on stderr. */
function stderrLogger(io: CliIo, name: string): Logger {
  const line = (obj: object | string, msg?: string) => {
    const fields = typeof obj === 'string' ? {} : (obj as Record<string, unknown>);
    const text = typeof obj === 'string' ? obj : msg ?? '';
    const detail = [fields.item, fields.reason].filter(Boolean).join(': ');
    io.stderr.write(`newsroom ingest: ${name}: ${text}${detail ? ` (${detail})` : ''}\n`);
  };
  const logger: Logger = { debug: () => undefined, info: () => undefined, warn: line, error: line, child: () => logger };
  return logger;
}

const looksLikeHtml = (text: string) => /<(html|body|article|main|p|div)[\s>]/i.test(text.slice(0, 8192));

async function storiesIn(input: Input, published: Date, io: CliIo, guard: AddressGuard): Promise<Story[]> {
  const log = stderrLogger(io, input.name);
  if (looksLikeFeed(input.text)) {
    let feed;
    try {
      feed = await parseFeed(input.text, input.url);
    } catch (error) {
      throw new CliError(`${input.name}: ${(error as Error).message}`);
    }
    const source = { name: feed.title ?? input.name, tags: [] };
    const stories: Story[] = [];
    for (const item of feed.items) {
      const story = await storyFromItem(item, source, pageFetcher(DEFAULT_FETCH_LIMITS, { guard }), log);
      if (story) stories.push(story);
    }
    if (stories.length === 0) throw new CliError(`${input.name}: the feed has no usable items (${feed.items.length} read)`);
    return stories;
  }
  if (looksLikeHtml(input.text)) {
    let page;
    try {
      page = readPage(input.text, input.url ?? 'http://localhost/');
    } catch (error) {
      // A page too deeply nested or too large to read safely: say so in the CLI's one-line way.
      throw new CliError(`${input.name}: ${(error as Error).message}`);
    }
    const story = page && storyFromPage(page, input.url, published);
    if (!story) throw new CliError(`${input.name}: no article found in the page`);
    return [story];
  }
  const cleaned = cleanStory(input.text);
  if (!cleaned.title || cleaned.body === '') throw new CliError(`${input.name}: no headline and body found in the text`);
  return [{ title: cleaned.title, ...(cleaned.dek && { dek: cleaned.dek }), published, tags: [], body: cleaned.body }];
}

interface ArticleFile {
  readonly file: string;
  /** Null when the file is not a readable article: its name is taken, but no story is in it. */
  readonly article: Article | null;
}

/** The .md files already in the output folder, by path and by slug. */
async function articlesIn(dir: string): Promise<{ byFile: Map<string, ArticleFile>; bySlug: Map<string, ArticleFile> }> {
  const byFile = new Map<string, ArticleFile>();
  const bySlug = new Map<string, ArticleFile>();
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.md')).sort()) {
    const file = join(dir, name);
    let article: Article | null = null;
    try {
      article = parseArticle(await readFile(file, 'utf8'), file);
    } catch {
      // not an article the bot could load; the name stays taken
    }
    byFile.set(file, { file, article });
    if (article && !bySlug.has(article.slug)) bySlug.set(article.slug, { file, article });
  }
  return { byFile, bySlug };
}

/** The story a file already holds, again: the same link, or (without one) the same title and text. */
function sameStory(before: Article | null, after: Article): boolean {
  if (!before || before.slug !== after.slug) return false;
  if (before.url !== undefined || after.url !== undefined) return before.url === after.url;
  return before.title === after.title && before.body === after.body;
}

export const ingestCommand: Subcommand = {
  name: 'ingest',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { out: { type: 'string', default: 'content/articles' }, published: { type: 'string' } },
      allowPositionals: true,
    });
    const source = positionals[0];
    if (!source) throw new CliError('missing input: give a file path or an http(s) URL');
    const published = values.published ? new Date(values.published) : new Date();
    if (Number.isNaN(published.getTime())) throw new CliError('--published must be a date like 2023-09-12');
    // The operator runs this on their own machine, for URLs they chose: their intranet and
    // localhost are theirs to fetch, unlike a chat moderator's /feeds add on the bot's server.
    const guard = new AddressGuard({ allowPrivate: true });
    let stories: Story[];
    try {
      stories = await storiesIn(await readInput(source, guard), published, io, guard);
    } finally {
      await guard.close();
    }
    await mkdir(values.out, { recursive: true });
    const existing = await articlesIn(values.out);
    const taken = new Set<string>();
    let written = 0;
    for (const { guid: _guid, ...story } of stories) {
      const base = slugify(story.title);
      const day = story.published.toISOString().slice(0, 10);
      let slug = base;
      let path: string;
      // A slug (or file) the folder already has is this story's only when it is the same story
      // (same URL, or the same title and text): then the file is updated. Otherwise the next
      // free "-2", "-3"... so the bot, which refuses a repeated slug, loads both.
      for (let n = 2; ; n++) {
        const file = join(values.out, `${day}-${slug}.md`);
        const there = existing.bySlug.get(slug) ?? existing.byFile.get(file);
        if (!taken.has(slug) && (!there || sameStory(there.article, { ...story, slug }))) {
          path = there?.file ?? file;
          break;
        }
        slug = `${base}-${n}`;
      }
      const article: Article = { ...story, slug };
      const markdown = formatArticle(article);
      try {
        parseArticle(markdown, path); // what the bot will read back must load
      } catch (error) {
        io.stderr.write(`newsroom ingest: skipped ${slug}: ${(error as Error).message}\n`);
        continue;
      }
      const update = existing.byFile.has(path);
      try {
        // A new file is created, never written over: another run (or file) that took the name
        // meanwhile is refused here rather than replaced.
        await writeFile(path, markdown, { flag: update ? 'w' : 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new CliError(`${path} already exists (written meanwhile); not overwritten`);
        throw new CliError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      taken.add(slug);
      existing.byFile.set(path, { file: path, article });
      existing.bySlug.set(slug, { file: path, article });
      io.stdout.write(`${path}\n`);
      written++;
    }
    if (written === 0) throw new CliError(`${source}: nothing could be written`);
    return 0;
  },
};
