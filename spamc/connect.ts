import net from 'node:net';
import { EX } from '../src/protocol/spamd/constants.js';
import { SpamcError } from './spamc-error.js';

/** Where and how to connect; spamc's transport settings. */
export interface TransportOptions {
  hosts: string[];
  port: number;
  socketPath?: string;
  randomize: boolean;
  family?: 4 | 6;
  /** spamc keeps only the first host when safe fallback is off (-x). */
  failover: boolean;
  connectRetries: number;
  /** Seconds between rounds. */
  retrySleep: number;
  /** Seconds per connect attempt; undefined: the OS default. */
  connectTimeout?: number;
  log: (message: string) => void;
}

/** One `-d` entry: all its addresses are tried in order before the next round. */
export interface HostEntry {
  name: string;
  addresses: string[];
}

const STRERROR: Record<string, string> = {
  ECONNREFUSED: 'Connection refused',
  ENOENT: 'No such file or directory',
  ETIMEDOUT: 'Connection timed out',
  EACCES: 'Permission denied',
  ENETUNREACH: 'Network is unreachable',
  EHOSTUNREACH: 'No route to host',
  ECONNRESET: 'Connection reset by peer',
  EADDRNOTAVAIL: 'Cannot assign requested address',
  ENOTSOCK: 'Socket operation on non-socket',
};

export function strerror(code: string | undefined): string {
  return (code !== undefined ? STRERROR[code] : undefined) ?? code ?? 'Unknown error';
}

/** libspamc's mapping of connect() errors to exit codes. */
export function connectErrorCode(code: string | undefined): number {
  if (code === 'ECONNREFUSED' || code === 'ETIMEDOUT' || code === 'ENETUNREACH') return EX.UNAVAILABLE;
  if (code === 'EACCES') return EX.NOPERM;
  return EX.SOFTWARE;
}

/**
 * Resolves the host list like libspamc: no -d means the loopback addresses
 * (::1 before 127.0.0.1); each -d host keeps all its addresses; lookup
 * failures give EX_NOHOST, or EX_TEMPFAIL when only temporary ones occurred.
 */
export async function resolveHosts(t: TransportOptions): Promise<HostEntry[]> {
  if (t.hosts.length === 0) {
    const loop = ['::1', '127.0.0.1'].filter((a) => t.family === undefined || net.isIP(a) === t.family);
    return [{ name: 'localhost', addresses: loop }];
  }
  const out: HostEntry[] = [];
  let temporary = false;
  for (const name of t.hosts) {
    if (net.isIP(name) !== 0 && (t.family === undefined || net.isIP(name) === t.family)) {
      out.push({ name, addresses: [name] });
      continue;
    }
    try {
      const { lookup } = await import('node:dns/promises');
      const found = await lookup(name, { all: true, verbatim: true, ...(t.family !== undefined ? { family: t.family } : {}) });
      if (found.length === 0) temporary = true;
      else out.push({ name, addresses: found.map((f) => f.address) });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EAI_AGAIN') temporary = true;
      t.log(`getaddrinfo(${name}) failed: ${code === 'ENOTFOUND' ? 'Name or service not known' : String(code)}`);
    }
  }
  if (out.length === 0) {
    t.log(`could not resolve any hosts (${t.hosts.join(',')}): ${temporary ? 'a temporary error occurred' : 'no such host'}`);
    throw new SpamcError(temporary ? EX.TEMPFAIL : EX.NOHOST, 'host lookup failed');
  }
  if (t.randomize && out.length > 1) rotate(out, Math.floor(Math.random() * out.length));
  return t.failover ? out : out.slice(0, 1);
}

function rotate<T>(list: T[], by: number): void {
  for (let i = 0; i < by; i++) list.push(list.shift() as T);
}

function connectOnce(opts: net.NetConnectOpts, timeoutSec: number | undefined): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(opts);
    let timer: NodeJS.Timeout | undefined;
    if (timeoutSec !== undefined && timeoutSec > 0) {
      timer = setTimeout(() => {
        socket.destroy();
        reject(Object.assign(new Error('connect timeout'), { code: 'ETIMEDOUT' }));
      }, timeoutSec * 1000);
    }
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      socket.destroy();
      reject(err);
    });
  });
}

const sleep = (sec: number) => new Promise((r) => setTimeout(r, sec * 1000));

/**
 * Connects as libspamc does: a Unix socket is tried once; TCP makes
 * `connectRetries` rounds, round n using host n mod count and walking all of
 * its addresses, sleeping between rounds (not after a refused host when
 * other hosts remain to try).
 */
export async function connectTransport(t: TransportOptions, hosts: HostEntry[] | undefined): Promise<net.Socket> {
  if (t.socketPath !== undefined) {
    try {
      return await connectOnce({ path: t.socketPath }, t.connectTimeout);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      t.log(`connect(AF_UNIX) to spamd using --socket='${t.socketPath}' failed: ${strerror(code)}`);
      throw new SpamcError(connectErrorCode(code), 'connect failed');
    }
  }
  const list = hosts ?? (await resolveHosts(t));
  let lastCode: string | undefined;
  for (let round = 0; round < t.connectRetries; round++) {
    const host = list[round % list.length] as HostEntry;
    let innocent = false;
    for (const address of host.addresses) {
      try {
        return await connectOnce({ host: address, port: t.port }, t.connectTimeout);
      } catch (err) {
        lastCode = (err as NodeJS.ErrnoException).code;
        innocent = lastCode === 'ECONNREFUSED' && round + 1 < list.length;
        t.log(`connect to spamd on ${address} failed, retrying (#${round + 1} of ${t.connectRetries}): ${strerror(lastCode)}`);
      }
    }
    if (round + 1 < t.connectRetries && !innocent) await sleep(t.retrySleep);
  }
  t.log(`connection attempt to spamd aborted after ${t.connectRetries} retries`);
  throw new SpamcError(connectErrorCode(lastCode), 'connect failed');
}
