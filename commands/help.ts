import { usage } from '../src/core/arguments';
import { defineCommand } from '../src/core/command';
import { UserError } from '../src/core/errors';
import type { Reply } from '../src/core/reply';

// The list depends only on the command set; built once per set and shared, frozen, so the adapters
// render it once too.
const lists = new WeakMap<object, Reply>();

export default defineCommand(
  {
    name: 'help',
    description: 'What the bot can do',
    options: [{ name: 'command', description: 'A command to explain', type: 'string' }],
  },
  (ctx, { command }) => {
    if (command) {
      const name = command.replace(/^\//, '').toLowerCase();
      const found = ctx.commands.find((c) => c.definition.name === name);
      if (!found) throw new UserError(`There is no /${name.slice(0, 40)}. Type /help for the list.`);
      const d = found.definition;
      return {
        title: `/${d.name}`,
        text: [d.description + (d.moderatorOnly ? ' (moderators only)' : ''), `Usage: ${usage(d)}`, d.help].filter(Boolean).join('\n'),
        fields: d.options.map((o) => ({ name: o.name, value: `${o.description}${o.required ? ' (required)' : ''}` })),
        visibility: 'ephemeral',
      };
    }
    const known = lists.get(ctx.commands);
    if (known) return known;
    const list: Reply = Object.freeze({
      title: 'Newsroom bot',
      text: 'Articles, summaries and quotes from the newsroom. Options can also be given by name, e.g. /summary article:kim length:long.',
      fields: ctx.commands.map(({ definition: d }) => ({
        name: usage(d),
        value: d.description + (d.moderatorOnly ? ' (moderators only)' : ''),
      })),
      visibility: 'ephemeral',
    } as const);
    lists.set(ctx.commands, list);
    return list;
  },
);
