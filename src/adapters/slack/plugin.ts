// Slack as a plug-in (listed in src/adapters/index.ts): Bolt loads only when SLACK_BOT_TOKEN is set.
import { definePlatform } from '../platform';
import { readSlackSettings } from './settings';

export const slack = definePlatform({
  name: 'slack',
  readConfig: readSlackSettings,
  packages: /^@slack\//,
  limits: { postsPerSecond: 20 },
  async create({ settings, dispatcher, newsroom, opsRoutes }) {
    const { createSlackAdapter } = await import('./index');
    return createSlackAdapter({ config: settings, dispatcher, newsroom, ...(opsRoutes && { opsRoutes }) });
  },
});
