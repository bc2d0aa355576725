/**
 * Starts `spamward serve` (or any command line that runs it, such as the
 * systemd unit's ExecStart) as a child process and reads its JSON log lines.
 * Not a test file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stopChild, waitReady } from './wait-ready.js';

export const SPAMWARD_CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

export type LogLine = Record<string, unknown> & { event: string; level: string };

export interface ServeProcess {
  child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** stderr lines that parse as JSON objects, in order. */
  logLines(): LogLine[];
  /** stderr lines that do not parse as JSON. */
  otherLines(): string[];
  /** SIGTERM, then wait for the exit code (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<number | null>;
}

/** Spawns `command args` and resolves once the daemon logs its `ready` event. */
export async function startServe(command: string, args: string[], env: NodeJS.ProcessEnv = {}, startMs = 180_000): Promise<ServeProcess> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines = () => err.split('\n').filter((l) => l !== '');
  const parsed = () => lines().flatMap((l) => (l.startsWith('{') ? [JSON.parse(l) as LogLine] : []));
  const proc: ServeProcess = {
    child,
    output: () => out + err,
    logLines: parsed,
    otherLines: () => lines().filter((l) => !l.startsWith('{')),
    stop: (graceMs = 60_000) => stopChild(child, exited, graceMs),
  };
  await waitReady(child, exited, () => /"event":"ready"/.test(err), () => out + err, 'spamward serve', startMs);
  return proc;
}

/** GET http://127.0.0.1:PORT/metrics as text (a fresh connection each time: a reused keep-alive socket may have been closed by the server). */
export async function scrape(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { connection: 'close' } });
  if (!res.ok) throw new Error(`metrics endpoint answered ${res.status}`);
  return res.text();
}

export { freePorts } from './free-port.js';
