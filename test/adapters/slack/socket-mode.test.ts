import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineCommand } from '../../../commands/context';
import { FakeSlack } from '../../fakes/slack';
import { slashCommandBody } from '../../fakes/slack-request';
import { allText, type Harness, PING, startHarness } from './harness';

describe('Slack Socket Mode, through the real Bolt SocketModeReceiver', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ socketMode: true });
    await h.slack.waitFor(() => h.slack.socketConnections > 0);
  });
  afterAll(() => h.close());

  it('opens the connection with the app token through apps.connections.open', () => {
    const open = h.slack.callsTo('apps.connections.open');
    expect(open.length).toBeGreaterThan(0);
    expect(open[0]!.authorization).toBe('Bearer xapp-test-token');
    expect(h.adapter.mode).toBe('socket');
    expect(h.adapter.port).toBeUndefined();
    expect(h.adapter.isReady?.()).toBe(true);
  });

  it('acks a slash_commands envelope with the rendered reply as its payload', async () => {
    const ack = await h.slack.sendSlashCommand(slashCommandBody({ command: '/summary', text: 'kim' }), 'env-summary');
    expect(ack.envelope_id).toBe('env-summary');
    expect(ack.payload?.response_type).toBe('in_channel');
    const blocks = ack.payload?.blocks as Array<{ type: string; text?: { text: string } }>;
    expect(blocks[0]?.type).toBe('header');
    expect(blocks[0]?.text?.text).toContain('Kim Jong Un');
  });

  it('reconnects when Slack recycles the connection', async () => {
    const before = h.slack.socketConnections;
    h.slack.recycleSockets();
    await h.slack.waitFor(() => h.slack.socketConnections > before, 8000);
    const ack = await h.slack.sendSlashCommand(slashCommandBody({ command: '/advisory' }));
    expect(ack.payload?.response_type).toBe('in_channel');
  }, 10_000);

  it('serves the umbrella command and escapes mentions there too', async () => {
    const ack = await h.slack.sendSlashCommand(slashCommandBody({ command: '/newsroom', text: 'search <!channel>' }));
    expect(ack.payload?.response_type).toBe('ephemeral');
    for (const t of allText(ack.payload)) expect(t).not.toMatch(PING);
  });
});

describe('Slack Socket Mode, slow answers', () => {
  it('acks the envelope empty at once and answers through response_url', async () => {
    const slow = defineCommand({ name: 'slow', description: 'Takes its time (test only)', options: [] }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { text: 'Done at last.', visibility: 'ephemeral' as const };
    });
    const h = await startHarness({ socketMode: true, extraCommands: [slow], ackBudgetMs: 100 });
    try {
      await h.slack.waitFor(() => h.slack.socketConnections > 0);
      const ack = await h.slack.sendSlashCommand(slashCommandBody({ command: '/slow', response_url: h.slack.responseUrl('socket-slow') }));
      expect(ack.payload ?? {}).toEqual({});
      const delivered = await h.slack.waitFor(() => h.slack.responses.find((r) => r.id === 'socket-slow'));
      expect(delivered.body).toMatchObject({ response_type: 'ephemeral', text: 'Done at last.' });
    } finally {
      await h.close();
    }
  });
});

describe('Slack start-up when the Web API is unreachable', () => {
  it('keeps trying to open Socket Mode and connects once the API answers', async () => {
    const slack = await new FakeSlack().start();
    slack.down = true;
    const h = await startHarness({ socketMode: true, slack });
    try {
      expect(slack.socketConnections).toBe(0);
      slack.down = false;
      await slack.waitFor(() => slack.socketConnections > 0, 8000);
      const ack = await slack.sendSlashCommand(slashCommandBody({ command: '/advisory' }));
      expect(String(ack.payload?.text)).toContain('cdc.gov');
    } finally {
      await h.close();
      await slack.stop();
    }
  }, 15_000);

  it('serves HTTP commands while auth.test fails, and learns its identity later', async () => {
    const slack = await new FakeSlack().start();
    slack.down = true;
    const h = await startHarness({ slack });
    try {
      const res = await h.send({ command: '/advisory' });
      expect(res.status).toBe(200);
      expect(res.json?.response_type).toBe('in_channel');
      slack.down = false;
      await slack.waitFor(() => slack.callsTo('auth.test').length > 0, 8000);
    } finally {
      await h.close();
      await slack.stop();
    }
  }, 15_000);
});
