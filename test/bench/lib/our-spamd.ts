/** Starts `spamward spamd` (the built CLI) on a free loopback port for benchmarks; resolves once it answers PING. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, type RealSpamd, superviseSpamd } from './real-spamd.js';

const CLI = fileURLToPath(new URL('../../../src/cli/main.js', import.meta.url));

export async function startSpamwardSpamd(opts: { children?: number; cf?: string[]; extraArgs?: string[] } = {}): Promise<RealSpamd> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'spamward-bench-'));
  const args = [CLI, 'spamd', '-L', '-i', '127.0.0.1', '-p', String(port), '-m', String(opts.children ?? 2), '-x', '-s', 'stderr', '--data-dir', join(dir, 'data')];
  for (const line of opts.cf ?? []) args.push(`--cf=${line}`);
  args.push(...(opts.extraArgs ?? []));
  return superviseSpamd(spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] }), 'spamward spamd', port, dir, 300_000);
}
