/**
 * Start Debian's spamd on a free loopback port for benchmarks and fidelity
 * runs, and talk to it over the SPAMC protocol with a minimal client.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface RealSpamd {
  port: number;
  pid: number;
  stop(): Promise<void>;
}

/** Start `spamd` (Debian's, from PATH) with the given extra config lines; resolves once it answers PING. */
export async function startRealSpamd(opts: { children?: number; cf?: string[]; extraArgs?: string[]; network?: boolean } = {}): Promise<RealSpamd> {
  const bin = findBinary('spamd');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'spamward-spamd-'));
  // -L (local tests only) unless the caller wants SpamAssassin's network tests.
  const args = [...(opts.network ? [] : ['-L']), '-i', '127.0.0.1', '-p', String(port), '-m', String(opts.children ?? 2), '--max-spare=' + String(opts.children ?? 2), '--min-spare=' + String(opts.children ?? 2), '-x', '-r', join(dir, 'spamd.pid'), '-s', 'stderr'];
  if (process.getuid?.() === 0) args.push('-u', 'nobody');
  for (const line of opts.cf ?? []) args.push(`--cf=${line}`);
  args.push(...(opts.extraArgs ?? []));
  return superviseSpamd(spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] }), 'spamd', port, dir, 120_000);
}

/** Waits until a spawned spamd-protocol daemon answers PING; `stop()` ends it and removes its folder. */
export async function superviseSpamd(child: ChildProcess, what: string, port: number, dir: string, startMs: number): Promise<RealSpamd> {
  let log = '';
  child.stderr?.on('data', (d: Buffer) => {
    log = (log + d.toString()).slice(-20000);
  });
  const deadline = Date.now() + startMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited early (${child.exitCode}):\n${log}`);
    const pong = await spamcRequest(port, 'PING', Buffer.alloc(0), { noBody: true }).catch(() => undefined);
    if (pong?.status.includes('PONG')) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${what} did not answer within ${startMs / 1000} s:\n${log}`);
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

export function findBinary(name: string): string {
  for (const dir of ['/usr/sbin', '/usr/bin', ...(process.env.PATH ?? '').split(':')]) {
    try {
      execFileSync('test', ['-x', join(dir, name)]);
      return join(dir, name);
    } catch {
      // keep looking
    }
  }
  throw new Error(`${name} is not installed: apt-get install -y spamassassin spamc spamd`);
}

export interface SpamdReply {
  status: string;
  headers: Map<string, string>;
  body: Buffer;
}

/** One SPAMC request over TCP: `COMMAND SPAMC/1.5`, Content-length, body, half-close. */
export function spamcRequest(port: number, command: string, message: Buffer, opts: { noBody?: boolean; timeoutMs?: number } = {}): Promise<SpamdReply> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    sock.setTimeout(opts.timeoutMs ?? 120_000, () => sock.destroy(new Error('spamd timed out')));
    sock.on('connect', () => {
      const head = opts.noBody ? `${command} SPAMC/1.5\r\n\r\n` : `${command} SPAMC/1.5\r\nContent-length: ${message.length}\r\n\r\n`;
      sock.write(head);
      if (!opts.noBody) sock.write(message);
      sock.end();
    });
    sock.on('data', (d: Buffer) => chunks.push(d));
    sock.on('error', reject);
    sock.on('close', () => {
      const all = Buffer.concat(chunks);
      const end = all.indexOf('\r\n\r\n');
      const headText = (end < 0 ? all : all.subarray(0, end)).toString('latin1');
      const [status = '', ...lines] = headText.split('\r\n');
      const headers = new Map<string, string>();
      for (const l of lines) {
        const c = l.indexOf(':');
        if (c > 0) headers.set(l.slice(0, c).toLowerCase(), l.slice(c + 1).trim());
      }
      resolve({ status, headers, body: end < 0 ? Buffer.alloc(0) : all.subarray(end + 4) });
    });
  });
}
