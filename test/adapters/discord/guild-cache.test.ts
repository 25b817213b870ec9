// As on real Discord: READY lists the bot's guilds as unavailable, then a GUILD_CREATE each. With
// the guild cached, discord.js hands the adapter a GuildMember instead of raw member data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUILD_ID } from '../../fakes/discord';
import { chatInput } from '../../fakes/discord-interactions';
import { type RunningBot, startBot } from './harness';

describe('Discord with the guild cached', () => {
  let running: RunningBot;
  beforeAll(async () => {
    running = await startBot({
      fake: { guilds: [{ id: GUILD_ID, roles: [{ id: '777', name: 'Desk editors' }, { id: '778', name: 'Readers' }] }] },
      settings: { moderatorRoleIds: ['777'] },
    });
  });
  afterAll(() => running.close());

  it('waits for GUILD_CREATE before ready and caches the guild', () => {
    const guild = running.bot.client.guilds.cache.get(GUILD_ID);
    expect(guild?.roles.cache.get('777')?.name).toBe('Desk editors');
  });

  it('a configured moderator role moderates; another role does not', async () => {
    const refused = await running.fake.interact(chatInput('covid-notice', { state: 'off' }, { roles: ['778'] })).callback;
    expect(refused.body.data.content).toBe('Only moderators can use /covid-notice. Nothing was changed.');
    const done = await running.fake.interact(chatInput('covid-notice', { state: 'off' }, { roles: ['777'] })).callback;
    expect(done.body.data.content).toMatch(/^Done\. The COVID-19 notice is off here; set by A Reader/);
    expect(running.bot.client.guilds.cache.get(GUILD_ID)?.members.cache.has('1000000000000000100')).toBe(true);
  });
});
