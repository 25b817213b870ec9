// Shared plumbing for `newsroom` subcommands: reading an article from a file or stdin, and the
// shape every subcommand has.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Article } from '../newsroom/article';
import { parseArticle, slugify } from '../newsroom/article';

export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
}

export interface Subcommand {
  readonly name: string;
  /** Returns the process exit code. Throw CliError for a one-line message and exit 2. */
  run(argv: string[], io: CliIo): Promise<number>;
}

/** A message for the user, printed as one line without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * An article from a Markdown file with front matter, or plain text (first line taken as the title
 * when it is short and has no full stop), or `-` for stdin.
 */
export async function readArticleInput(path: string | undefined, io: CliIo): Promise<Article> {
  if (!path) throw new CliError('missing input: give a file path, or - to read stdin');
  let text: string;
  try {
    text = path === '-' ? await readAll(io.stdin) : await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const name = path === '-' ? 'stdin' : path;
  if (/^\uFEFF?---\r?\n/.test(text)) {
    try {
      return parseArticle(text, name);
    } catch (error) {
      throw new CliError((error as Error).message);
    }
  }
  const body = text.replace(/\r\n/g, '\n').trim();
  if (body === '') throw new CliError(`${name} is empty`);
  const [first = '', ...rest] = body.split('\n\n');
  const firstIsTitle = rest.length > 0 && first.length <= 200 && !/[.!?]["”]?$/.test(first.trim()) && !first.includes('\n');
  const title = firstIsTitle ? first.trim() : path === '-' ? 'Untitled' : basename(path).replace(/\.[^.]+$/, '');
  return {
    slug: slugify(title),
    title,
    published: new Date(0),
    tags: [],
    body: firstIsTitle ? rest.join('\n\n') : body,
  };
}

export function writeJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
