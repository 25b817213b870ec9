import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackSignature } from '../../fakes/slack-request';
import { allText, type Harness, PING, SECRET, startHarness } from './harness';

describe('Slack HTTP mode: signatures and request guards', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('verifies Slack’s published signing example', () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(slackSignature('8f742231b10e8888abcd99yyyzzz85a5', 1531420618, body)).toBe(
      'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    );
  });

  it('answers a correctly signed /summary in the ack body, in channel, as Block Kit', async () => {
    const res = await h.send({ command: '/summary', text: 'kim' });
    expect(res.status).toBe(200);
    expect(res.json?.response_type).toBe('in_channel');
    const blocks = res.json?.blocks as Array<{ type: string; text?: { text: string } }>;
    expect(blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text' } });
    expect(blocks[0]!.text!.text).toContain('Kim Jong Un arrives in Russia');
    expect(blocks.some((b) => b.type === 'section' && /Putin/.test(b.text?.text ?? ''))).toBe(true);
    expect(String(res.json?.text)).toContain('Kim Jong Un');
  });

  it('accepts the form type with a charset parameter, which Bolt alone answers 400', async () => {
    const res = await h.send({ command: '/summary', text: 'kim' }, { contentType: 'application/x-www-form-urlencoded; charset=utf-8' });
    expect(res.status).toBe(200);
    expect(res.json?.response_type).toBe('in_channel');
  });

  it('refuses a bad signature, a missing one, a stale timestamp and a future one with 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    const bad = await h.send({ command: '/summary' }, { signature: `v0=${'0'.repeat(64)}` });
    const missing = await h.send({ command: '/summary' }, { signature: null });
    const stale = await h.send({ command: '/summary' }, { timestamp: now - 6 * 60 });
    const future = await h.send({ command: '/summary' }, { timestamp: now + 6 * 60 });
    const wrongSecret = await h.send({ command: '/summary' }, { signature: slackSignature('not-the-secret', now, 'x') });
    expect([bad.status, missing.status, stale.status, future.status, wrongSecret.status]).toEqual([401, 401, 401, 401, 401]);
    for (const res of [bad, missing, stale, future]) expect(res.text).toBe('');
  });

  it('accepts a timestamp a little off our clock, within the five-minute window', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await h.send({ command: '/advisory' }, { timestamp: now + 60 })).status).toBe(200);
    expect((await h.send({ command: '/advisory' }, { timestamp: now - 240 })).status).toBe(200);
  });

  it('refuses a body over the size limit with 413 before reading it all, and keeps serving', async () => {
    const res = await h.send({ command: '/search', text: 'x'.repeat(100 * 1024) });
    expect(res.status).toBe(413);
    const next = await h.send({ command: '/advisory' });
    expect(next.status).toBe(200);
  });

  it('answers a 10 kB argument with a clear message instead of an error', async () => {
    const res = await h.send({ command: '/search', text: 'y'.repeat(10 * 1024) });
    expect(res.status).toBe(200);
    expect(res.json?.response_type).toBe('ephemeral');
    expect(String(res.json?.text)).toMatch(/too long/);
  });

  it('answers a missing argument with the usage, privately', async () => {
    const res = await h.send({ command: '/search', text: '   ' });
    expect(res.json?.response_type).toBe('ephemeral');
    expect(String(res.json?.text)).toMatch(/Missing query.*Usage: \/search &lt;query&gt;/);
  });

  it('answers only POST /slack/events (and GET /healthz)', async () => {
    const base = h.url.replace('/slack/events', '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/elsewhere`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(h.url)).status).toBe(405);
  });

  it('renders a mention-injection attempt harmless', async () => {
    const res = await h.send({ command: '/search', text: '<!channel> <!here> <@U0BOSS> @everyone &' });
    expect(res.status).toBe(200);
    const texts = allText(res.json);
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) expect(text).not.toMatch(PING);
    expect(texts.join(' ')).toContain('&lt;!channel&gt;');
    expect(texts.join(' ')).not.toMatch(/@everyone/);
  });

  it('signs nothing for the caller: a valid signature over another body is refused', async () => {
    const now = Math.floor(Date.now() / 1000);
    const res = await h.send({ command: '/summary' }, { timestamp: now, signature: slackSignature(SECRET, now, 'command=%2Fadvisory') });
    expect(res.status).toBe(401);
  });
});
