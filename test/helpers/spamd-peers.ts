/** Real daemons for the interop tests: Debian's spamd and our `spamward spamd`, on free loopback ports. */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OUR_SPAMD, requireProgram, run } from './spamd-tools.js';
import { onFreePort } from './free-port.js';

export interface Daemon {
  port: number;
  log: () => string;
  stop(): Promise<void>;
}

export { freePort } from './free-port.js';

/** PINGs until the daemon answers PONG or the deadline passes. */
async function waitForPong(port: number, deadlineMs: number, child: ChildProcess, log: () => string): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`daemon exited (${child.exitCode}): ${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ port, host: '127.0.0.1' }, () => s.end('PING SPAMC/1.5\r\n\r\n'));
      let got = '';
      s.on('data', (c: Buffer) => (got += c.toString()));
      s.on('close', () => resolve(got.startsWith('SPAMD/1.5 0 PONG')));
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`daemon on port ${port} did not answer PING: ${log()}`);
}

/** Starts a spamd-like daemon and resolves once it answers PING on `port`; stop() runs `cleanup` after it exits. */
export function startSpamdProcess(cmd: string, args: string[], port: number, readyMs: number, cleanup: () => void = () => {}): Promise<Daemon> {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-20000)));
  child.stderr?.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-20000)));
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      // unref: a daemon that exits at once must not leave a 5 s timer holding the test process open.
      await Promise.race([new Promise((r) => child.once('exit', r)), new Promise((r) => setTimeout(r, 5000).unref())]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    cleanup();
  };
  return waitForPong(port, readyMs, child, () => log).then(
    () => ({ port, log: () => log, stop }),
    async (err: unknown) => {
      await stop();
      throw err;
    },
  );
}

/**
 * Debian's spamd 4.0.1 in the foreground (`-L`, loopback, as nobody, TELL allowed). Its Bayes database is
 * private to this daemon: fresh and writable with `freshBayes` (learning works, as ours does), otherwise
 * in a folder nobody cannot write, so every request sees the same state and answers repeat exactly.
 */
export async function startDebianSpamd(extra: string[] = [], opts: { freshBayes?: boolean } = {}): Promise<Daemon> {
  const bin = requireProgram('spamd', 'spamd spamc');
  return onFreePort((port) => startDebianSpamdOn(bin, port, extra, opts));
}

function startDebianSpamdOn(bin: string, port: number, extra: string[], opts: { freshBayes?: boolean }): Promise<Daemon> {
  const dir = mkdtempSync(join(tmpdir(), 'debian-spamd-'));
  const bayesDir = join(dir, 'bayes');
  mkdirSync(bayesDir, { mode: opts.freshBayes ? 0o777 : 0o555 });
  chmodSync(bayesDir, opts.freshBayes ? 0o777 : 0o555);
  // spamd runs as nobody, which must be able to pass through the (0700) temporary folder to reach its store.
  if (opts.freshBayes) chmodSync(dir, 0o711);
  const bayes = `--cf=bayes_path ${join(bayesDir, 'bayes')}`;
  const args = ['-L', '-i', '127.0.0.1', '-p', String(port), '-A', '127.0.0.1', '-r', join(dir, 'spamd.pid'), '-u', 'nobody', '-s', 'stderr', '--allow-tell', bayes, ...extra];
  return startSpamdProcess(bin, args, port, 60_000, () => rmSync(dir, { recursive: true, force: true }));
}

/** Our `spamward spamd` with the real engine; the first scan is warmed up so tests time the protocol, not rule compilation. */
export async function startOurSpamd(extra: string[] = [], opts: { freshBayes?: boolean } = {}): Promise<Daemon> {
  return onFreePort((port) => startOurSpamdOn(port, extra, opts));
}

async function startOurSpamdOn(port: number, extra: string[], opts: { freshBayes?: boolean }): Promise<Daemon> {
  // Like the Debian daemon beside it: no usable Bayes store (the data folder sits below a plain file, which
  // even root cannot create), so learning answers never depend on earlier runs; or, with `freshBayes`, a new
  // empty store of its own.
  const dataDir = mkdtempSync(join(tmpdir(), 'spamward-spamd-data-'));
  writeFileSync(join(dataDir, 'not-a-folder'), '');
  const store = opts.freshBayes ? join(dataDir, 'db') : join(dataDir, 'not-a-folder', 'db');
  const args = [OUR_SPAMD, 'spamd', '-L', '-i', '127.0.0.1', '-p', String(port), '-s', 'stderr', '--allow-tell', '--data-dir', store, ...extra];
  const d = await startSpamdProcess(process.execPath, args, port, 120_000, () => rmSync(dataDir, { recursive: true, force: true }));
  const warm = await run(requireProgram('spamc', 'spamc'), ['-p', String(port), '-c', '-t', '300'], 'Subject: warm-up\n\nhello\n', 300_000);
  if (warm.stdout.toString() === '0/0\n') {
    await d.stop();
    throw new Error(`our spamd did not scan the warm-up message: ${d.log()}`);
  }
  return d;
}
