import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { EX } from '../src/protocol/spamd/constants.js';
import { encodeRequestHead, type RequestHead } from '../src/protocol/spamd/request-encode.js';
import { EX_TOOBIG, parseReply, type ParsedReply, type ReplyMode } from '../src/protocol/spamd/reply-parse.js';
import { connectTransport, resolveHosts, type HostEntry, type TransportOptions } from './connect.js';
import { SpamcError } from './spamc-error.js';

export { SpamcError } from './spamc-error.js';

export interface TlsOptions {
  cert?: string;
  key?: string;
  caFile?: string;
  caPath?: string;
}

export interface ClientOptions extends Partial<Omit<TransportOptions, 'log'>> {
  /** `User:` header value. */
  user?: string;
  /** zlib-compress scanned bodies (`Compress: zlib`). */
  compress?: boolean;
  /** Seconds of silence allowed while talking to spamd (0: none). */
  timeout?: number;
  /** Largest reply body accepted (spamc: max message size + 16384). */
  maxReplyBody?: number;
  /** Whole-transaction retries on I/O errors (`--filter-retries`). */
  filterRetries?: number;
  filterRetrySleep?: number;
  tls?: TlsOptions;
  log?: (message: string) => void;
}

export interface ScanResult {
  isSpam: boolean;
  score: number;
  threshold: number;
  /** The reply body (message, header section, report or rule list). */
  body: Buffer;
  reply: ParsedReply;
}

export interface TellRequest {
  messageClass?: 'spam' | 'ham';
  set?: { local?: boolean; remote?: boolean };
  remove?: { local?: boolean; remote?: boolean };
}

/**
 * A spamd client library with spamc's behaviour: host fail-over and retries,
 * one request per connection, half-close after the body, reply read to EOF
 * and judged by libspamc's rules. Failures throw SpamcError with the exit
 * code spamc would use; callers decide about safe fallback.
 */
export class SpamdClient {
  private readonly t: TransportOptions;
  private hosts: HostEntry[] | undefined;

  constructor(private readonly opts: ClientOptions = {}) {
    this.t = {
      hosts: opts.hosts ?? [],
      port: opts.port ?? 783,
      randomize: opts.randomize ?? false,
      failover: opts.failover ?? true,
      connectRetries: opts.connectRetries ?? 3,
      retrySleep: opts.retrySleep ?? 1,
      log: opts.log ?? (() => {}),
      ...(opts.socketPath !== undefined ? { socketPath: opts.socketPath } : {}),
      ...(opts.family !== undefined ? { family: opts.family } : {}),
      ...(opts.connectTimeout !== undefined ? { connectTimeout: opts.connectTimeout } : {}),
    };
  }

  async check(message: Buffer): Promise<ScanResult> {
    return this.scan('CHECK', message, 'check');
  }
  async symbols(message: Buffer): Promise<ScanResult & { names: string[] }> {
    const r = await this.scan('SYMBOLS', message, 'body');
    const text = r.body.toString('latin1').replace(/\r\n$/, '');
    return { ...r, names: text === '' ? [] : text.split(',') };
  }
  async report(message: Buffer): Promise<ScanResult> {
    return this.scan('REPORT', message, 'body');
  }
  async reportIfSpam(message: Buffer): Promise<ScanResult> {
    return this.scan('REPORT_IFSPAM', message, 'body');
  }
  async process(message: Buffer): Promise<ScanResult> {
    return this.scan('PROCESS', message, 'body');
  }
  async headers(message: Buffer): Promise<ScanResult> {
    return this.scan('HEADERS', message, 'body');
  }

  async ping(): Promise<{ version: string; code: number }> {
    const r = await this.transact({ command: 'PING' }, Buffer.alloc(0), 'ping');
    return { version: r.versionText, code: r.code };
  }

  async tell(message: Buffer, req: TellRequest): Promise<{ didSet: ParsedReply['didSet']; didRemove: ParsedReply['didRemove'] }> {
    const head: RequestHead = { command: 'TELL', contentLength: message.length, ...req, ...this.userField() };
    const r = await this.transact(head, message, 'tell');
    return { didSet: r.didSet, didRemove: r.didRemove };
  }

  private userField(): { user?: string } {
    return this.opts.user !== undefined ? { user: this.opts.user } : {};
  }

