// The local shell, after Hubot's Shell adapter: one command per line on stdin, the reply as plain
// text on stdout. Interactive (prompt) on a terminal, plain when piped; exits at end of input.
import { createInterface } from 'node:readline';
import type { Adapter, ChannelPoster } from '../../core/adapter';
import type { Invocation } from '../../core/context';
import type { Dispatcher } from '../../core/dispatcher';
import { renderText } from '../../core/render-text';

/**
 * Control characters out of what reaches the terminal: an article scraped from the web could carry
 * escape sequences that retitle the window, move the cursor or hide text. Newlines and tabs stay.
 */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
export const printable = (text: string): string => text.replace(CONTROL, '');

/** The shell user moderates a local workspace, so every command can be tried. */
export const SHELL_INVOCATION: Invocation = {
  platform: 'console',
  workspaceId: 'local',
  channelId: 'console',
  user: { id: 'shell', name: 'Shell user', isModerator: true },
};

export interface ShellOptions {
  readonly dispatcher: Dispatcher;
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  readonly interactive: boolean;
}

/** Splits "/summary kim long" into the command name and the rest. */
export function parseLine(line: string): { name: string; text: string } | null {
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return null;
  const match = /^\/?(\S+)\s*([\s\S]*)$/.exec(trimmed)!;
  return { name: match[1]!, text: match[2]! };
}

export class ConsoleShell implements Adapter {
  readonly platform = 'console' as const;
  private finished: Promise<void> | null = null;
  private closeInput: (() => void) | null = null;

  constructor(private readonly options: ShellOptions) {}

  /** Scheduled posts (digests) for the console channel print here, between replies. */
  readonly outbound: ChannelPoster = {
    post: async (channelId, reply) => {
      this.options.output.write(printable(`[digest for #${channelId}]\n${renderText(reply)}\n\n`));
    },
  };

  /** Resolves once input has ended and every reply has been written. */
  start(): Promise<void> {
    const { dispatcher, input, output, interactive } = this.options;
    const rl = createInterface({ input, output: interactive ? output : undefined, terminal: interactive, prompt: 'newsroom> ' });
    this.closeInput = () => rl.close();
    if (interactive) {
      output.write('Newsroom bot, local shell. Type /help, or exit to leave.\n');
      rl.prompt();
    }
    this.finished = (async () => {
      for await (const line of rl) {
        const parsed = parseLine(line);
        if (parsed && /^(exit|quit)$/i.test(parsed.name)) break;
        if (parsed) {
          const reply = await dispatcher.dispatch(SHELL_INVOCATION, parsed.name, parsed.text);
          output.write(printable(`${renderText(reply)}\n\n`));
        }
        if (interactive) rl.prompt();
      }
      rl.close();
    })();
    return this.finished;
  }

  async stop(): Promise<void> {
    this.closeInput?.();
    await this.finished;
  }
}
