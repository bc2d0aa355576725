import { openLogSink } from '../util/log-sink.js';
import { spamdLogLine, spamdSyslogText } from './log-lines.js';

/** Where the daemon's log lines go; `info` and `warn` as spamd's logger has them. */
export interface DaemonLogger {
  info(message: string): void;
  warn(message: string): void;
  close(): void;
}

/**
 * spamd's `-s/--syslog` values: `stderr`, `null`, `file` (spamd.log), a path
 * (any value with characters outside [a-z0-9]), or a syslog facility
 * (util/log-sink.ts). Lines on stderr and in files are spamd's
 * (log-lines.ts); `timestampFormat` is --log-timestamp-fmt as read by
 * timestampFormatOf.
 */
export function createLogger(target: string, tag = 'spamd', timestampFormat?: string): DaemonLogger {
  const sink = openLogSink(target, {
    tag,
    defaultFile: 'spamd.log',
    stderrLine: (level, m) => spamdLogLine('stderr', timestampFormat, level, m),
    fileLine: (level, m) => spamdLogLine('file', timestampFormat, level, m),
    syslogText: (m) => spamdSyslogText(timestampFormat, m),
  });
  return {
    info: (m) => sink.write('info', m),
    warn: (m) => sink.write('warn', m),
    close: () => sink.close(),
  };
}
