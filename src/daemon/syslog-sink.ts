/**
 * Syslog through the system's logger(1), which writes to the local /dev/log
 * socket: Node has no Unix datagram sockets. One logger process lives as
 * long as the daemon; the priority travels with each line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { LogLevel, LogSink } from './structured-log.js';

const FACILITIES: Record<string, number> = {
  kern: 0, user: 1, mail: 2, daemon: 3, auth: 4, syslog: 5, lpr: 6, news: 7,
  local0: 16, local1: 17, local2: 18, local3: 19, local4: 20, local5: 21, local6: 22, local7: 23,
};

const SEVERITY: Record<LogLevel, number> = { debug: 7, info: 6, warn: 4, error: 3 };

export function isFacility(name: string): boolean {
  return name in FACILITIES;
}

export function syslogSink(facility: string, tag: string): LogSink {
  const code = FACILITIES[facility] ?? 2;
  let child: ChildProcess | undefined;
  let broken = false;
  const open = (): ChildProcess => {
    const c = spawn('logger', ['--prio-prefix', '--size', '8192', '-t', `${tag}[${process.pid}]`], { stdio: ['pipe', 'ignore', 'ignore'] });
    const fail = () => {
      if (!broken) process.stderr.write('spamward: logger(1) is not available; logging to stderr\n');
      broken = true;
    };
    c.on('error', fail);
    c.stdin?.on('error', fail);
    return c;
  };
  return {
    write(level, line) {
      // A missing logger(1) must not silence the daemon.
      if (broken) return void process.stderr.write(`${line}\n`);
      child ??= open();
      child.stdin?.write(`<${code * 8 + SEVERITY[level]}>${line.replace(/\n/g, ' ')}\n`);
    },
    close: () => void child?.stdin?.end(),
  };
}
