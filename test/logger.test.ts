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
});
