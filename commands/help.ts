import { usage } from '../src/core/arguments';
import { described, type OptionDef } from '../src/core/command';
import { defineCommand } from './context';
import { UserError } from '../src/core/errors';

const explained = (o: OptionDef) => `${o.description}${o.required ? ' (required)' : ''}`;

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
      // A command with subcommands gets a field for each, with its usage and its own options.
      return {
        title: `/${d.name}`,
        text: [described(d), !d.subcommands && `Usage: ${usage(d)}`, d.help].filter(Boolean).join('\n'),
        fields: d.subcommands
          ? d.subcommands.map((s) => ({ name: usage(d, s), value: [described(s), ...(s.options ?? []).map((o) => `  ${o.name}: ${explained(o)}`)].join('\n') }))
          : d.options.map((o) => ({ name: o.name, value: explained(o) })),
        visibility: 'ephemeral',
      };
    }
    return {
      title: 'Newsroom bot',
      text: 'Articles, summaries and quotes from the newsroom. Options can also be given by name, e.g. /summary article:kim length:long.',
      fields: ctx.commands.map(({ definition: d }) => ({
        name: usage(d),
        value: described(d),
      })),
      visibility: 'ephemeral',
    };
  },
);
