import { createRequire } from 'node:module';

// child_process is loaded only when something is logged: spamc's normal path never needs it.
const requireBuiltin = createRequire(import.meta.url);

/** spamc logs to syslog (facility mail) unless -l sends `spamc: …` lines to stderr. */
export function createSpamcLog(toStderr: boolean, writeStderr: (s: string) => void): (message: string) => void {
  if (toStderr) return (m) => writeStderr(`spamc: ${m}\n`);
  return (m) => {
    // Only failures are logged, so paying for a `logger` process here costs nothing on the normal path.
    const { spawnSync } = requireBuiltin('node:child_process') as typeof import('node:child_process');
    spawnSync('logger', ['-t', `spamc[${process.pid}]`, '-p', 'mail.err', '--', m], { stdio: 'ignore', timeout: 2000 });
  };
}
