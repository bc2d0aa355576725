/** A small injectable logger: one line per event, to stderr by default. */
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

export function stderrLogger(minLevel: LogLevel = 'info'): Logger {
  return {
    enabled: (level) => RANK[level] >= RANK[minLevel],
    log(level, message) {
      if (RANK[level] < RANK[minLevel]) return;
      process.stderr.write(`${new Date().toISOString()} spamward-milter[${process.pid}] ${level}: ${message}\n`);
    },
  };
}

/** Keeps lines in memory (tests). */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, log: (level, message) => lines.push(`${level}: ${message}`) };
}
