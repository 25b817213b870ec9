import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODERATOR_CACHE_MS, SlackModerators } from '../../../src/adapters/slack/moderators';
import { FakeSlack } from '../../fakes/slack';
import { silentLogger, TestClock } from '../../support/newsroom';

describe('Slack moderators: admins, owners and listed ids, remembered for a few minutes', () => {
  let slack: FakeSlack;
  let client: webApi.WebClient;
  beforeAll(async () => {
    slack = await new FakeSlack().start();
    slack.users.set('U0ADMIN', { id: 'U0ADMIN', is_admin: true });
    slack.users.set('U0READER', { id: 'U0READER' });
    client = new webApi.WebClient('xoxb-test', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
  });
  afterAll(() => slack.stop());

  it('asks users.info once per user, then again after the cache time', async () => {
    const clock = new TestClock();
    const moderators = new SlackModerators({ client, moderatorIds: ['U0LISTED'], clock, logger: silentLogger });
    const lookups = () => slack.callsTo('users.info').filter((c) => c.args.user === 'U0ADMIN').length;
    const before = lookups();
    expect(await moderators.isModerator('T1', 'U0ADMIN')).toBe(true);
    expect(await moderators.isModerator('T1', 'U0ADMIN')).toBe(true);
    expect(moderators.isKnownModerator('T1', 'U0ADMIN')).toBe(true);
    expect(lookups() - before).toBe(1);
    clock.advance(MODERATOR_CACHE_MS + 1);
    expect(moderators.isKnownModerator('T1', 'U0ADMIN')).toBe(false);
    expect(await moderators.isModerator('T1', 'U0ADMIN')).toBe(true);
    expect(lookups() - before).toBe(2);
  });

  it('never looks up listed ids, and counts plain members and unknown users out', async () => {
    const moderators = new SlackModerators({ client, moderatorIds: ['U0LISTED'], clock: new TestClock(), logger: silentLogger });
    expect(await moderators.isModerator('T1', 'U0LISTED')).toBe(true);
    expect(slack.callsTo('users.info').some((c) => c.args.user === 'U0LISTED')).toBe(false);
    expect(await moderators.isModerator('T1', 'U0READER')).toBe(false);
    expect(await moderators.isModerator('T1', 'U0NOBODY')).toBe(false);
  });

  it('does not remember a failed lookup', async () => {
    const moderators = new SlackModerators({ client, moderatorIds: [], clock: new TestClock(), logger: silentLogger });
    slack.script.set('users.info', [{ status: 500 }]);
    expect(await moderators.isModerator('T1', 'U0ADMIN')).toBe(false);
    expect(await moderators.isModerator('T1', 'U0ADMIN')).toBe(true);
  });
});
