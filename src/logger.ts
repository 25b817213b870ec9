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

/**
 * Interaction and webhook tokens ride in request URLs (Discord's /webhooks/<app>/<token>/…, Slack's
 * response_url), and a failed request's error carries its URL: each grants posting as the bot for
 * a while, so they are cut out of every logged error.
 */
const TOKEN_IN_URL = /(\/(?:webhooks|interactions)\/\d+\/|hooks\.slack\.com\/(?:commands|actions|services)\/[^/\s]+\/[^/\s]+\/)[^/?\s"']+/g;

function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(TOKEN_IN_URL, '$1[redacted]');
  if (depth > 3 || value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = Array.isArray(value) ? ([] as never) : {};
  for (const [key, inner] of Object.entries(value)) out[key] = scrub(inner, depth + 1);
  return out;
}

const serializers = { err: (error: Error) => scrub(pino.stdSerializers.err(error)) };

export interface LoggerOptions {
  readonly pretty?: boolean;
  /** Where JSON lines go instead of stderr (tests read them). */
  readonly destination?: pino.DestinationStream;
}

export function createLogger(level: string, options: LoggerOptions = {}): Logger {
  const usePretty = options.pretty ?? process.stderr.isTTY === true;
  const base = { level, serializers, redact: { paths: REDACT, censor: '[redacted]' } };
  if (options.destination) return pino(base, options.destination);
  if (usePretty) return pino(base, pretty({ destination: 2, sync: true, colorize: true, ignore: 'pid,hostname' }));
  // Asynchronous writes: a synchronous write(2) per line cost ~17 µs of every Slack command under
  // load (profiled). pino flushes what is buffered when the process exits, crash or not.
  return pino(base, pino.destination({ dest: 2, sync: false }));
}
