/** Sends raw bytes to a spamd and collects everything until it closes (bounded by a timeout). */
import net from 'node:net';

export interface RawOptions {
  /** Half-close after writing (what spamc does). Default true. */
  halfClose?: boolean;
  timeoutMs?: number;
  host?: string;
}

export interface RawResult {
  bytes: Buffer;
  /** True when the server closed; false when our timeout fired first. */
  closed: boolean;
}

export function rawExchange(target: number | string, request: Buffer | string, opts: RawOptions = {}): Promise<RawResult> {
  return new Promise((resolve) => {
    const socket = typeof target === 'number' ? net.connect({ port: target, host: opts.host ?? '127.0.0.1', allowHalfOpen: true }) : net.connect({ path: target, allowHalfOpen: true });
    const chunks: Buffer[] = [];
    const done = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ bytes: Buffer.concat(chunks), closed });
    };
    const timer = setTimeout(() => done(false), opts.timeoutMs ?? 5000);
    socket.on('connect', () => {
      socket.write(typeof request === 'string' ? Buffer.from(request, 'latin1') : request);
      if (opts.halfClose ?? true) socket.end();
    });
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => done(true));
    socket.on('error', () => done(true));
  });
}

/** Opens a connection and leaves it idle; returns the socket (callers destroy it). */
export function idleConnection(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ port, host: '127.0.0.1' }, () => resolve(s));
    s.on('error', reject);
  });
}
