// The adapter contract (test/adapters/contract.ts) for Discord: interactions through the real
// discord.js client against the fake Discord, answers read from the callback Discord receives.
import { isDeepStrictEqual } from 'node:util';
import { commands } from '../../../commands';
import { DISCORD_LIMITS, embedLength } from '../../../src/adapters/discord/render';
import { discord } from '../../../src/adapters/discord/plugin';
import { chatInput, MANAGE_GUILD } from '../../fakes/discord-interactions';
import { allText } from '../slack/harness';
import { adapterContract } from '../contract';
import { startBot } from './harness';

const EPHEMERAL = 1 << 6;

type Embed = Parameters<typeof embedLength>[0] & { description?: string; fields?: unknown[] };

function overLimits(data: { content?: string; embeds?: Embed[] }): string[] {
  const over: string[] = [];
  if ((data.content?.length ?? 0) > DISCORD_LIMITS.content) over.push(`content of ${data.content!.length}`);
  for (const embed of data.embeds ?? []) {
    if (embedLength(embed) > DISCORD_LIMITS.total) over.push(`embed of ${embedLength(embed)}`);
    if ((embed.description?.length ?? 0) > DISCORD_LIMITS.description) over.push(`description of ${embed.description!.length}`);
    if ((embed.fields?.length ?? 0) > DISCORD_LIMITS.fields) over.push(`${embed.fields!.length} fields`);
  }
  return over;
}

adapterContract({
  name: 'discord',
  plugin: discord,
  async start(extra) {
    const running = await startBot({ commands: [...commands, ...extra] });
    return {
      async send(call, as) {
        const path = call.subcommand ? `${call.command} ${call.subcommand}` : call.command;
        const { callback } = running.fake.interact(chatInput(path, Object.fromEntries(call.options), as === 'moderator' ? { permissions: MANAGE_GUILD } : {}));
        const { body } = await callback;
        const data = body.data;
        return {
          text: allText({ content: data.content, embeds: data.embeds }).join('\n'),
          visibility: (data.flags ?? 0) & EPHEMERAL ? 'ephemeral' : 'public',
          overLimits: overLimits(data),
          // Discord pings only what allowed_mentions lets through; the bot lets nothing through.
          canPing: !isDeepStrictEqual(data.allowed_mentions, { parse: [] }),
        };
      },
      close: () => running.close(),
    };
  },
});
