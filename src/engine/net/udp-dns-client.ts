/**
 * DnsClient over UDP, one connected socket per server (TCP when an answer
 * comes back truncated). Answers wait in the
 * socket until the event loop reads them, so a long run of rules never
 * turns an arrived answer into a timeout (c-ares would: its timer is
 * checked before its socket). Budgets are the query session's; the client
 * only forgets queries nobody waits for any more after a long grace time.
 */
import { createSocket, type Socket } from 'node:dgram';
import { getServers } from 'node:dns';
import { randomInt } from 'node:crypto';
import type { DnsOptions } from './dns-settings.js';
import type { DnsAnswer, DnsClient, RrType } from './dns-types.js';
import { decodeAnswer, encodeQuery } from './dns-wire.js';
import { tcpQuery } from './tcp-dns-query.js';

export interface Server {
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
  /** Sent to one named server (the probe): never failed over. */
  pinned: boolean;
}

const GRACE_MS = 60_000;

interface Link {
  sock: Socket;
  /** Packets waiting for connect() to complete; undefined once connected. */
  waiting: Buffer[] | undefined;
}

/** "1.2.3.4:53", "[::1]:5353", "1.2.3.4" → host, port, family. */
export function parseServer(text: string): Server | undefined {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (v6) return { host: v6[1] as string, port: Number(v6[2] ?? 53), family: 6 };
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3})(?::(\d+))?$/.exec(text);
  if (v4) return { host: v4[1] as string, port: Number(v4[2] ?? 53), family: 4 };
  if (text.includes(':')) return { host: text, port: 53, family: 6 };
  return undefined;
}

/**
 * SpamAssassin's choice of server (DnsResolver.pm): every query goes to the
 * first available server; a server whose socket reports an error (port
 * unreachable: nothing listens) is rotated to the end of the list for good,
 * and its queries go to the next one. A server that takes queries and never
 * answers is not failed over: its queries time out (dns_available test is
 * what drops such servers, see NetworkRuntime).
 */
export class UdpDnsClient implements DnsClient {
  private readonly configured: Server[];
  private available: Server[];
  private readonly sockets = new Map<Server, Link>();
  private readonly inFlight = new Map<number, InFlight>();
  /** Queries answered over TCP after a truncated UDP answer (for tests and the report). */
  tcpFallbacks = 0;

  /** `servers` as dns_server gives them; empty = the system's (resolv.conf). */
  constructor(servers: readonly string[], private readonly options: Pick<DnsOptions, 'edns' | 'rotate'> = { edns: 4096, rotate: false }) {
    const list = servers.length > 0 ? servers : getServers();
    this.configured = list.map(parseServer).filter((s): s is Server => s !== undefined);
    this.available = [...this.configured];
    if (options.rotate) this.available.sort(() => Math.random() - 0.5);
  }

  serverList(): string[] {
    return this.available.map(serverName);
  }

  configuredServers(): string[] {
    return this.configured.map(serverName);
  }

  /** Keep only these servers (in this order), as dns_available test does with the ones that answered. */
  setAvailable(names: readonly string[]): void {
    this.available = this.configured.filter((s) => names.includes(serverName(s)));
  }

  private socket(server: Server): Link {
    let link = this.sockets.get(server);
    if (!link) {
      const sock = createSocket(server.family === 6 ? 'udp6' : 'udp4');
      const l: Link = { sock, waiting: [] };
      sock.on('message', (msg, rinfo) => this.onMessage(msg, rinfo.address, rinfo.port));
      // A connected socket hears the ICMP "port unreachable" of a server nobody runs.
      sock.on('error', () => this.failServer(server));
      // Sends wait for connect(), which completes asynchronously.
      sock.connect(server.port, server.host, () => {
        const waiting = l.waiting;
        l.waiting = undefined;
        for (const packet of waiting ?? []) this.transmit(l, server, packet);
      });
      sock.unref();
      this.sockets.set(server, l);
      link = l;
    }
    return link;
  }

  private freeId(): number {
    for (;;) {
      const id = randomInt(0, 65536);
      if (!this.inFlight.has(id)) return id;
    }
  }

  query(name: string, type: RrType): Promise<DnsAnswer> {
    const server = this.available[0];
    if (!server) return Promise.resolve({ code: 'ERROR', records: [] });
    return this.queryVia(server, name, type, GRACE_MS);
  }

  /** One query to one server, given up after `timeoutMs` (the probe's per-server tries). */
  queryVia(server: Server | string, name: string, type: RrType, timeoutMs: number): Promise<DnsAnswer> {
    const target = typeof server === 'string' ? this.configured.find((s) => serverName(s) === server) : server;
    if (!target) return Promise.resolve({ code: 'ERROR', records: [] });
    return new Promise<DnsAnswer>((resolve) => {
      const id = this.freeId();
      const timer = setTimeout(() => this.done(id, { code: 'TIMEOUT', records: [] }), timeoutMs);
      timer.unref();
      this.inFlight.set(id, { name, type, server: target, resolve, timer, pinned: typeof server === 'string' });
      this.send(id);
    });
  }

  private send(id: number): void {
    const q = this.inFlight.get(id);
    if (!q) return;
    const link = this.socket(q.server);
    const packet = encodeQuery(id, q.name, q.type, this.options.edns);
    if (link.waiting) link.waiting.push(packet);
    else this.transmit(link, q.server, packet);
  }

  private transmit(link: Link, server: Server, packet: Buffer): void {
    try {
      link.sock.send(packet, (err) => {
        if (err) this.failServer(server);
      });
    } catch {
      // The socket was closed (engine close): the query simply times out.
    }
  }

  /** bgsend's failover: the failing server goes to the end of the list, its queries to the new first one. */
  private failServer(server: Server): void {
    if (this.available.length < 2 || this.available[0] !== server) return;
    this.available = [...this.available.slice(1), server];
    const next = this.available[0] as Server;
    for (const [id, q] of this.inFlight) {
      if (q.server !== server || q.pinned) continue;
      q.server = next;
      this.send(id);
    }
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
    if (decoded.truncated && decoded.answer.code === 'NODATA') {
      this.retryOverTcp(decoded.id, q);
      return;
    }
    this.done(decoded.id, decoded.answer);
  }

  /** SpamAssassin (bug 8225) asks again over TCP when a NOERROR answer comes back truncated. */
  private retryOverTcp(id: number, q: InFlight): void {
    this.tcpFallbacks++;
    void tcpQuery(q.server.host, q.server.port, q.name, q.type).then((a) => this.done(id, a));
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
    for (const l of this.sockets.values()) l.sock.close();
    this.sockets.clear();
  }
}

function serverName(s: Server): string {
  return s.family === 6 ? `[${s.host}]:${s.port}` : `${s.host}:${s.port}`;
}

function sameHost(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase() || a.replace(/^::ffff:/, '') === b.replace(/^::ffff:/, '');
}
