// Bolt and the Web API client log through their own interface; this hands their lines to our pino
// logger, so there is one log stream with one format and the same redaction.
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../core/context';

export function boltLogger(logger: Logger, level: LogLevel = LogLevel.INFO): BoltLogger {
  let current = level;
  const line = (parts: unknown[]) => parts.map((p) => (p instanceof Error ? p.message : String(p))).join(' ');
  return {
    // Bolt logs several debug lines per request; below DEBUG they are dropped before any formatting.
    debug: (...msg) => {
      if (current === LogLevel.DEBUG) logger.debug(line(msg));
    },
    info: (...msg) => logger.info(line(msg)),
    warn: (...msg) => logger.warn(line(msg)),
    error: (...msg) => logger.error(line(msg)),
    setLevel: (l) => {
      current = l;
    },
    getLevel: () => current,
    setName: () => undefined,
  };
}
