import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmbiguousPostError, PermanentDeliveryError, RateLimitError } from '../../../src/core/errors';
import type { Reply } from '../../../src/core/reply';
import { allText, type Harness, PING, startHarness } from './harness';

const digest: Reply = {
  title: 'Morning digest',
  items: [
    { title: 'Riverton schools reopen <!channel>', url: 'https://news.example.org/a', meta: 'Mar 4', text: 'Classes resume.' },
    { title: 'Harbor Brewing & lagers', url: 'https://news.example.org/b' },
  ],
  notice: { text: 'Some of these articles mention COVID-19.', url: 'https://www.cdc.gov/covid/index.html', linkText: 'CDC' },
  visibility: 'public',
};

describe('Slack outbound port (scheduled posts through chat.postMessage)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('posts a digest as Block Kit with mentions and unfurls off, after sitting out one 429', async () => {
    h.slack.script.set('chat.postMessage', [{ status: 429, retryAfter: 1 }]);
    const before = h.slack.callsTo('chat.postMessage').length;
    const started = Date.now();
    await h.adapter.outbound.post('C0DIGEST', digest);
    const calls = h.slack.callsTo('chat.postMessage').slice(before);
    expect(calls).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    const posted = calls[1]!.args;
    expect(posted.channel).toBe('C0DIGEST');
    expect(calls[1]!.authorization).toBe('Bearer xoxb-test-token');
    expect(posted).toMatchObject({ unfurl_links: 'false', link_names: 'false', parse: 'none' });
    const blocks = posted.blocks as Array<{ type: string }>;
    expect(blocks[0]).toMatchObject({ type: 'header' });
    expect(blocks.at(-1)).toMatchObject({ type: 'context' });
    for (const t of allText(posted)) expect(t).not.toMatch(PING);
    expect(String(posted.text)).toContain('Harbor Brewing &amp; lagers');
  });

  it('gives up with RateLimitError when Slack keeps asking to wait, or asks too long', async () => {
    h.slack.script.set('chat.postMessage', [{ status: 429, retryAfter: 120 }]);
    const error = await h.adapter.outbound.post('C0DIGEST', digest).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(120_000);
  });

  it('maps a channel that can never take the post to PermanentDeliveryError', async () => {
    for (const slackError of ['channel_not_found', 'not_in_channel', 'is_archived']) {
      h.slack.script.set('chat.postMessage', [{ error: slackError }]);
      const error = await h.adapter.outbound.post('C0GONE', digest).catch((e: unknown) => e);
      expect(error, slackError).toBeInstanceOf(PermanentDeliveryError);
      expect(String((error as Error).message)).toContain(slackError);
    }
  });

  it('a 500 is ambiguous (the message may be there): one request, no retry inside the client', async () => {
    h.slack.script.set('chat.postMessage', [{ status: 500 }, { status: 500 }, { status: 500 }]);
    const before = h.slack.callsTo('chat.postMessage').length;
    const error = await h.adapter.outbound.post('C0DIGEST', digest).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmbiguousPostError);
    expect(h.slack.callsTo('chat.postMessage').length - before).toBe(1);
    h.slack.script.delete('chat.postMessage');
    await h.adapter.outbound.post('C0DIGEST', digest);
  });

  it('marks a post with metadata, and find() sees it in the history since the claim', async () => {
    const mark = { kind: 'digest', id: 'n-1', slot: '2024-03-10T08:00:00.000Z', since: new Date(Date.now() - 60_000) } as const;
    expect(await h.adapter.outbound.find('C0MARK', mark)).toBe(false);
    await h.adapter.outbound.post('C0MARK', digest, { mark });
    expect(h.slack.callsTo('chat.postMessage').at(-1)!.args.metadata).toEqual({ event_type: 'newsroom_digest', event_payload: { post: 'n-1', slot: mark.slot, channel: 'C0MARK' } });
    expect(await h.adapter.outbound.find('C0MARK', mark)).toBe(true);
    // Another post (another id), or the same id as another kind of post, is not this one.
    expect(await h.adapter.outbound.find('C0MARK', { ...mark, id: 'n-2' })).toBe(false);
    expect(await h.adapter.outbound.find('C0MARK', { ...mark, kind: 'alert' })).toBe(false);
    h.slack.script.set('conversations.history', [{ error: 'missing_scope' }]);
    expect(await h.adapter.outbound.find('C0MARK', mark)).toBeUndefined();
  });
});
