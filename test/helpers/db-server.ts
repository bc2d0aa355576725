/**
 * What the private database servers of the SQL preference tests share:
 * running as the package's own user when the tests run as root (the servers
 * refuse root), and starting a server then waiting until a probe query
 * answers, its output kept for the error when it never does.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { stopChild } from './wait-ready.js';

/** Spawn options that run a program as `name` when we are root (nothing otherwise). */
export function serverUser(name: string, pkg: string): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (id.status !== 0) throw new Error(`no ${name} user to run the test server as (apt-get install -y ${pkg})`);
  return { uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * Starts `bin args` as `user`, then runs `probe` until it resolves; on
 * failure the server is killed and `dir` removed. Returns a stop function
 * that ends the server and removes `dir`.
 */
export async function startDbServer(what: string, bin: string, args: string[], user: { uid?: number; gid?: number }, dir: string, probe: () => Promise<unknown>, readyMs: number): Promise<() => Promise<void>> {
  const child: ChildProcess = spawn(bin, args, { ...user, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const until = Date.now() + readyMs;
  for (;;) {
    try {
      await probe();
      break;
    } catch (err) {
      if (child.exitCode !== null || Date.now() > until) {
        child.kill('SIGKILL');
        rmSync(dir, { recursive: true, force: true });
        throw new Error(`${what} did not start: ${(err as Error).message}\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return async () => {
    await stopChild(child, exited, 20_000);
    rmSync(dir, { recursive: true, force: true });
  };
}
