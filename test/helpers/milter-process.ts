/**
 * Starts `spamward milter` as a child process with the real engine, for the
 * interop tests (miltertest, Postfix). Not a test file.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { onFreePort } from './free-port.js';
import { stopChild, waitReady } from './wait-ready.js';

const CLI = fileURLToPath(new URL('./milter-cli.js', import.meta.url));

export interface MilterProcess {
  port: number;
  child: ChildProcess;
  /** Everything the milter logged so far. */
  log(): string;
  /** SIGTERM, then wait for exit (SIGKILL after `graceMs`, which outlasts the default drain timeout). */
  stop(graceMs?: number): Promise<number | null>;
}

export { freePort } from './free-port.js';

/** Fails loudly, with the install command, when a peer program is missing. */
export function requireProgram(name: string, probeArgs: string[], install: string): void {
  const r = spawnSync(name, probeArgs, { encoding: 'utf8' });
  if (r.error) throw new Error(`${name} is required for this test but was not found (${r.error.message}); install it with: ${install}`);
}

/**
 * Starts the milter on a free loopback port, unless `args` bring their own `--listen`.
 * A port found free can be taken by another test's daemon or client before the
 * milter (seconds later, once its rules are compiled) binds it: a milter that
 * exits with EADDRINUSE on a port picked here is started again on another.
 */
export async function startMilterProcess(args: string[], port?: number, startMs = 180_000): Promise<MilterProcess> {
  if (port !== undefined || args.includes('--listen')) return startOnce(args, port ?? 0, startMs);
  return onFreePort((p) => startOnce(args, p, startMs));
}

async function startOnce(args: string[], p: number, startMs: number): Promise<MilterProcess> {
  const listen = args.includes('--listen') ? [] : ['--listen', `inet:127.0.0.1:${p}`];
  const child = spawn(process.execPath, [CLI, 'milter', ...listen, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await waitReady(child, exited, () => /listening on/.test(out), () => out, 'milter', startMs);
  return {
    port: p,
    child,
    log: () => out,
    stop: (graceMs = 60_000) => stopChild(child, exited, graceMs),
  };
}
