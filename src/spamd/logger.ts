import { openLogSink } from '../util/log-sink.js';

/** Where the daemon's log lines go; `info` and `warn` as spamd's logger has them. */
export interface DaemonLogger {
  info(message: string): void;
  warn(message: string): void;
  close(): void;
}

/**
 * spamd's `-s/--syslog` values: `stderr`, `null`, `file` (spamd.log), a path
 * (any value with characters outside [a-z0-9]), or a syslog facility
 * (util/log-sink.ts). Lines on stderr and in files read `[pid] level: message`.
 */
export function createLogger(target: string, tag = 'spamd'): DaemonLogger {
  const sink = openLogSink(target, { tag, defaultFile: 'spamd.log', stderrLine: (level, m) => `[${process.pid}] ${level}: ${m}` });
  return {
    info: (m) => sink.write('info', m),
    warn: (m) => sink.write('warn', m),
    close: () => sink.close(),
  };
}