  private async scan(command: RequestHead['command'], message: Buffer, mode: ReplyMode): Promise<ScanResult> {
    let body = message;
    if (this.opts.compress) {
      const { deflateSync } = await import('node:zlib');
      body = deflateSync(message, { level: 3 });
    }
    const head: RequestHead = { command, contentLength: body.length, ...this.userField(), ...(this.opts.compress ? { compress: true } : {}) };
    const reply = await this.transact(head, body, mode);
    const spam = reply.spam ?? { isSpam: false, score: 0, threshold: 0 };
    return { ...spam, body: reply.body, reply };
  }

  /** One request, retried on I/O errors as `--filter-retries` asks, moving to the next host each time. */
  async transact(head: RequestHead, body: Buffer, mode: ReplyMode): Promise<ParsedReply> {
    const retries = Math.max(1, this.opts.filterRetries ?? 1);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.transactOnce(head, body, mode);
      } catch (err) {
        if (!(err instanceof SpamcError) || err.exit !== EX.IOERR || attempt >= retries) throw err;
        if (this.hosts !== undefined && this.hosts.length > 1) this.hosts.push(this.hosts.shift() as HostEntry);
        await new Promise((r) => setTimeout(r, (this.opts.filterRetrySleep ?? 1) * 1000));
      }
    }
  }

  private async transactOnce(head: RequestHead, body: Buffer, mode: ReplyMode): Promise<ParsedReply> {
    if (this.t.socketPath === undefined) this.hosts ??= await resolveHosts(this.t);
    const socket = await connectTransport(this.t, this.hosts);
    const stream = this.opts.tls !== undefined ? await this.startTls(socket) : socket;
    const maxBody = this.opts.maxReplyBody ?? 500 * 1024 + 16384;
    const raw = await exchange(stream, Buffer.concat([encodeRequestHead(head), body]), this.opts.tls === undefined, maxBody + 16384, this.opts.timeout ?? 0);
    const parsed = parseReply(raw, mode, maxBody);
    if (!parsed.ok) {
      this.t.log(parsed.reason);
      throw new SpamcError(parsed.exit, parsed.reason);
    }
    return parsed.reply;
  }

  /** TLS is loaded only when asked for, to keep spamc's start-up light. */
  private async startTls(socket: Socket): Promise<Duplex> {
    const tls = await import('node:tls');
    const { readFileSync } = await import('node:fs');
    const o = this.opts.tls ?? {};
    const verify = o.caFile !== undefined && o.caFile !== '';
    return new Promise((resolve, reject) => {
      const s = tls.connect({
        socket,
        rejectUnauthorized: verify,
        ...(verify ? { ca: readFileSync(o.caFile as string) } : {}),
        ...(o.cert ? { cert: readFileSync(o.cert), key: readFileSync(o.key ?? o.cert) } : {}),
      });
      s.once('secureConnect', () => resolve(s));
      s.once('error', (err) => {
        this.t.log(`SSL connection failed: ${err.message}`);
        reject(new SpamcError(EX.IOERR, 'TLS handshake failed'));
      });
    });
  }
}

/**
 * Writes the request, half-closes (not over TLS, as spamc), and reads until
 * EOF. More than `cap` bytes stops reading: the reply is then too big anyway.
 */
function exchange(stream: Duplex, request: Buffer, halfClose: boolean, cap: number, timeoutSec: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let timer: NodeJS.Timeout | undefined;
    const finish = (err?: SpamcError) => {
      clearTimeout(timer);
      stream.removeAllListeners('data');
      stream.destroy();
      if (err !== undefined && size === 0) reject(err);
      else resolve(Buffer.concat(chunks));
    };
    const arm = () => {
      if (timeoutSec <= 0) return;
      clearTimeout(timer);
      timer = setTimeout(() => finish(new SpamcError(EX.IOERR, 'timeout talking to spamd')), timeoutSec * 1000);
    };
    stream.on('data', (c: Buffer) => {
      arm();
      chunks.push(c);
      size += c.length;
      if (size > cap) finish();
    });
    stream.once('end', () => finish());
    stream.once('error', () => finish(new SpamcError(EX.IOERR, 'read from spamd failed')));
    arm();
    stream.write(request);
    if (halfClose) (stream as Socket).end();
  });
}
