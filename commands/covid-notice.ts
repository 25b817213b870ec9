import { defineCommand } from './context';
import type { CovidNoticeSetting } from '../src/newsroom/settings';

function describe(setting: CovidNoticeSetting): string {
  const state = setting.enabled ? 'on' : 'off';
  if (!setting.changedAt) return `The COVID-19 notice is ${state} here (the default).`;
  const who = setting.changedBy?.name ?? setting.changedBy?.id ?? 'someone';
  return `The COVID-19 notice is ${state} here; set by ${who} at ${setting.changedAt.replace('T', ' ').slice(0, 16)} UTC.`;
}

export default defineCommand(
  {
    name: 'covid-notice',
    description: 'Turn the COVID-19 notice on answers on or off for this server or workspace',
    moderatorOnly: true,
    stores: 'Settings',
    options: [
      { name: 'state', description: 'on, off, or status', type: 'string', required: true, choices: ['on', 'off', 'status'] },
    ],
  },
  async (ctx, { state }) => {
    const { platform, workspaceId } = ctx.invocation;
    if (state === 'status') {
      const current = await ctx.settings.covidNotice(platform, workspaceId, { fresh: true });
      const note = current.unavailable ? ' (settings are unreachable right now, so the default applies)' : '';
      return { text: describe(current) + note, visibility: 'ephemeral' };
    }
    const saved = await ctx.settings.setCovidNotice(ctx.invocation, state === 'on');
    if (saved.unconfirmed) {
      // The write left but its answer never came: it may be saved. Never "failed", never "done".
      return {
        text: `Settings are temporarily unavailable: turning the COVID-19 notice ${state} may or may not have been saved. Check with /covid-notice status in a minute, and repeat the change if it is not there.`,
        visibility: 'ephemeral',
        outcome: 'refused',
      };
    }
    return { text: `Done. ${describe(saved)}`, visibility: 'ephemeral' };
  },
);
