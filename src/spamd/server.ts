import { chmodSync, chownSync, existsSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import type { Engine } from '../engine/api-types.js';
import { AllowedIps } from './allowed-ips.js';
import { SpamdConnection, type ConnectionSettings, type Peer } from './connection.js';
import type { ListenSpec } from './listen-spec.js';
import type { DaemonLogger } from './logger.js';
import { Semaphore } from './semaphore.js';
import { SA_COMPAT_VERSION, SPAMWARD_VERSION } from '../engine/version.js';
import { connectionLine, tlsInfo, unixConnectionLine } from './connection-line.js';
import { peerHostname } from './peer-hostname.js';

export interface UnixSocketOwnership {
  uid?: number;
  gid?: number;
  /** Permission bits; spamd's default is 0666. */
  mode: number;
}

export interface ServerOptions extends ConnectionSettings {
  listen: ListenSpec[];
  allowedIps: string[];
  /** Concurrent scans (`--max-children`). */
  maxChildren: number;
  /** Open connections at most; past it the oldest connection still waiting for its request line is dropped. */
  maxConnections: number;
  /** TLS sockets' key and certificate; with `clientCas`, clients must present a certificate that chains to one of them (--ssl-verify). */
  tls?: { key: Buffer; cert: Buffer; clientCas?: Buffer[] };
  unixSocket: UnixSocketOwnership;
}

export interface BoundAddress {
  spec: ListenSpec;
  /** The TCP port actually bound (useful with port 0). */
  port?: number;
}

/** The spamd-compatible daemon: listeners, per-peer gate, limits, graceful close. */
export class SpamdServer {
  private readonly servers: Array<{ server: net.Server; spec: ListenSpec }> = [];
  private readonly connections = new Set<SpamdConnection>();
  private readonly allowed: AllowedIps;
  private readonly slots: Semaphore;
  private readonly secureContext: tls.SecureContext | undefined;
  /** With --ssl-verify, what TLS sockets are handed to (clientVerifier). */
  private readonly verifier: tls.Server | undefined;
  /** Peers (by address and port) handed to the verifier that have not been served yet. */
  private readonly awaitingVerification = new Set<string>();
  /** TLS connections' log lines (by peer label), waiting for their handshake. */
  private readonly tlsConnectionLines = new Map<string, Promise<string>>();

  constructor(
    private readonly engine: Engine,
    private readonly opts: ServerOptions,
    private readonly log: DaemonLogger,
  ) {
    this.allowed = new AllowedIps(opts.allowedIps);
    this.slots = new Semaphore(opts.maxChildren);
    this.secureContext = opts.tls === undefined ? undefined : tls.createSecureContext({ key: opts.tls.key, cert: opts.tls.cert });
    this.verifier = this.clientVerifier();
  }

  async start(): Promise<BoundAddress[]> {
    const bound: BoundAddress[] = [];
    for (const spec of this.opts.listen) {
      try {
        bound.push(await this.listenOne(spec));
      } catch (err) {
        // A host without IPv6 still serves the default loopback on 127.0.0.1.
        const code = (err as NodeJS.ErrnoException).code;
        if (spec.kind === 'tcp' && spec.host === '::1' && (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT')) continue;
        await this.close(0);
        throw err;
      }
    }
    // One line for every socket, as spamd writes it; log watchers wait for the pid line after it.
    const sockets = bound.map((b) => describe(b.spec, b.port)).join(', ');
    this.log.info(`spamd: server started on ${sockets} (running version ${SA_COMPAT_VERSION}, Spamward ${SPAMWARD_VERSION})`);
    this.log.info(`spamd: server pid: ${process.pid}`);
    return bound;
  }

  private async listenOne(spec: ListenSpec): Promise<BoundAddress> {
    if (spec.kind === 'tcp' && spec.tls && this.secureContext === undefined) {
      throw new Error('TLS listener needs --server-key and --server-cert');
    }
    // spamc half-closes after the body and then reads the reply, so our side must stay open.
    const server = net.createServer({ pauseOnConnect: true, allowHalfOpen: true }, (socket) => this.accept(socket, spec));
    server.on('error', (err) => this.log.warn(`spamd: listener error: ${err.message}`));
    if (spec.kind === 'unix' && existsSync(spec.path)) unlinkSync(spec.path);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      const onListening = () => {
        server.off('error', reject);
        resolve();
      };
      if (spec.kind === 'unix') server.listen(spec.path, onListening);
      else server.listen({ host: spec.host, port: spec.port, backlog: 511 }, onListening);
    });
    if (spec.kind === 'unix') this.applyOwnership(spec.path);
    this.servers.push({ server, spec });
    const addr = server.address();
    const port = typeof addr === 'object' && addr !== null ? addr.port : undefined;
    return port === undefined ? { spec } : { spec, port };
  }

  private applyOwnership(path: string): void {
    const u = this.opts.unixSocket;
    chmodSync(path, u.mode);
    if (u.uid !== undefined || u.gid !== undefined) chownSync(path, u.uid ?? -1, u.gid ?? -1);
  }

  /** Checks the peer before a single byte is read, then hands over to a connection. */
  private accept(socket: net.Socket, spec: ListenSpec): void {
    socket.on('error', () => socket.destroy());
    const peer = peerOf(socket, spec);
    if (spec.kind === 'tcp' && !this.allowed.allows(socket.remoteAddress)) {
      const line = connectionLine(peer.address, socket);
      socket.destroy();
      void peerHostname(peer.address).then((host) => this.log.warn(`spamd: unauthorized ${line.replace(`from ${peer.address} `, `from ${host} `)}`));
      return;
    }
    if (!this.makeRoom()) {
      this.log.warn(`spamd: too many connections, refusing ${peer.label}`);
      socket.destroy();
      return;
    }
    const logged = this.logConnection(socket, spec, peer);
    if (spec.kind === 'tcp' && spec.tls && this.verifier !== undefined) {
      // --ssl-verify: the connection starts once the client's certificate is verified (clientVerifier).
      this.awaitingVerification.add(peer.label);
      socket.once('close', () => {
        if (this.awaitingVerification.delete(peer.label)) this.log.warn(`spamd: refusing ${peer.label}: TLS handshake failed or client certificate not verified`);
      });
      this.verifier.emit('connection', socket);
      socket.resume();
      return;
    }
    if (spec.kind === 'tcp' && spec.tls) {
      const secure = this.wrapTls(socket);
      this.serve(secure, peer, new Promise((resolve) => secure.once('secure', () => resolve(this.logSecured(secure, peer.label)))));
    } else {
      this.serve(socket, peer, logged);
    }
    socket.resume();
  }

  /**
   * spamd logs a connection once it knows the peer's name (and, over TLS,
   * the protocol and cipher); the line goes out before the request's own lines.
   */
  private logConnection(socket: net.Socket, spec: ListenSpec, peer: Peer): Promise<void> {
    if (spec.kind === 'unix') {
      this.log.info(`spamd: ${unixConnectionLine(spec.path)}`);
      return Promise.resolve();
    }
    // Read now: once the socket closes its addresses and descriptor are gone.
    const line = connectionLine(peer.address, socket);
    const named = peerHostname(peer.address).then((host) => line.replace(`from ${peer.address} `, `from ${host} `));
    if (!spec.tls) return named.then((text) => this.log.info(`spamd: ${text}`));
    this.tlsConnectionLines.set(peer.label, named);
    socket.once('close', () => this.tlsConnectionLines.delete(peer.label));
    return Promise.resolve();
  }

  /** Over TLS the connection line waits for the handshake: spamd logs the protocol and cipher in it. */
  private logSecured(secure: tls.TLSSocket, label: string): Promise<void> {
    const named = this.tlsConnectionLines.get(label);
    this.tlsConnectionLines.delete(label);
    return named?.then((text) => this.log.info(`spamd: ${text}${tlsInfo(secure)}`)) ?? Promise.resolve();
  }

  private serve(stream: net.Socket, peer: Peer, connectionLogged: Promise<void>): void {
    const conn = new SpamdConnection(stream, peer, { engine: this.engine, settings: this.opts, log: this.log, scanSlots: this.slots, connectionLogged });
    this.connections.add(conn);
    stream.on('close', () => this.connections.delete(conn));
    conn.start();
  }

  private wrapTls(socket: net.Socket): tls.TLSSocket {
    const secure = new tls.TLSSocket(socket, { isServer: true, secureContext: this.secureContext as tls.SecureContext });
    secure.on('error', () => secure.destroy());
    return secure;
  }

  /**
   * --ssl-verify: a tls.Server that never listens; accepted sockets are
   * handed to it, and it emits those whose client certificate chained to a
   * configured CA. (A TLS socket made outside a tls.Server does not act on
   * rejectUnauthorized: a client with any self-signed certificate got in.)
   */
  private clientVerifier(): tls.Server | undefined {
    const t = this.opts.tls;
    if (t?.clientCas === undefined) return undefined;
    // Half-open as the plain listeners: spamc may shut down its side before it reads the reply.
    const verifier = tls.createServer({ key: t.key, cert: t.cert, ca: t.clientCas, requestCert: true, rejectUnauthorized: true, allowHalfOpen: true });
    verifier.on('secureConnection', (secure: tls.TLSSocket) => {
      secure.on('error', () => secure.destroy());
      const peer = peerOf(secure, { kind: 'tcp', host: '', port: 0, tls: true });
      this.awaitingVerification.delete(peer.label);
      this.serve(secure, peer, this.logSecured(secure, peer.label));
    });
    // Refusals are logged when the socket closes unverified (a rejected certificate raises no event).
    verifier.on('tlsClientError', () => undefined);
    return verifier;
  }

  /** Frees a slot by dropping the oldest connection that has not sent its request line yet. */
  private makeRoom(): boolean {
    if (this.connections.size < this.opts.maxConnections) return true;
    for (const c of this.connections) {
      if (c.idle) {
        c.close();
        this.connections.delete(c);
        return true;
      }
    }
    return false;
  }

  get openConnections(): number {
    return this.connections.size;
  }

  /** Stops listening, lets running requests finish for up to `graceMs`, then drops the rest. */
  async close(graceMs = 5000): Promise<void> {
    await Promise.all(this.servers.map(({ server }) => new Promise<void>((r) => server.close(() => r()))));
    for (const { spec } of this.servers) if (spec.kind === 'unix' && existsSync(spec.path)) unlinkSync(spec.path);
    this.servers.length = 0;
    for (const c of this.connections) if (c.idle) c.close();
    const deadline = Date.now() + graceMs;
    while (this.connections.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    for (const c of this.connections) c.close();
    this.connections.clear();
  }
}

function peerOf(socket: net.Socket, spec: ListenSpec): Peer {
  if (spec.kind === 'unix') return { address: '127.0.0.1', port: 0, label: spec.path, unixSocket: true };
  const address = socket.remoteAddress ?? '';
  const port = socket.remotePort ?? 0;
  return { address, port, label: `[${address}]:${port}` };
}

/** A listening socket as spamd names it: by its Perl class (IO::Socket::SSL for TLS), or as a UNIX domain socket. */
function describe(spec: ListenSpec, port: number | undefined): string {
  if (spec.kind === 'unix') return `UNIX domain socket ${spec.path}`;
  return `${spec.tls ? 'IO::Socket::SSL' : 'IO::Socket::IP'} [${spec.host}]:${port ?? spec.port}`;
}
