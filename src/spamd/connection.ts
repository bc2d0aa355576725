import type { Duplex } from 'node:stream';
import type { Engine, ScanOptions } from '../engine/api-types.js';
import type { ScanCommand } from '../protocol/spamd/constants.js';
import { decodeBody } from '../protocol/spamd/body-decode.js';
import { SpamdReplyError, badHeader, timedOut, unavailable } from '../protocol/spamd/reply-error.js';
import type { RequestHeaders } from '../protocol/spamd/request-headers.js';
import { RequestReader } from '../protocol/spamd/request-reader.js';
import type { RequestLine } from '../protocol/spamd/request-line.js';
import { encodePong } from '../protocol/spamd/response-encode.js';
import { SpamwardError } from '../util/errors.js';
import { runScan, runTell } from './commands.js';
import type { MessageObserver, MessageRecord } from '../daemon/message-record.js';
import type { DaemonLogger } from './logger.js';
import type { Semaphore } from './semaphore.js';
import { loggedMessageIds } from './message-ids.js';
import { peerHostname } from './peer-hostname.js';
import { checkingLine, resultLine, verdictLine } from './scan-log-lines.js';
import { userPrefsFor, type UserPrefsPolicy } from './user-prefs.js';

export interface ConnectionSettings {
  allowTell: boolean;
  /** Seconds to receive the request line (0: none). */
  timeoutTcp: number;
  /** Seconds for headers, body and scan (0: none). */
  timeoutChild: number;
  maxMessageBytes: number;
  maxLineBytes: number;
  userPrefs: UserPrefsPolicy;
  /** Told about every scanned message; when set it replaces spamd's `result:` log line. */
  observer?: MessageObserver;
}

export interface ConnectionDeps {
  engine: Engine;
  settings: ConnectionSettings;
  log: DaemonLogger;
  scanSlots: Semaphore;
  /** Resolves once the server has logged this connection (its line waits for the peer's name): the request's lines come after it. */
  connectionLogged?: Promise<void>;
}

export interface Peer {
  address: string;
  port: number;
  /** Label for logs: `[addr]:port` or the socket path. */
  label: string;
  /** A UNIX-domain client, which spamd calls `localhost`. */
  unixSocket?: boolean;
}

/**
 * Serves one spamd request on a connected socket: read, answer, close.
 * Every fault ends in spamd's own one-line error reply; nothing thrown here
 * escapes to the server.
 */
export class SpamdConnection {
  private readonly reader: RequestReader;
  private line: RequestLine | undefined;
  private headers: RequestHeaders = {};
  private timer: NodeJS.Timeout | undefined;
  private finished = false;
  private replied = false;
  /** When --timeout-child expires (ms since epoch); the engine gets what is left. */
  private deadline: number | undefined;
  /** When the request line arrived (ms since epoch). */
  private startedAt: number | undefined;
  /** True until the request line arrived: such connections may be evicted. */
  idle = true;
  /** The peer's name as spamd reports it (_REMOTEHOSTNAME_, `rhost=`), asked for while the request is read. */
  private readonly remoteHostname: Promise<string>;
  private remoteHostnameKnown: string | undefined;

  constructor(
    private readonly socket: Duplex,
    private readonly peer: Peer,
    private readonly deps: ConnectionDeps,
  ) {
    const s = deps.settings;
    this.reader = new RequestReader({ maxBodyBytes: s.maxMessageBytes, maxLineBytes: s.maxLineBytes });
    this.remoteHostname = peer.unixSocket ? Promise.resolve('localhost') : peerHostname(peer.address);
  }

  start(): void {
    const t = this.deps.settings.timeoutTcp;
    if (t > 0) this.arm(t, () => timedOut(`(${t} second socket timeout reading input from client)`));
    this.socket.on('data', (chunk: Buffer) => this.guard(() => this.onData(chunk)));
    this.socket.on('end', () => this.guard(() => this.onEnd()));
    this.socket.on('error', () => this.close());
    this.socket.on('close', () => this.cleanup());
  }

