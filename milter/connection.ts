/**
 * The socket shell around one MilterSession: bytes → frames → commands →
 * session effects, applied strictly in order (a scan at end of message holds
 * back later frames). Framing errors close only this connection.
 */
import type { Socket } from 'node:net';
import { decodeCommand } from '../src/protocol/milter/commands.js';
import { SMFIP } from '../src/protocol/milter/constants.js';
import { FrameReader, type Frame } from '../src/protocol/milter/frame.js';
import { encodeReplies, type MilterReply } from '../src/protocol/milter/replies.js';
import { decideMessage, envelopeFields, SCAN_FAILED_REPLY, type AdapterDeps } from './adapter.js';
import { MessageCollector } from './collector.js';
import { MilterSession } from './session.js';
import type { SessionConfig, SessionEffect } from './session-types.js';

/** Frames waiting to be processed before the socket is paused (backpressure). */
const MAX_QUEUED_FRAMES = 64;

/**
 * OPTNEG replies already encoded, per session configuration and offer: an
 * MTA opens a connection per SMTP session and always makes the same offer,
 * so the reply (with its macro lists) is encoded once, not per connection.
 */
const optnegCache = new WeakMap<SessionConfig, Map<string, Buffer>>();

function encodedOptneg(config: SessionConfig, r: Extract<MilterReply, { kind: 'optneg' }>): Buffer {
  let byOffer = optnegCache.get(config);
  if (byOffer === undefined) optnegCache.set(config, (byOffer = new Map()));
  const key = `${r.version} ${r.actions} ${r.protocol} ${r.macros.length}`;
  let bytes = byOffer.get(key);
  if (bytes === undefined) byOffer.set(key, (bytes = encodeReplies([r])));
  return bytes;
}

export class MilterConnection {
  private readonly reader: FrameReader;
  private readonly session: MilterSession;
  private collector: MessageCollector | null = null;
  private collectFailure: string | null = null;
  private chain: Promise<void> = Promise.resolve();
  private queued = 0;
  private scanning = false;
  private draining = false;
  private ended = false;
  private peerText: string | null = null;
  /** Resolves once the socket is closed. */
  readonly done: Promise<void>;

