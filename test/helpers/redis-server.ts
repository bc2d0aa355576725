/**
 * A real Debian `redis-server` for tests: a free loopback port, a private
 * folder, no RDB snapshots; with `aof` the data survives kill -9 and
 * restart (appendfsync always), as a production setup would.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireProgram } from './spamd-tools.js';
import { freePort } from './spamd-peers.js';

export interface RedisServer {
  port: number;
  dir: string;
  /** The server's Unix socket. */
  socket: string;
  /** The bayes_* config lines that point a Spamward engine at database `db` of this server. */
  cf(db?: number): string[];
  /** SIGKILL, as a crash. */
  kill(): Promise<void>;
  /** Start again on the same port and folder. */
  restart(): Promise<void>;
  /** Send one command to database `db`, answer as text (a tiny RESP client, independent of the code under test). */
  command(db: number, ...args: string[]): Promise<string>;
  stop(): Promise<void>;
}

export async function startRedis(opts: { aof?: boolean } = {}): Promise<RedisServer> {
  const bin = requireProgram('redis-server', 'redis-server');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'spamward-redis-'));
  const socket = join(dir, 'redis.sock');
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--unixsocket', socket, '--unixsocketperm', '700', '--dir', dir, '--save', '', '--daemonize', 'no',
    ...(opts.aof ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'])];
  let child: ChildProcess | undefined;
  let log = '';
  const launch = async (): Promise<void> => {
    const c = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = c;
    c.stdout?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-8000)));
    c.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-8000)));
    const until = Date.now() + 20_000;
    while (Date.now() < until) {
      if (c.exitCode !== null) throw new Error(`redis-server exited: ${log}`);
      if ((await send(port, ['PING']).catch(() => '')) === 'PONG') return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server did not answer PING: ${log}`);
  };
  const kill = async (): Promise<void> => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await exited;
  };
  await launch();
  return {
    port, dir, socket,
    cf: (db = 0) => [`bayes_store_module Mail::SpamAssassin::BayesStore::Redis`, `bayes_sql_dsn server=127.0.0.1:${port};database=${db}`],
    kill,
    restart: launch,
    command: (db, ...a) => send(port, a, db),
    stop: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One RESP request; the reply flattened to text (arrays joined by newlines). */
function send(port: number, args: string[], db = 0): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    const encode = (a: string[]): string => `*${a.length}\r\n${a.map((x) => `$${Buffer.byteLength(x)}\r\n${x}\r\n`).join('')}`;
    const req = encode(['SELECT', String(db)]) + encode(args);
    let buf = Buffer.alloc(0);
    s.setTimeout(5000, () => s.destroy(new Error('redis reply timeout')));
    s.on('connect', () => s.write(req));
    s.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      const selected = parseReply(buf, 0);
      const parsed = selected && parseReply(buf, selected.next);
      if (parsed) {
        s.end();
        resolve(parsed.text);
      }
    });
    s.on('error', reject);
  });
}

function parseReply(b: Buffer, at: number): { text: string; next: number } | undefined {
  const eol = b.indexOf('\r\n', at);
  if (eol < 0) return undefined;
  const type = String.fromCharCode(b[at] ?? 0);
  const head = b.subarray(at + 1, eol).toString();
  if (type === '+' || type === ':' || type === '-') return { text: type === '-' ? `ERR ${head}` : head, next: eol + 2 };
  if (type === '$') {
    const n = Number(head);
    if (n < 0) return { text: '', next: eol + 2 };
    if (b.length < eol + 2 + n + 2) return undefined;
    return { text: b.subarray(eol + 2, eol + 2 + n).toString('latin1'), next: eol + 2 + n + 2 };
  }
  if (type === '*') {
    const items: string[] = [];
    let next = eol + 2;
    for (let i = 0; i < Number(head); i++) {
      const item = parseReply(b, next);
      if (!item) return undefined;
      items.push(item.text);
      next = item.next;
    }
    return { text: items.join('\n'), next };
  }
  return { text: head, next: eol + 2 };
}

/** A Redis Sentinel (redis-server --sentinel) watching `master` under the name `mymaster`. */
export async function startSentinel(master: RedisServer): Promise<{ port: number; stop(): Promise<void> }> {
  const bin = requireProgram('redis-server', 'redis-server');
  const port = await freePort();
  const conf = join(master.dir, `sentinel-${port}.conf`);
  writeFileSync(conf, `port ${port}\nbind 127.0.0.1\ndir ${master.dir}\nsentinel monitor mymaster 127.0.0.1 ${master.port} 1\n`);
  const child = spawn(bin, [conf, '--sentinel'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-8000)));
  const until = Date.now() + 20_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`redis sentinel exited: ${log}`);
    const addr = await send(port, ['SENTINEL', 'get-master-addr-by-name', 'mymaster']).catch(() => '');
    if (addr === `127.0.0.1\n${master.port}`) {
      return {
        port,
        stop: async () => {
          const exited = new Promise((r) => child.once('exit', r));
          child.kill('SIGKILL');
          await exited;
        },
      };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`redis sentinel did not report its master: ${log}`);
}
