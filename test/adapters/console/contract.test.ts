// The adapter contract (test/adapters/contract.ts) for the console shell: lines in, text out.
import { PassThrough } from 'node:stream';
import { ConsoleShell } from '../../../src/adapters/console/shell';
import { MemoryStore } from '../../../src/store/memory';
import { composeTestBot } from '../../support/newsroom';
import { adapterContract, typed } from '../contract';

adapterContract({
  name: 'console',
  async start(extra) {
    const { dispatcher, close } = await composeTestBot({ store: new MemoryStore(), contentDir: 'content', commands: [...(await import('../../../commands')).commands, ...extra] });
    const input = new PassThrough();
    const output = new PassThrough();
    const shell = new ConsoleShell({ dispatcher, input, output, interactive: false });
    const finished = shell.start();
    return {
      // The console has one user, who moderates; every answer is one write ending in a blank line.
      async send(call) {
        const answered = new Promise<string>((resolve) => output.once('data', (chunk: Buffer) => resolve(String(chunk))));
        input.write(`/${call.command} ${typed(call)}\n`);
        const text = await answered;
        return { text, visibility: undefined, overLimits: [], canPing: false };
      },
      async close() {
        input.end();
        await finished;
        await close();
      },
    };
  },
});