  constructor(
    private readonly socket: Socket,
    private readonly deps: AdapterDeps,
    private readonly sessionConfig: SessionConfig,
    maxFrameLength?: number,
  ) {
    this.reader = new FrameReader(maxFrameLength);
    this.session = new MilterSession(sessionConfig);
    socket.setNoDelay?.(true);
    // A peer that goes silent would otherwise hold its message in memory forever.
    socket.setTimeout(deps.options.idleTimeoutMs, () => {
      // While we scan, the MTA is waiting on us; its silence is expected.
      if (this.scanning) return;
      this.log('warn', `no data for ${deps.options.idleTimeoutMs} ms; closing`);
      this.destroy();
    });
    this.done = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.log('debug', `socket error: ${err.message}`));
    socket.on('close', () => {
      this.ended = true;
      void this.collector?.dispose();
    });
  }

  /** For log lines only: looked up when first logged (getpeername is a system call per connection). */
  get peer(): string {
    this.peerText ??= this.socket.remoteAddress ? `${this.socket.remoteAddress}:${this.socket.remotePort}` : 'unix socket';
    return this.peerText;
  }

  /** True while a message is open or being scanned. */
  get busy(): boolean {
    return this.scanning || this.session.inMessage;
  }

  /** Finish the message in flight (if any), then close. */
  drain(): void {
    this.draining = true;
    if (!this.busy) this.finish('server shutting down');
  }

  /** Closes at once (drain timeout). */
  destroy(): void {
    this.ended = true;
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    let frames: Frame[];
    try {
      frames = this.reader.push(chunk);
    } catch (err) {
      this.log('warn', `closing connection: ${(err as Error).message}`);
      this.socket.destroy();
      return;
    }
    for (const frame of frames) this.enqueue(frame);
  }

  /**
   * Frames run at once while nothing is pending (nearly every frame: only the
   * scan, and body bytes past the spill threshold, wait on I/O); from the
   * first one that must wait, later frames queue behind it in order. This
   * keeps the per-frame cost of a ~30-frame message to a function call
   * rather than a chain of promises.
   */
  private enqueue(frame: Frame): void {
    if (this.queued === 0) {
      const pending = this.guard(() => (this.ended ? undefined : this.process(frame)));
      if (pending !== undefined) this.wait(pending);
      return;
    }
    this.wait(this.chain.then(() => (this.ended ? undefined : this.process(frame))));
  }

  /** Puts async work at the end of the chain; the socket pauses while too much is queued. */
  private wait(work: Promise<void>): void {
    this.queued++;
    if (this.queued > MAX_QUEUED_FRAMES) this.socket.pause();
    this.chain = work
      .catch((err: unknown) => this.internalError(err))
      .finally(() => {
        this.queued--;
        if (this.queued === 0 && !this.ended) this.socket.resume();
      });
  }

  private guard(run: () => Promise<void> | undefined): Promise<void> | undefined {
    try {
      return run();
    } catch (err) {
      this.internalError(err);
      return undefined;
    }
  }

  private internalError(err: unknown): void {
    this.log('error', `closing connection after internal error: ${(err as Error).stack ?? String(err)}`);
    this.socket.destroy();
  }

  /** Applies the frame's effects in order; returns a promise only if one of them has to wait. */
  private process(frame: Frame): Promise<void> | undefined {
    let effects: SessionEffect[];
    try {
      effects = this.session.handle(decodeCommand(frame));
    } catch (err) {
      this.log('warn', `closing connection: ${(err as Error).message}`);
      this.socket.destroy();
      return undefined;
    }
    return this.applyFrom(effects, 0);
  }

  private applyFrom(effects: SessionEffect[], first: number): Promise<void> | undefined {
    for (let i = first; i < effects.length; i++) {
      const pending = this.apply(effects[i] as SessionEffect);
      if (pending !== undefined) return pending.then(() => this.applyFrom(effects, i + 1));
    }
    return undefined;
  }

  /**
   * Applies one effect; a promise only when it has to wait (undefined: done).
   * A switch rather than a table of arrow functions built per connection:
   * a connection carries one message, so per-connection allocations count.
   */
  private apply(e: SessionEffect): Promise<void> | undefined {
    switch (e.type) {
      case 'reply':
        this.send([e.reply]);
        return undefined;
      case 'message-start': {
        const dropped = this.dropMessage();
        this.collector = new MessageCollector(this.deps.options);
        return dropped;
      }
      case 'header':
        this.collector?.addHeader(e.name, e.raw);
        return undefined;
      case 'end-of-headers':
        return undefined;
      case 'body':
        return this.addBody(e.chunk);
      case 'oversize':
        this.log('info', `message passed ${this.deps.options.maxMessageBytes} bytes; the rest is not collected`);
        return this.collector?.dispose();
      case 'end-of-message':
        return this.endOfMessage(e);
      case 'message-skipped':
        this.deps.observer?.({ ...envelopeFields(e.envelope), frontEnd: 'milter', action: 'skip', reason: e.reason, ms: 0 });
        return undefined;
      case 'abort': {
        const dropped = this.dropMessage();
        if (dropped === undefined) return this.afterAbort();
        return dropped.then(() => this.afterAbort());
      }
      case 'close':
        this.finish(e.reason);
        return undefined;
      case 'log':
        this.log(e.level, e.message);
        return undefined;
      default:
        return unreachable(e);
    }
  }

  private afterAbort(): undefined {
    if (this.draining) this.finish('server shutting down');
    return undefined;
  }

  private addBody(chunk: Buffer): Promise<void> | undefined {
    if (this.collector === null || this.collectFailure !== null) return undefined;
    let stored: Promise<void> | undefined;
    try {
      stored = this.collector.addBody(chunk);
    } catch (err) {
      this.bodyFailed(err);
      return undefined;
    }
    return stored?.catch((err: unknown) => this.bodyFailed(err));
  }

  /** Keep answering the MTA; the failure decides the final reply at end of message. */
  private bodyFailed(err: unknown): void {
    this.collectFailure = (err as Error).message;
    this.log('error', `cannot store message body: ${this.collectFailure}`);
  }

  private async endOfMessage(e: Extract<SessionEffect, { type: 'end-of-message' }>): Promise<void> {
    const opts = this.session.negotiated;
    const collector = this.collector ?? new MessageCollector(this.deps.options);
    this.scanning = true;
    try {
      let replies: MilterReply[];
      if (this.collectFailure !== null) {
        replies = this.deps.options.onError === 'tempfail' ? [{ kind: 'replycode', text: SCAN_FAILED_REPLY }] : [{ kind: 'accept' }];
      } else {
        replies = await decideMessage(this.deps, {
          envelope: e.envelope,
          collector,
          oversize: e.oversize,
          actions: opts?.actions ?? 0,
          leadspc: ((opts?.protocol ?? 0) & SMFIP.HDR_LEADSPC) !== 0,
        });
      }
      this.send(replies);
    } finally {
      this.scanning = false;
      await collector.dispose();
      await this.dropMessage();
    }
    if (this.draining) this.finish('server shutting down');
  }

  /** A promise only when the dropped message had spilled to disk. */
  private dropMessage(): Promise<void> | undefined {
    const c = this.collector;
    this.collector = null;
    this.collectFailure = null;
    return c?.dispose();
  }

  /** One write per answer: with NR_* there are about three per connection (OPTNEG, MAIL, end of message). */
  private send(replies: MilterReply[]): void {
    if (this.ended || replies.length === 0) return;
    const only = replies.length === 1 ? (replies[0] as MilterReply) : null;
    this.socket.write(only?.kind === 'optneg' ? encodedOptneg(this.sessionConfig, only) : encodeReplies(replies));
  }

  private finish(reason: string): void {
    if (this.ended) return;
    this.log('debug', `closing connection: ${reason}`);
    this.ended = true;
    this.socket.end();
  }

  private log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void {
    if (this.deps.logger.enabled?.(level) === false) return;
    this.deps.logger.log(level, `${this.peer}: ${message}`);
  }
}

function unreachable(e: never): never {
  throw new Error(`unknown session effect ${JSON.stringify(e)}`);
}
