import { spawnSync } from 'node:child_process';

/** spamc logs to syslog (facility mail) unless -l sends `spamc: …` lines to stderr. */
export function createSpamcLog(toStderr: boolean, writeStderr: (s: string) => void): (message: string) => void {
  if (toStderr) return (m) => writeStderr(`spamc: ${m}\n`);
  return (m) => {
    // Only failures are logged, so paying for a `logger` process here costs nothing on the normal path.
    spawnSync('logger', ['-t', `spamc[${process.pid}]`, '-p', 'mail.err', '--', m], { stdio: 'ignore', timeout: 2000 });
  };
}
