// Digest content: the window since the last digest, backlog skipped, newest first, count, notice.
import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/newsroom/digest';
import { MemoryStore } from '../../src/store/memory';
import { article, ManualClock, testNewsroom } from '../schedule/support';

const until = new Date('2024-03-11T08:00:00Z');

async function newsroomWith(articles: ReturnType<typeof article>[]) {
  const clock = new ManualClock(until);
  return testNewsroom(new MemoryStore(clock), clock, articles);
}

describe('digest content', () => {
  it('takes articles in (since, until], newest first, up to count, skipping backlog', async () => {
    const newsroom = await newsroomWith([
      article('2024-03-10T07:59:00Z', { title: 'Before the window' }),
      article('2024-03-10T09:00:00Z', { title: 'Nine' }),
      article('2024-03-10T23:00:00Z', { title: 'Eleven pm' }),
      article('2024-03-11T07:00:00Z', { title: 'Seven am' }),
      article('2024-03-11T06:00:00Z', { title: 'Backlog', backlog: true }),
      article('2024-03-11T08:01:00Z', { title: 'After until' }),
    ]);
    const first = await buildDigest(newsroom, { platform: 'slack', workspaceId: 'T1', until, count: 5 });
    expect(first.since.toISOString()).toBe('2024-03-10T08:00:00.000Z'); // a day back on the first digest
    expect(first.reply.items?.map((i) => i.title)).toEqual(['Seven am', 'Eleven pm', 'Nine']);
    const item = first.reply.items![0]!;
    expect(item.url).toMatch(/^https:\/\/news\.example/);
    expect(item.text).toMatch(/^The city council approved/); // the one-sentence summary
    expect(first.reply.notice).toBeUndefined();

    const later = await buildDigest(newsroom, { platform: 'slack', workspaceId: 'T1', since: new Date('2024-03-10T23:00:00Z'), until, count: 5 });
    expect(later.reply.items?.map((i) => i.title)).toEqual(['Seven am']);
    const two = await buildDigest(newsroom, { platform: 'slack', workspaceId: 'T1', until, count: 2 });
    expect(two.reply.items).toHaveLength(2);
  });

  it('puts a feed story fetched after its slot into the next digest, not into none', async () => {
    const newsroom = await newsroomWith([
      // Published 07:58, fetched 08:10: the 08:00 digest could not show it; the next one does.
      article('2024-03-11T07:58:00Z', { title: 'Late from the feed', receivedAt: new Date('2024-03-11T08:10:00Z') }),
      article('2024-03-11T07:00:00Z', { title: 'On time' }),
    ]);
    const eight = await buildDigest(newsroom, { platform: 'slack', workspaceId: 'T1', until, count: 5 });
    expect(eight.reply.items?.map((i) => i.title)).toEqual(['On time']);
    const next = await buildDigest(newsroom, { platform: 'slack', workspaceId: 'T1', since: until, until: new Date('2024-03-12T08:00:00Z'), count: 5 });
    expect(next.reply.items?.map((i) => i.title)).toEqual(['Late from the feed']);
  });

  it('adds the COVID-19 notice once, at the end, when an item may refer to it and the notice is on', async () => {
    const newsroom = await newsroomWith([article('2024-03-11T07:00:00Z', { covid: true }), article('2024-03-11T06:00:00Z', { covid: true }), article('2024-03-11T05:00:00Z')]);
    const on = await buildDigest(newsroom, { platform: 'slack', workspaceId: 'T1', until, count: 5 });
    expect(on.reply.notice?.url).toMatch(/cdc\.gov/);
    await newsroom.settings.setCovidNotice({ platform: 'slack', workspaceId: 'T1', channelId: 'C', user: { id: 'U', isModerator: true } }, false);
    const off = await buildDigest(newsroom, { platform: 'slack', workspaceId: 'T1', until, count: 5 });
    expect(off.reply.notice).toBeUndefined();
    const elsewhere = await buildDigest(newsroom, { platform: 'slack', workspaceId: 'T2', until, count: 5 });
    expect(elsewhere.reply.notice).toBeDefined();
  });

  it('says there is nothing new when the window is empty', async () => {
    const newsroom = await newsroomWith([article('2024-03-01T07:00:00Z')]);
    const digest = await buildDigest(newsroom, { platform: 'slack', workspaceId: 'T1', until, count: 5 });
    expect(digest.articles).toHaveLength(0);
    expect(digest.reply.text).toBe('No new articles since 10 Mar 2024.');
  });
});
