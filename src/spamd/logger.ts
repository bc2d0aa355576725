import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';

/** Where the daemon's log lines go; `info` and `warn` as spamd's logger has them. */
export interface DaemonLogger {
  info(message: string): void;
  warn(message: string): void;
  close(): void;
}

/**
 * spamd's `-s/--syslog` values: `stderr`, `null`, `file` (spamd.log), a path
 * (any value with characters outside [a-z0-9]), or a syslog facility. Syslog
 * goes through the system `logger` tool because Node cannot send Unix datagrams.
 */
export function createLogger(target: string, tag = 'spamd'): DaemonLogger {
  if (target === 'null') return { info: () => {}, warn: () => {}, close: () => {} };
  if (target === 'stderr') return lineLogger((line) => process.stderr.write(`${line}\n`));
  if (target === 'file' || /[^a-z0-9]/.test(target)) {
    const path = target === 'file' ? 'spamd.log' : target;
    return lineLogger((line) => appendFileSync(path, `${new Date().toISOString()} ${line}\n`));
  }
  return syslogLogger(target, tag);
}

function lineLogger(write: (line: string) => void): DaemonLogger {
  return {
    info: (m) => write(`[${process.pid}] info: ${m}`),
    warn: (m) => write(`[${process.pid}] warn: ${m}`),
    close: () => {},
  };
}

function syslogLogger(facility: string, tag: string): DaemonLogger {
  let child: ChildProcess | undefined;
  let broken = false;
  const fallback = lineLogger((line) => process.stderr.write(`${line}\n`));
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
  const send = (level: 'info' | 'warn', m: string) => {
    if (broken) return fallback[level](m);
    child ??= open();
    const prio = facilityCode(facility) * 8 + (level === 'info' ? 6 : 4);
    child.stdin?.write(`<${prio}>${m.replace(/\n/g, ' ')}\n`);
  };
  return {
    info: (m) => send('info', m),
    warn: (m) => send('warn', m),
    close: () => child?.stdin?.end(),
  };
}

const FACILITIES: Record<string, number> = {
  kern: 0, user: 1, mail: 2, daemon: 3, auth: 4, syslog: 5, lpr: 6, news: 7,
  local0: 16, local1: 17, local2: 18, local3: 19, local4: 20, local5: 21, local6: 22, local7: 23,
};

function facilityCode(name: string): number {
  return FACILITIES[name] ?? FACILITIES.mail ?? 2;
}
