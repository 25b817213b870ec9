// The log never carries a secret, wherever this code puts one in a log object.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: createLogger('info', { destination }) };
}

describe('createLogger', () => {
  it('writes one JSON line per call, at the level asked for', () => {
    const { lines, logger } = capture();
    logger.debug({ hidden: true }, 'not at info');
    logger.info({ platform: 'slack', command: 'summary', latencyMs: 1.2 }, 'command handled');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 30, platform: 'slack', command: 'summary', msg: 'command handled' });
  });

  it('redacts tokens, secrets and authorization headers in config, requests and errors', () => {
    const { lines, logger } = capture();
    const secrets = ['xoxb-secret-1', 'xapp-secret-2', 'signing-secret-3', 'Bearer discord-4', 'Bot discord-5', 'pg-password-6'];
    logger.info({ config: { botToken: secrets[0], appToken: secrets[1], signingSecret: secrets[2] } }, 'config');
    logger.warn({ headers: { authorization: secrets[3] } }, 'request refused');
    logger.error({ err: { message: 'boom', request: { headers: { Authorization: secrets[4] } } } }, 'request failed');
    logger.error({ options: { password: secrets[5] }, token: secrets[0] }, 'store down');
    const text = JSON.stringify(lines);
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({ config: { botToken: '[redacted]', appToken: '[redacted]', signingSecret: '[redacted]' } });
    expect(lines[2]).toMatchObject({ err: { message: 'boom', request: { headers: { Authorization: '[redacted]' } } } });
  });

  it('cuts interaction and webhook tokens out of the URLs that failed requests carry', () => {
    const { lines, logger } = capture();
    const discord = Object.assign(new Error('Unknown interaction'), {
      url: 'https://discord.com/api/v10/webhooks/1100000000000000000/aW50ZXJhY3Rpb24tdG9rZW4/messages/@original',
      status: 404,
    });
    const callback = Object.assign(new Error('Service Unavailable'), { url: 'https://discord.com/api/v10/interactions/1200000000000000000/c2VjcmV0LXRva2Vu/callback' });
    const slack = new Error('request to https://hooks.slack.com/commands/T0NEWS/123456789/s3cr3tS1gn3d failed');
    logger.warn({ err: discord }, 'could not answer a Discord interaction');
    logger.warn({ err: callback }, 'could not answer a Discord interaction');
    logger.warn({ err: slack }, 'could not deliver a slow answer');
    const text = JSON.stringify(lines);
    for (const token of ['aW50ZXJhY3Rpb24tdG9rZW4', 'c2VjcmV0LXRva2Vu', 's3cr3tS1gn3d']) expect(text).not.toContain(token);
    expect(lines[0]).toMatchObject({ err: { message: 'Unknown interaction', status: 404, url: 'https://discord.com/api/v10/webhooks/1100000000000000000/[redacted]/messages/@original' } });
    expect(lines[1]!.err).toMatchObject({ url: 'https://discord.com/api/v10/interactions/1200000000000000000/[redacted]/callback' });
  });
});