  /** Drops the connection without a reply (eviction, shutdown). */
  close(): void {
    this.finished = true;
    this.cleanup();
    this.socket.destroy();
  }

  private arm(seconds: number, err: () => SpamdReplyError): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fail(err()), seconds * 1000);
    this.timer.unref();
  }

  private cleanup(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.fail(err);
    }
  }

  private onData(chunk: Buffer): void {
    if (this.finished || this.reader.done) return;
    this.reader.push(chunk);
    this.pump();
  }

  private onEnd(): void {
    if (this.finished || this.reader.done) return;
    this.reader.end();
    this.pump();
  }

  private pump(): void {
    for (let step = this.reader.next(); step !== undefined && !this.finished; step = this.reader.next()) {
      if (step.kind === 'line') this.onLine(step.line);
      else if (step.kind === 'headers') this.onHeaders(step.headers);
      else return this.dispatch(step.body);
    }
    if (this.reader.done && !this.finished && this.line !== undefined) this.dispatch(Buffer.alloc(0));
  }

  private onLine(line: RequestLine): void {
    this.line = line;
    this.idle = false;
    this.startedAt = Date.now();
    const t = this.deps.settings.timeoutChild;
    if (t > 0) {
      this.deadline = Date.now() + t * 1000;
      this.arm(t, () => timedOut(`(${t} second timeout while trying to ${line.command})`));
    } else this.cleanup();
  }

  /** spamd refuses TELL (disabled, contradictory flags) before reading the body. */
  private onHeaders(h: RequestHeaders): void {
    this.headers = h;
    if (this.line?.command !== 'TELL') return;
    if (!this.deps.settings.allowTell) throw unavailable('TELL commands are not enabled, set the --allow-tell switch.');
    if (h.setLocal && h.removeLocal) throw badHeader('Unable to set local and remove local in the same operation.');
    if (h.setRemote && h.removeRemote) throw badHeader('Unable to set remote and remove remote in the same operation.');
  }

  private dispatch(body: Buffer): void {
    const line = this.line;
    if (line === undefined || this.finished) return;
    this.finished = true;
    this.socket.pause();
    if (line.command === 'PING') return this.reply(encodePong());
    if (line.command === 'SKIP') return this.reply(Buffer.alloc(0));
    const message = decodeBody(body, this.headers, this.deps.settings.maxMessageBytes);
    this.process(line, message).catch((err: unknown) => this.fail(err));
  }

  private async process(line: RequestLine, message: Buffer): Promise<void> {
    const opts = await this.scanOptions();
    const release = await this.deps.scanSlots.acquire();
    try {
      // A timeout may have answered while this request waited for a slot.
      if (this.replied || this.socket.destroyed) return;
      const started = Date.now();
      const size = message.length;
      if (line.command === 'TELL') {
        const r = await runTell(this.deps.engine, this.headers, message, opts);
        this.deps.log.info(`spamd: Tell: ${describeTell(r.didSet, r.didRemove)} for ${this.userLabel()} in ${secs(started)} seconds, ${size} bytes`);
        for (const reason of r.notDone) this.deps.log.info(`spamd: Tell: not learned: ${reason}`);
        return this.reply(r.reply);
      }
      const log = { user: this.userLabel(), uid: process.geteuid?.() ?? 0, ids: loggedMessageIds(message) };
      if (this.deps.settings.observer === undefined) {
        await this.deps.connectionLogged;
        this.deps.log.info(checkingLine(line.command, log));
      }
      const { reply, verdict } = await runScan(this.deps.engine, line.command as ScanCommand, line.version, message, opts);
      this.reply(reply);
      // The user's user_prefs, read for this request as spamd reads them: their bad lines are logged each time.
      for (const problem of verdict.configProblems) this.deps.log.warn(`spamd: config: ${problem}`);
      const observer = this.deps.settings.observer;
      if (observer) {
        observer({
          ...this.recordBase(started, size),
          action: verdict.isSpam ? 'tag' : 'accept',
          score: verdict.score,
          required: verdict.requiredScore,
          rules: verdict.testNames,
        });
        return;
      }
      const seconds = secs(started);
      this.deps.log.info(verdictLine(verdict, log, seconds, size));
      const peer = { host: this.remoteHostnameKnown ?? this.peer.address, address: this.peer.address, port: this.peer.unixSocket ? this.peer.label : this.peer.port };
      this.deps.log.info(resultLine(verdict, log, seconds, size, peer));
    } finally {
      release();
    }
  }

  private async scanOptions(): Promise<ScanOptions> {
    const [prefs, remoteHost] = await Promise.all([userPrefsFor(this.headers.user, this.deps.settings.userPrefs), this.remoteHostname]);
    this.remoteHostnameKnown = remoteHost;
    return {
      ...prefs,
      remoteHost,
      remoteAddr: this.peer.address,
      ...(this.deadline !== undefined ? { timeoutMs: Math.max(1, this.deadline - Date.now()) } : {}),
    };
  }

  private recordBase(started: number, bytes: number): Omit<MessageRecord, 'action'> {
    const base: Omit<MessageRecord, 'action'> = { frontEnd: 'spamd', client: this.peer.address, bytes, ms: Date.now() - started };
    if (this.headers.user !== undefined) base.user = this.headers.user;
    return base;
  }

  /** A scan request that ended in an error reply is still one message for the logs and metrics. */
  private recordFailure(reason: string): void {
    const command = this.line?.command;
    if (this.deps.settings.observer === undefined || command === undefined || command === 'PING' || command === 'SKIP' || command === 'TELL') return;
    this.deps.settings.observer({ ...this.recordBase(this.startedAt ?? Date.now(), 0), action: 'error', reason });
  }

  private userLabel(): string {
    return this.headers.user ?? '(unknown)';
  }

  /** Writes the whole reply, then closes: spamc reads to EOF. */
  private reply(bytes: Buffer): void {
    this.finished = true;
    this.cleanup();
    if (this.replied || this.socket.destroyed) return;
    this.replied = true;
    this.socket.end(bytes, () => this.socket.destroy());
    // A peer that never reads must not pin the socket forever.
    setTimeout(() => this.socket.destroy(), 30_000).unref();
  }

  private fail(err: unknown): void {
    if (this.replied) return;
    const e = toReplyError(err, this.line?.command, this.deps.settings.timeoutChild);
    this.recordFailure(e.message);
    if (err instanceof SpamwardError && err.code === 'ERR_USER_PREFS') {
      // spamd's two warnings: Conf::SQL's reason, then the service-unavailable line.
      this.deps.log.warn(`config: ${err.message}`);
      this.deps.log.warn(`spamd: service unavailable: ${SQL_PREFS_FAILED}`);
    } else this.deps.log.warn(`spamd: bad request from ${this.peer.label}: ${e.message}`);
    this.reply(Buffer.from(e.statusLine, 'latin1'));
  }
}

