/**
 * `--daemonize` (spamd's `-d`): the command detaches from the process that
 * started it, the way init scripts and `Type=forking` units expect: the
 * starting process returns only once the daemon listens and has written its
 * pidfile, with exit status 0, or with an error and a non-zero status when
 * the daemon could not start.
 *
 * Node cannot fork itself, so the starting process runs the same command
 * line again as a detached child (its own session, stdin/stdout/stderr on
 * /dev/null, as spamd's daemon has) and waits for the child to say "ready"
 * or "failed" over an IPC channel; the child then closes the channel and
 * runs alone. Unlike spamd, the daemon stays in the directory it was started
 * from, so relative paths on its command line (rules, data folder, pidfile)
 * keep their meaning.
 */
import { spawn } from 'node:child_process';

/** Set in the detached child's environment: it runs the daemon and reports over IPC instead of detaching again. */
const CHILD_MARK = 'SPAMWARD_DAEMONIZED';
/** spamd waits this long for its child (bug 6191: slow machines), then gives up. */
const START_TIMEOUT_MS = 180_000;

type ChildReport = { ready: number } | { failed: string };

/** Whether this process is the detached daemon that `--daemonize` started. */
export function isDaemonChild(): boolean {
  return process.env[CHILD_MARK] === '1' && typeof process.send === 'function';
}

/**
 * Starts the daemon detached and waits for its report. Resolves with the
 * exit status for the starting process: 0 once the child is ready, 1 when
 * it failed or did not report in time (the reason is on stderr).
 */
export async function startDetached(name: string): Promise<number> {
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    detached: true,
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    env: { ...process.env, [CHILD_MARK]: '1' },
  });
  const report = await new Promise<ChildReport>((resolve) => {
    const timer = setTimeout(() => resolve({ failed: `no report within ${START_TIMEOUT_MS / 1000} s` }), START_TIMEOUT_MS);
    const settle = (r: ChildReport): void => {
      clearTimeout(timer);
      resolve(r);
    };
    child.on('message', (m: ChildReport) => settle(m));
    child.on('error', (e) => settle({ failed: e.message }));
    child.on('exit', (code, signal) => settle({ failed: `exited (${signal ?? `status ${code}`}) before it was ready` }));
  });
  if ('ready' in report) {
    child.disconnect();
    child.unref();
    return 0;
  }
  process.stderr.write(`${name}: the daemon did not start: ${report.failed}\n`);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  return 1;
}

/** In the detached child: tell the starting process the daemon is up (listening, pidfile written), then let it go. */
export function reportReady(): void {
  if (!isDaemonChild()) return;
  process.send?.({ ready: process.pid } satisfies ChildReport, () => process.disconnect?.());
}

/** In the detached child: tell the starting process why the daemon could not start. */
export async function reportFailure(error: unknown): Promise<void> {
  if (!isDaemonChild()) return;
  const failed = error instanceof Error ? error.message : String(error);
  await new Promise<void>((resolve) => {
    process.send?.({ failed } satisfies ChildReport, () => resolve());
  });
}
