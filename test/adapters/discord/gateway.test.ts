// A dropped gateway connection: discord.js reconnects and resumes the session; we log it and keep
// answering.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatInput } from '../../fakes/discord-interactions';
import { type RunningBot, startBot } from './harness';

describe('Discord gateway faults', () => {
  let running: RunningBot;
  beforeAll(async () => {
    running = await startBot();
  });
  afterAll(() => running.close());

  it('resumes the session after the connection drops, logs it, and keeps answering', async () => {
    const { fake, logger } = running;
    const sessionId = fake.sessions.get(0)!.id;
    fake.dropGateway(0, 4000);
    const resume = await fake.waitForFrame((f) => f.op === 6, 10_000);
    expect(resume.d).toMatchObject({ session_id: sessionId, token: 'fake-token' });
    expect(fake.frames.filter((f) => f.op === 2)).toHaveLength(1); // resumed, not identified again
    await expect.poll(() => logger.lines.find((l) => l.msg === 'Discord gateway session resumed')).toBeTruthy();
    expect(logger.lines.some((l) => l.msg === 'Discord gateway connection dropped; reconnecting')).toBe(true);

    const answer = await fake.interact(chatInput('advisory')).callback;
    expect(answer.body.data.embeds[0].title).toBe('COVID-19 information');
  });
});
