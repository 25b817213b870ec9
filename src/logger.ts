// Structured JSON logs (pino) on stderr, human-readable when stderr is a terminal. stdout belongs to
// the console shell and the CLI. Secrets are redacted wherever they might appear in a log object.
import pino from 'pino';
import pretty from 'pino-pretty';
import type { Logger } from './core/context';

const REDACT = [
  'token', '*.token', 'botToken', '*.botToken', 'appToken', '*.appToken', 'signingSecret', '*.signingSecret',
  'authorization', '*.authorization', 'headers.authorization', '*.headers.authorization', 'password', '*.password',
];

export function createLogger(level: string, options: { pretty?: boolean } = {}): Logger {
  const usePretty = options.pretty ?? process.stderr.isTTY === true;
  const base = { level, redact: { paths: REDACT, censor: '[redacted]' } };
  if (usePretty) return pino(base, pretty({ destination: 2, sync: true, colorize: true, ignore: 'pid,hostname' }));
  return pino(base, pino.destination({ dest: 2, sync: true }));
}
