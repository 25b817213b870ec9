// The `newsroom` command-line tool: `npm run --silent newsroom -- <subcommand> ...` or the
// `newsroom` bin. Each subcommand lives in src/cli/<name>.ts and is listed here.
import { classifyCommand } from './cli/classify';
import { digestCommand } from './cli/digest';
import { evalCommand } from './cli/eval';
import { ingestCommand } from './cli/ingest';
import { CliError, type CliIo, type Subcommand } from './cli/io';
import { quotesCommand } from './cli/quotes';
import { summarizeCommand } from './cli/summarize';

export const subcommands: readonly Subcommand[] = [summarizeCommand, quotesCommand, classifyCommand, evalCommand, ingestCommand, digestCommand];

function help(io: CliIo): void {
  io.stdout.write(`usage: newsroom <command> [options]\n\n${subcommands.map((s) => `  ${s.usage}`).join('\n')}\n`);
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    help(io);
    return name ? 0 : 2;
  }
  const sub = subcommands.find((s) => s.name === name);
  if (!sub) {
    io.stderr.write(`newsroom: unknown command "${name}". Run newsroom --help.\n`);
    return 2;
  }
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
