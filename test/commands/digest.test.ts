// /digest through the real Dispatcher: moderators change things, everyone else may look.
import { describe, expect, it } from 'vitest';
import digest, { sortLooseWords } from '../../commands/digest';
import type { Invocation } from '../../src/core/context';
import { Dispatcher } from '../../src/core/dispatcher';
import { PermanentDeliveryError } from '../../src/core/errors';
import { DigestDesk } from '../../src/schedule/desk';
import { DigestScheduler } from '../../src/schedule/digests';
import { MemoryStore } from '../../src/store/memory';
import { article, ManualClock, RecordingPoster, testNewsroom } from '../schedule/support';

const who = (isModerator: boolean, channelId = 'C1'): Invocation => ({
  platform: 'slack',
  workspaceId: 'T1',
  channelId,
  user: { id: isModerator ? 'U-mod' : 'U-reader', name: isModerator ? 'Mo' : 'Reader', isModerator },
});

async function setup() {
  const clock = new ManualClock('2024-03-10T10:00:00Z'); // a Sunday, 06:00 in New York
  const store = new MemoryStore(clock);
  const base = await testNewsroom(store, clock, [article('2024-03-10T09:00:00Z', { title: 'Flu season ends', covid: true })]);
  const newsroom = { ...base, digests: new DigestDesk(base, { defaultTimezone: 'UTC', catchupMs: 6 * 3_600_000 }) };
  return { clock, store, newsroom, dispatcher: new Dispatcher(newsroom, [digest]) };
}

const text = (reply: { text?: string; fields?: readonly { name: string; value: string }[] }) =>
  [reply.text ?? '', ...(reply.fields ?? []).map((f) => `${f.name}: ${f.value}`)].join('\n');

describe('/digest', () => {
  it('a moderator subscribes with time, zone, days and count; status shows the next run in that zone', async () => {
    const { dispatcher } = await setup();
    const reply = await dispatcher.dispatch(who(true), 'digest', 'subscribe 07:30 America/New_York mon-fri 3');
    expect(reply.outcome).toBe('ok');
    expect(reply.visibility).toBe('ephemeral');
    expect(text(reply)).toContain('07:30 mon-fri (America/New_York), up to 3 articles');
    // Sunday now; the next weekday 07:30 in New York is Monday (EDT since this morning).
    expect(text(reply)).toContain('Next digest: 2024-03-11 07:30 America/New_York');
    const status = await dispatcher.dispatch(who(false), 'digest', 'status');
    expect(text(status)).toContain('Last digest: none yet');
  });

  it('named options and a cron expression work too; the default is 08:00 in DIGEST_TIMEZONE', async () => {
    const { dispatcher } = await setup();
    expect(text(await dispatcher.dispatch(who(true), 'digest', 'subscribe'))).toContain('08:00 every day (UTC), up to 5 articles');
    const cron = await dispatcher.dispatch(who(true), 'digest', { action: 'subscribe', time: '15 6 * * 1,3,5', timezone: 'europe/berlin' });
    expect(text(cron)).toContain('cron “15 6 * * 1,3,5” (Europe/Berlin)');
    expect(text(cron)).toContain('Next digest: 2024-03-11 06:15 Europe/Berlin');
  });

  it('bad time, zone, days or cron get a clear answer and change nothing', async () => {
    const { dispatcher, newsroom } = await setup();
    const cases: Array<[string, RegExp]> = [
      ['subscribe time:25:00', /not a time of day/],
      ['subscribe timezone:Mars/Olympus', /not a time zone I know/],
      ['subscribe days:funday', /not a day/],
      ['subscribe time:"0 25 * * *"', /cron expression does not work: hour/],
      ['subscribe time:"* * * * *"', /more than once an hour/],
      ['subscribe count:50', /between 1 and 10/],
    ];
    for (const [args, message] of cases) {
      const reply = await dispatcher.dispatch(who(true), 'digest', args);
      expect(reply.outcome, args).toBe('refused');
      expect(reply.text, args).toMatch(message);
    }
    expect(await newsroom.digests.subscription(who(true))).toBeUndefined();
  });

  it('only moderators subscribe or unsubscribe; anyone may see status and a preview', async () => {
    const { dispatcher, newsroom } = await setup();
    for (const action of ['subscribe', 'unsubscribe']) {
      const reply = await dispatcher.dispatch(who(false), 'digest', action);
      expect(reply.outcome).toBe('refused');
      expect(reply.text).toMatch(/Only moderators/);
    }
    expect(await newsroom.digests.subscription(who(false))).toBeUndefined();
    const preview = await dispatcher.dispatch(who(false), 'digest', 'preview');
    expect(preview.visibility).toBe('ephemeral');
    expect(preview.items?.map((i) => i.title)).toEqual(['Flu season ends']);
    expect(preview.notice?.url).toMatch(/cdc\.gov/);
    expect((await dispatcher.dispatch(who(true), 'digest', 'unsubscribe')).text).toMatch(/had no digest/);
  });

  it('status reports the last delivery, a disabled channel, and unsubscribe stops it', async () => {
    const { dispatcher, newsroom, clock } = await setup();
    await dispatcher.dispatch(who(true), 'digest', 'subscribe time:10:30 empty:post');
    await dispatcher.dispatch(who(true, 'C2'), 'digest', 'subscribe time:10:30');
    clock.set('2024-03-10T10:30:00Z');
    const poster = new RecordingPoster((channel) => (channel === 'C2' ? new PermanentDeliveryError('not_in_channel') : undefined));
    await new DigestScheduler({ newsroom, posters: { slack: poster }, catchupMs: 6 * 3_600_000, sleep: async (ms: number) => clock.advance(ms) }).tick();
    expect(text(await dispatcher.dispatch(who(false), 'digest', 'status'))).toContain('Last digest: 2024-03-10 10:30 UTC (1 article)');
    const c2 = text(await dispatcher.dispatch(who(false, 'C2'), 'digest', 'status'));
    expect(c2).toContain('Next digest: none: disabled');
    expect(c2).toMatch(/Disabled: since 2024-03-10 10:30 UTC: not_in_channel/);
    expect((await dispatcher.dispatch(who(true), 'digest', 'unsubscribe')).text).toMatch(/no more digests/);
    expect((await dispatcher.dispatch(who(false), 'digest', 'status')).text).toMatch(/no digest/);
  });

  it('sorts loose words by shape', () => {
    expect(sortLooseWords({ time: '7:30am Europe/Berlin sat-sun 4' })).toEqual({ time: '7:30am', timezone: 'Europe/Berlin', days: 'sat-sun', count: 4 });
    expect(sortLooseWords({ time: '0 8 * * 1-5' })).toEqual({ time: '0 8 * * 1-5' });
  });
});
