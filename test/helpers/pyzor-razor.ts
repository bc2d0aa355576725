/**
 * Peers for the Pyzor and Razor tests: Debian's pyzord on loopback with its
 * own database, a helper home (spamd -H) whose ~/.pyzor/servers and
 * ~/.razor lists name the test's servers, `pyzor report` run as a client
 * would, and silent servers (UDP for Pyzor, TCP for Razor) that take
 * requests and never answer. A missing program fails loudly.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeUdpPort } from './dns-peers.js';
import { stopChild } from './wait-ready.js';

export function requireProgram(name: string, pkg: string): string {
  for (const dir of ['/usr/bin', '/usr/local/bin', '/usr/sbin']) if (existsSync(join(dir, name))) return join(dir, name);
  throw new Error(`${name} is not installed (apt-get install -y ${pkg}): the Pyzor/Razor tests need the real program`);
}

/** A helper home readable by spamd's unprivileged user, with Pyzor's and Razor's server lists. */
export function helperHome(pyzorServers: string[], razorServer: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'spamward-helper-home-'));
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, '.pyzor'), { mode: 0o755 });
  writeFileSync(join(dir, '.pyzor', 'servers'), `${pyzorServers.join('\n')}\n`, { mode: 0o644 });
  const razor = join(dir, '.razor');
  mkdirSync(razor, { mode: 0o755 });
  // No rediscovery: razor-check must use the listed server, not ask the Internet.
  writeFileSync(join(razor, 'razor-agent.conf'), `razorhome = ${razor}\nrediscovery_wait = 999999999\ndebuglevel = 0\n`, { mode: 0o644 });
  for (const list of ['catalogue', 'nomination', 'discovery']) writeFileSync(join(razor, `servers.${list}.lst`), `${razorServer}\n`, { mode: 0o644 });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Pyzord {
  server: string;
  stop(): Promise<void>;
}

/** pyzord on a free loopback UDP port with a gdbm database in a private folder. */
export async function startPyzord(): Promise<Pyzord> {
  const bin = requireProgram('pyzord', 'pyzor python3-gdbm');
  const dir = mkdtempSync(join(tmpdir(), 'spamward-pyzord-'));
  const port = await freeUdpPort();
  const child: ChildProcess = spawn(bin, ['--homedir', dir, '-a', '127.0.0.1', '-p', String(port), '--dsn', join(dir, 'digests.db')], { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<number | null>((res) => child.once('exit', res));
  let log = '';
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const server = `127.0.0.1:${port}`;
  const home = helperHome([server], '127.0.0.1:1');
  try {
    const until = Date.now() + 15_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`pyzord exited (${child.exitCode}): ${log}`);
      const out = await pyzor(home.dir, 'ping', Buffer.alloc(0)).catch(() => '');
      if (/\(200, 'OK'\)/.test(out)) break;
      if (Date.now() > until) throw new Error(`pyzord never answered: ${log}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    home.remove();
  }
  return {
    server,
    stop: async () => {
      await stopChild(child, exited, 3000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs the pyzor client with HOME = `home` (its ~/.pyzor/servers) on `input`; resolves with its output. */
export function pyzor(home: string, command: string, input: Buffer): Promise<string> {
  const bin = requireProgram('pyzor', 'pyzor');
  return new Promise((resolve, reject) => {
    const child = execFile(bin, [command], { env: { ...process.env, HOME: home }, timeout: 10_000 }, (err, stdout) => {
      if (err && stdout === '') reject(err);
      else resolve(stdout);
    });
    child.stdin?.end(input);
  });
}

/** A UDP socket that swallows Pyzor requests. */
export async function startSilentUdp(): Promise<{ server: string; received(): number; stop(): Promise<void> }> {
  const sock = createSocket('udp4');
  let count = 0;
  sock.on('message', () => count++);
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', r));
  return { server: `127.0.0.1:${sock.address().port}`, received: () => count, stop: () => new Promise<void>((r) => sock.close(() => r())) };
}

/** A TCP server that accepts Razor connections and never says a word. */
export async function startSilentTcp(): Promise<{ server: string; accepted(): number; stop(): Promise<void> }> {
  const conns = new Set<Socket>();
  let count = 0;
  const srv = createServer((c) => {
    count++;
    conns.add(c);
    c.on('error', () => undefined);
    c.on('close', () => conns.delete(c));
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const addr = srv.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    server: `127.0.0.1:${port}`,
    accepted: () => count,
    stop: () => {
      for (const c of conns) c.destroy();
      return new Promise<void>((r) => srv.close(() => r()));
    },
  };
}
