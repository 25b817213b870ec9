// The `newsroom` command-line tool: `npm run --silent newsroom -- <subcommand> ...` or the
// `newsroom` bin. Each subcommand lives in src/cli/<name>.ts and is listed here.
import { CliError, type CliIo, type Subcommand } from './cli/io';

/**
 * Each subcommand's module loads only when it runs: `ingest` needs the HTML and feed parsers,
 * `quotes` needs none of them, and `--help` needs nothing.
 */
export const subcommands: readonly { readonly name: string; readonly usage: string; load(): Promise<Subcommand> }[] = [
  { name: 'summarize', usage: 'summarize [--sentences N] [--json] <file|->   extractive summary of an article', load: async () => (await import('./cli/summarize')).summarizeCommand },
  { name: 'quotes', usage: 'quotes [--json] <file|->                       direct quotations with their speakers', load: async () => (await import('./cli/quotes')).quotesCommand },
  { name: 'classify', usage: 'classify [--json] [--published DATE] <file|->  does the COVID-19 notice belong on it?', load: async () => (await import('./cli/classify')).classifyCommand },
  { name: 'eval', usage: 'eval [--json] [--details] <dir|file.json>       score summaries, quotes and the notice against annotations', load: async () => (await import('./cli/eval')).evalCommand },
  { name: 'ingest', usage: 'ingest [--out DIR] [--published DATE] <file|url>  raw text, a page or a feed into article Markdown', load: async () => (await import('./cli/ingest')).ingestCommand },
  { name: 'feeds', usage: 'feeds [list] [--json] | drop <url>              operator feeds added from chat before feeds were per workspace', load: async () => (await import('./cli/feeds')).feedsCommand },
  { name: 'digest', usage: 'digest [--json] [--at ISO-TIME] [--since ISO-TIME] [--count N] [--platform P --workspace ID]   the digest that would be posted', load: async () => (await import('./cli/digest')).digestCommand },
];

function help(io: CliIo): void {
  io.stdout.write(`usage: newsroom <command> [options]\n\n${subcommands.map((s) => `  ${s.usage}`).join('\n')}\n`);
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    help(io);
    return name ? 0 : 2;
  }
  const entry = subcommands.find((s) => s.name === name);
  if (!entry) {
    io.stderr.write(`newsroom: unknown command "${name}". Run newsroom --help.\n`);
    return 2;
  }
  const sub = await entry.load();
  try {
    return await sub.run(rest, io);
  } catch (error) {
    // parseArgs throws TypeErrors with a readable message and a code: show it like ours.
    const code = (error as { code?: string }).code;
    if (error instanceof CliError || code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`newsroom ${name}: ${(error as Error).message}\n`);
      return error instanceof CliError ? error.exitCode : 2;
    }
    throw error;
  }
}

const io: CliIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin };
runCli(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`newsroom: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
