import { afterEach, describe, expect, it } from 'vitest';
import { BOT_USER_ID } from '../../fakes/discord';
import { type RunningBot, startBot } from './harness';

describe('Discord login', () => {
  let running: RunningBot | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it('logs in through DISCORD_API_URL with the Guilds intent only', async () => {
    running = await startBot();
    const { fake, bot } = running;
    const gatewayCall = fake.requests.find((r) => r.path === '/gateway/bot');
    expect(gatewayCall?.headers.authorization).toBe('Bot fake-token');
    const identify = await fake.waitForFrame((f) => f.op === 2);
    expect(identify.d.intents).toBe(1); // GatewayIntentBits.Guilds, nothing privileged
    expect(bot.client.user?.id).toBe(BOT_USER_ID);
    expect(bot.isReady()).toBe(true); // what /readyz reports
  });

  it('rejects a bad token with a message that says what to fix', async () => {
    await expect(startBot({ fake: { token: 'the-real-one' }, settings: { token: 'wrong' } })).rejects.toThrow(/rejected the bot token \(401 Unauthorized\).*DISCORD_TOKEN/);
  });
});
