/**
 * Where a daemon's log lines go, named as spamd's `-s/--syslog` names it:
 * `stderr`, `null`, `file` (the daemon's default file name), a path (any
 * value with characters outside [a-z0-9]), or a syslog facility. The spamd
 * and milter front ends format their own lines; this only delivers them.
 *
 * Syslog goes through the system `logger` tool because Node cannot send
 * Unix datagrams; when that tool is missing or dies, lines fall back to
 * stderr rather than vanish.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';

export type SinkLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogSink {
  /** Delivers one message (no newline): formatted for stderr and files, bare to syslog, whose header has time, tag and pid. */
  write(level: SinkLevel, message: string): void;
  close(): void;
}

export interface SinkFormat {
  /** The syslog tag (the pid is added). */
  tag: string;
  /** What the target `file` means. */
  defaultFile: string;
  /** A line for stderr. */
  stderrLine: (level: SinkLevel, message: string) => string;
  /** A line for a file. */
  fileLine: (level: SinkLevel, message: string) => string;
  /** The text of a syslog message (syslog adds time, tag and pid); by default the message as given. */
  syslogText?: (message: string) => string;
}

/** Syslog severities (RFC 5424). */
const SEVERITY: Record<SinkLevel, number> = { debug: 7, info: 6, warn: 4, error: 3 };

const FACILITIES: Record<string, number> = {
  kern: 0, user: 1, mail: 2, daemon: 3, auth: 4, syslog: 5, lpr: 6, news: 7,
  local0: 16, local1: 17, local2: 18, local3: 19, local4: 20, local5: 21, local6: 22, local7: 23,
};

export function openLogSink(target: string, f: SinkFormat): LogSink {
  if (target === 'null') return { write: () => {}, close: () => {} };
  const stderr: LogSink = { write: (level, m) => void process.stderr.write(`${f.stderrLine(level, m)}\n`), close: () => {} };
  if (target === 'stderr') return stderr;
  if (target === 'file' || /[^a-z0-9]/.test(target)) {
    const path = target === 'file' ? f.defaultFile : target;
    return { write: (level, m) => appendFileSync(path, `${f.fileLine(level, m)}\n`), close: () => {} };
  }
  return syslogSink(FACILITIES[target] ?? FACILITIES.mail!, f.tag, f.syslogText ?? ((m) => m), stderr);
}

function syslogSink(facility: number, tag: string, text: (message: string) => string, fallback: LogSink): LogSink {
  let child: ChildProcess | undefined;
  let broken = false;
  const open = (): ChildProcess => {
    // One logger process for the daemon's life; the priority is given per line.
    const c = spawn('logger', ['--prio-prefix', '-t', `${tag}[${process.pid}]`], { stdio: ['pipe', 'ignore', 'ignore'] });
    c.on('error', () => {
      broken = true;
    });
    c.stdin?.on('error', () => {
      broken = true;
    });
    return c;
  };
  return {
    write(level, message) {
      if (broken) return fallback.write(level, message);
      child ??= open();
      // logger reads one message per line.
      child.stdin?.write(`<${facility * 8 + SEVERITY[level]}>${text(message).replace(/\n/g, ' ')}\n`);
    },
    close: () => child?.stdin?.end(),
  };
}