/** spamd's reason when a user's SQL preferences cannot be read. */
const SQL_PREFS_FAILED = 'Error fetching user preferences via SQL';

/** Engine timeouts become spamd's child timeout line; other faults a 69 the client can fall back on. */
function toReplyError(err: unknown, command: string | undefined, timeoutChild: number): SpamdReplyError {
  if (err instanceof SpamdReplyError) return err;
  if (err instanceof SpamwardError && err.code === 'ERR_USER_PREFS') return unavailable(SQL_PREFS_FAILED);
  if (err instanceof SpamwardError && err.code === 'ERR_TIMEOUT') {
    return timedOut(`(${timeoutChild} second timeout while trying to ${command ?? 'CHECK'})`);
  }
  const text = err instanceof Error ? err.message : String(err);
  return unavailable(`(${text.replace(/[\r\n]+/g, ' ')})`);
}

function describeTell(didSet: string[], didRemove: string[]): string {
  const parts = [didSet.length > 0 ? `Setting ${didSet.join(',')}` : '', didRemove.length > 0 ? `Removing ${didRemove.join(',')}` : ''];
  const text = parts.filter((p) => p !== '').join(' ');
  return text === '' ? 'Did nothing' : text;
}

function secs(started: number): string {
  return ((Date.now() - started) / 1000).toFixed(1);
}
