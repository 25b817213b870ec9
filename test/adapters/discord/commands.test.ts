// Every command as Discord delivers it (INTERACTION_CREATE on the gateway) to the callback body the
// real discord.js client sends back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../../commands';
import { DISCORD_LIMITS, embedLength } from '../../../src/adapters/discord/render';
import { CHANNEL_TYPES } from '../../fakes/discord';
import { chatInput, directMessage, MANAGE_GUILD } from '../../fakes/discord-interactions';
import { type RunningBot, startBot } from './harness';

const EPHEMERAL = 1 << 6;

describe('Discord commands end to end', () => {
  let running: RunningBot;
  beforeAll(async () => {
    running = await startBot();
  });
  afterAll(() => running.close());

  async function ask(name: string, values: Record<string, string | number> = {}, who: Parameters<typeof chatInput>[2] = {}) {
    const { callback } = running.fake.interact(chatInput(name, values, who));
    const request = await callback;
    expect(request.body.type).toBe(4); // CHANNEL_MESSAGE_WITH_SOURCE: answered at once, no deferral
    expect(request.body.data.allowed_mentions).toEqual({ parse: [] });
    for (const embed of request.body.data.embeds ?? []) {
      expect(embedLength(embed)).toBeLessThanOrEqual(DISCORD_LIMITS.total);
      expect(embed.description?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.description);
    }
    return request.body.data;
  }

  it('/feeds add thread:yes typed in a thread of a text channel is refused before anything is followed: the adapter asked Discord what the channel is', async () => {
    const { fake } = running;
    const thread = fake.addChannel(CHANNEL_TYPES.publicThread, { parent: fake.addChannel(CHANNEL_TYPES.text) });
    const data = await ask('feeds add', { url: 'https://feeds.example.com/world.xml', mode: 'live', thread: 'yes' }, { channelId: thread, channelType: CHANNEL_TYPES.publicThread, permissions: MANAGE_GUILD });
    expect(data.flags).toBe(EPHEMERAL);
    expect(data.content).toMatch(/^thread: yes cannot open threads from here: run it in a text or announcement channel, or in a post of the forum/);
    const parent = fake.channels.get(thread)!.parent_id;
    expect(fake.requests.filter((r) => r.method === 'GET').map((r) => r.path)).toEqual(expect.arrayContaining([`/channels/${thread}`, `/channels/${parent}`]));
  });

  it('/summary answers publicly with an embed: title, url, description, footer, the COVID-19 field', async () => {
    const data = await ask('summary', { article: 'kim-jong-un-arrives-in-russia', length: 'short' });
    expect(data.flags ?? 0).toBe(0);
    const [embed] = data.embeds;
    expect(embed.title).toBe('North Korea’s Kim Jong Un arrives in Russia for possible arms talks with Putin');
    expect(embed.description).toMatch(/^Kim Jong Un has arrived in Russia/);
    expect(embed.footer.text).toBe('12 Sept 2023');
    expect(embed.fields.at(-1)).toEqual({
      name: 'COVID-19',
      value: expect.stringContaining('[CDC - Centers for Disease Control and Prevention](https://www.cdc.gov/covid/index.html)'),
    });
  });

  it('/summary with an unknown article says so, privately', async () => {
    const data = await ask('summary', { article: 'zzzz qqqq' });
    expect(data.flags).toBe(EPHEMERAL);
    expect(data.content).toMatch(/No article matches “zzzz qqqq”/);
    expect(data.embeds).toEqual([]);
  });

  it('/quote lists quotes with their speakers as block quotes', async () => {
    const data = await ask('quote', { article: 'kim' });
    const [embed] = data.embeds;
    expect(embed.title).toMatch(/^Quotes: North Korea/);
    const lines: string[] = embed.description.split('\n');
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(line).toMatch(/^> “.+” — \*\*.+\*\*$/);
    expect(lines).toContainEqual(expect.stringContaining('“pay a price”'));
  });

  it('/news lists articles as fields, within 25 fields', async () => {
    const data = await ask('news', { count: 3 });
    const [embed] = data.embeds;
    expect(embed.title).toBe('Latest news');
    expect(embed.fields[0].name).toMatch(/^North Korea’s Kim Jong Un/);
    expect(embed.fields[0].value).toMatch(/^12 Sept 2023\n/);
    expect(embed.fields.length).toBeLessThanOrEqual(DISCORD_LIMITS.fields);
  });

  it('/search finds the article; a miss is a private hint', async () => {
    const hit = await ask('search', { query: 'Putin train' });
    expect(hit.embeds[0].title).toBe('Search: Putin train');
    expect(hit.embeds[0].fields[0].value).toContain('kim-jong-un-arrives-in-russia');
    const miss = await ask('search', { query: 'volcano' });
    expect(miss.flags).toBe(EPHEMERAL);
    expect(miss.content).toMatch(/No articles mention “volcano”/);
  });

  it('/advisory links the CDC', async () => {
    const data = await ask('advisory');
    expect(data.embeds[0]).toMatchObject({ title: 'COVID-19 information', url: 'https://www.cdc.gov/covid/index.html' });
  });

  it('/help is private and lists every command', async () => {
    const data = await ask('help');
    expect(data.flags).toBe(EPHEMERAL);
    expect(data.embeds[0].fields.map((f: { name: string }) => f.name.split(' ')[0])).toEqual(commands.map((c) => `/${c.definition.name}`));
  });

  it('/covid-notice: a member is refused, a Manage Server member switches it off, and answers change', async () => {
    const refused = await ask('covid-notice', { state: 'off' });
    expect(refused.flags).toBe(EPHEMERAL);
    expect(refused.content).toBe('Only moderators can use /covid-notice. Nothing was changed.');

    const done = await ask('covid-notice', { state: 'off' }, { permissions: MANAGE_GUILD });
    expect(done.flags).toBe(EPHEMERAL);
    expect(done.content).toMatch(/^Done\. The COVID-19 notice is off here; set by A Reader/);
    const summary = await ask('summary', { article: 'kim' });
    expect(summary.embeds[0].fields ?? []).not.toContainEqual(expect.objectContaining({ name: 'COVID-19' }));

    await ask('covid-notice', { state: 'on' }, { permissions: MANAGE_GUILD });
    const again = await ask('summary', { article: 'kim' });
    expect(again.embeds[0].fields).toContainEqual(expect.objectContaining({ name: 'COVID-19' }));
  });

  it('/digest subscribe arrives as a subcommand with its own options; only moderators subscribe', async () => {
    const refused = await ask('digest subscribe', { time: '07:30' });
    expect(refused).toMatchObject({ flags: EPHEMERAL, content: 'Only moderators can use /digest subscribe. Nothing was changed.' });

    const done = await ask('digest subscribe', { time: '07:30', timezone: 'Europe/Berlin', count: 3 }, { permissions: MANAGE_GUILD });
    expect(done.flags).toBe(EPHEMERAL);
    expect(done.embeds[0].title).toBe('Digest scheduled for this channel');
    expect(done.embeds[0].fields[0]).toEqual({ name: 'Schedule', value: expect.stringContaining('07:30 every day (Europe/Berlin), up to 3 articles') });

    const status = await ask('digest status');
    expect(status.embeds[0].fields[0].value).toContain('07:30 every day (Europe/Berlin)');
    const gone = await ask('digest unsubscribe', {}, { permissions: MANAGE_GUILD });
    expect(gone.content).toBe('Done: this channel gets no more digests.');
  });

  it('/feeds add reaches the command as its add action; an unknown subcommand is told the choices; the old flat shape still works', async () => {
    const add = await ask('feeds add', {}, { permissions: MANAGE_GUILD });
    expect(add.content).toBe('Which feed? Usage: /feeds add <url>');
    const unknown = await ask('digest archive');
    expect(unknown.content).toMatch(/^Which one: subscribe, unsubscribe, status, preview\? Usage: \/digest subscribe/);
    // Commands registered before subcommands send the action as a plain option; until the next
    // `discord:deploy` those still work.
    const flat = await ask('digest', { action: 'status' });
    expect(flat.content).toBe('This channel has no digest. A moderator can start one with /digest subscribe.');
  });

  it('an unknown command gets a private pointer to /help', async () => {
    const data = await ask('horoscope');
    expect(data.flags).toBe(EPHEMERAL);
    expect(data.content).toBe("I don't know /horoscope. Type /help to see what I can do.");
  });

  it('answers in a DM with the bot, where no one moderates', async () => {
    const interaction = directMessage('covid-notice', { state: 'off' });
    const request = await running.fake.interact(interaction).callback;
    expect(request.body.data).toMatchObject({ flags: EPHEMERAL, content: 'Only moderators can use /covid-notice. Nothing was changed.', allowed_mentions: { parse: [] } });
    const summary = await running.fake.interact(directMessage('summary', { article: 'kim' })).callback;
    expect(summary.body.data.embeds[0].title).toMatch(/^North Korea’s Kim Jong Un/);
  });

  it('a 10 kB argument gets a clear answer and the bot keeps serving', async () => {
    const data = await ask('search', { query: 'x'.repeat(10_000) });
    expect(data.flags).toBe(EPHEMERAL);
    expect(data.content).toMatch(/too long/);
    expect((await ask('advisory')).embeds).toHaveLength(1);
  });
});
