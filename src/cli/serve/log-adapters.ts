/** The front ends' own loggers, routed into the daemon's structured log. */
import type { Logger } from '../../../milter/logger.js';
import type { StructuredLog } from '../../daemon/structured-log.js';
import type { DaemonLogger } from '../../spamd/logger.js';

export function milterLogger(log: StructuredLog): Logger {
  const logger: Logger = { log: (level, message) => log.event(level, 'milter', { detail: message }) };
  if (log.enabled) logger.enabled = (level) => log.enabled?.(level) ?? true;
  return logger;
}

/** spamd logs every connection at info; here the message line says it all, so those go to debug. */
export function spamdLogger(log: StructuredLog): DaemonLogger {
  return {
    info: (m) => log.event('debug', 'spamd', { detail: m }),
    warn: (m) => log.event('warn', 'spamd', { detail: m }),
    close: () => {},
  };
}
