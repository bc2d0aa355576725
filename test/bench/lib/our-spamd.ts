/** Starts `spamward spamd` (the built CLI) on a free loopback port for benchmarks; resolves once it answers PING. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, type RealSpamd, spamcRequest } from './real-spamd.js';

const CLI = fileURLToPath(new URL('../../../src/cli/main.js', import.meta.url));

export async function startSpamwardSpamd(opts: { children?: number; cf?: string[]; extraArgs?: string[] } = {}): Promise<RealSpamd> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'spamward-bench-'));
  const args = [CLI, 'spamd', '-L', '-i', '127.0.0.1', '-p', String(port), '-m', String(opts.children ?? 2), '-x', '-s', 'stderr', '--data-dir', join(dir, 'data')];
  for (const line of opts.cf ?? []) args.push(`--cf=${line}`);
  args.push(...(opts.extraArgs ?? []));
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-20000)));
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`spamward spamd exited early (${child.exitCode}):\n${log}`);
    const pong = await spamcRequest(port, 'PING', Buffer.alloc(0), { noBody: true }).catch(() => undefined);
    if (pong?.status.includes('PONG')) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`spamward spamd did not answer within 300 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    port,
    pid: child.pid ?? 0,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
