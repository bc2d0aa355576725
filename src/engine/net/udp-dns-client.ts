/**
 * DnsClient over UDP, one socket per address family. Answers wait in the
 * socket until the event loop reads them, so a long run of rules never
 * turns an arrived answer into a timeout (c-ares would: its timer is
 * checked before its socket). Budgets are the query session's; the client
 * only forgets queries nobody waits for any more after a long grace time.
 */
import { createSocket, type Socket } from 'node:dgram';
import { getServers } from 'node:dns';
import { randomInt } from 'node:crypto';
import type { DnsAnswer, DnsClient, RrType } from './dns-types.js';
import { decodeAnswer, encodeQuery } from './dns-wire.js';

interface Server {
  host: string;
  port: number;
  family: 4 | 6;
}

interface InFlight {
  name: string;
  type: RrType;
  server: Server;
  resolve: (a: DnsAnswer) => void;
  timer: NodeJS.Timeout;
}

const GRACE_MS = 60_000;

/** "1.2.3.4:53", "[::1]:5353", "1.2.3.4" → host, port, family. */
export function parseServer(text: string): Server | undefined {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (v6) return { host: v6[1] as string, port: Number(v6[2] ?? 53), family: 6 };
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3})(?::(\d+))?$/.exec(text);
  if (v4) return { host: v4[1] as string, port: Number(v4[2] ?? 53), family: 4 };
  if (text.includes(':')) return { host: text, port: 53, family: 6 };
  return undefined;
}

export class UdpDnsClient implements DnsClient {
  private readonly servers: Server[];
  private readonly sockets = new Map<4 | 6, Socket>();
  private readonly inFlight = new Map<number, InFlight>();

  /** `servers` as dns_server gives them; empty = the system's (resolv.conf). */
  constructor(servers: readonly string[]) {
    const list = servers.length > 0 ? servers : getServers();
    this.servers = list.map(parseServer).filter((s): s is Server => s !== undefined);
  }

  serverList(): string[] {
    return this.servers.map((s) => (s.family === 6 ? `[${s.host}]:${s.port}` : `${s.host}:${s.port}`));
  }

  private socket(family: 4 | 6): Socket {
    let sock = this.sockets.get(family);
    if (!sock) {
      sock = createSocket(family === 6 ? 'udp6' : 'udp4');
      sock.on('message', (msg, rinfo) => this.onMessage(msg, rinfo.address, rinfo.port));
      sock.on('error', () => undefined);
      // Bound now, so that a query's send is not left waiting on an implicit bind.
      sock.bind(0);
      sock.unref();
      this.sockets.set(family, sock);
    }
    return sock;
  }

  private freeId(): number {
    for (;;) {
      const id = randomInt(0, 65536);
      if (!this.inFlight.has(id)) return id;
    }
  }

  query(name: string, type: RrType): Promise<DnsAnswer> {
    const server = this.servers[0];
    if (!server) return Promise.resolve({ code: 'ERROR', records: [] });
    return new Promise<DnsAnswer>((resolve) => {
      const id = this.freeId();
      const timer = setTimeout(() => this.done(id, { code: 'TIMEOUT', records: [] }), GRACE_MS);
      timer.unref();
      this.inFlight.set(id, { name, type, server, resolve, timer });
      this.socket(server.family).send(encodeQuery(id, name, type), server.port, server.host, (err) => {
        if (err) this.done(id, { code: 'ERROR', records: [] });
      });
    });
  }

  private onMessage(msg: Buffer, address: string, port: number): void {
    if (msg.length < 12) return;
    const q = this.inFlight.get(msg.readUInt16BE(0));
    if (!q || q.server.port !== port || !sameHost(q.server.host, address)) return;
    let decoded;
    try {
      decoded = decodeAnswer(msg, q.type);
    } catch {
      return; // A malformed answer is ignored; the query times out.
    }
    if (decoded.question.toLowerCase() !== q.name.replace(/\.+$/, '').toLowerCase()) return;
    // A truncated answer would need TCP; EDNS0 makes it rare for the records asked here.
    this.done(decoded.id, decoded.truncated ? { code: 'ERROR', records: [] } : decoded.answer);
  }

  private done(id: number, answer: DnsAnswer): void {
    const q = this.inFlight.get(id);
    if (!q) return;
    this.inFlight.delete(id);
    clearTimeout(q.timer);
    q.resolve(answer);
  }

  close(): void {
    for (const id of [...this.inFlight.keys()]) this.done(id, { code: 'TIMEOUT', records: [] });
    for (const s of this.sockets.values()) s.close();
    this.sockets.clear();
  }
}

function sameHost(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase() || a.replace(/^::ffff:/, '') === b.replace(/^::ffff:/, '');
}
