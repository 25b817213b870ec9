// The adapter contract (test/adapters/contract.ts) for Slack: slash commands through the real Bolt
// app against the fake Slack, answers read from the HTTP response Slack would show.
import { slack } from '../../../src/adapters/slack/plugin';
import { adapterContract, typed } from '../contract';
import { allText, PING, startHarness } from './harness';

/** Block Kit's limits: 50 blocks, 3000 characters of section text, 150 of a header. */
function overLimits(json: Record<string, unknown>): string[] {
  const blocks = (json.blocks ?? []) as Array<{ type: string; text?: { text: string } }>;
  const over: string[] = [];
  if (blocks.length > 50) over.push(`${blocks.length} blocks`);
  for (const block of blocks) {
    const length = block.text?.text.length ?? 0;
    if (block.type === 'header' && length > 150) over.push(`header of ${length}`);
    if (block.type === 'section' && length > 3000) over.push(`section of ${length}`);
  }
  return over;
}

adapterContract({
  name: 'slack',
  plugin: slack,
  async start(extra) {
    const h = await startHarness({ extraCommands: extra, moderatorIds: ['U0LISTED'] });
    h.slack.users.set('U0READER', { id: 'U0READER' });
    return {
      async send(call, as) {
        const res = await h.send({ command: `/${call.command}`, text: typed(call), user_id: as === 'moderator' ? 'U0LISTED' : 'U0READER' });
        const json = res.json ?? {};
        const text = allText(json).join('\n');
        return { text, visibility: json.response_type === 'ephemeral' ? 'ephemeral' : 'public', overLimits: overLimits(json), canPing: PING.test(text) };
      },
      close: () => h.close(),
    };
  },
});
