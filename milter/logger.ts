/** A small injectable logger: one line per event, to stderr, a file or syslog. */
import { openLogSink } from '../src/util/log-sink.js';
import type { LogLevel } from './session-types.js';

export interface Logger {
  log(level: LogLevel, message: string): void;
  /**
   * False when lines of `level` are dropped, so callers can skip building
   * them (a connection's debug line at close would otherwise cost a
   * getpeername call per connection). Absent: every line is wanted.
   */
  enabled?(level: LogLevel): boolean;
}

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/**
 * Lines to `--syslog`'s target, named as spamd's `-s` names it (stderr,
 * null, file for spamward-milter.log, a path, or a syslog facility): a
 * daemonized milter has no stderr. Lines on stderr and in files read
 * `ISO-time spamward-milter[pid] level: message`.
 */
export function targetLogger(target: string, minLevel: LogLevel = 'info'): Logger & { close(): void } {
  const line = (level: LogLevel, m: string): string => `${new Date().toISOString()} spamward-milter[${process.pid}] ${level}: ${m}`;
  const sink = openLogSink(target, { tag: 'spamward-milter', defaultFile: 'spamward-milter.log', stderrLine: line, fileLine: line });
  const enabled = (level: LogLevel): boolean => RANK[level] >= RANK[minLevel];
  return {
    enabled,
    log(level, message) {
      if (enabled(level)) sink.write(level, message);
    },
    close: () => sink.close(),
  };
}

/** Keeps lines in memory (tests). */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, log: (level, message) => lines.push(`${level}: ${message}`) };
}
