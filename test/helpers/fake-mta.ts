/**
 * The MTA side of the milter protocol, built on our own codec: connects to
 * a milter, negotiates, and plays commands, collecting replies the way
 * Postfix does (modifications until a final reply).
 */
import { connect, type Socket } from 'node:net';
import { encodeCommand, type MtaCommand } from '../../src/protocol/milter/commands.js';
import { SMFIP } from '../../src/protocol/milter/constants.js';
import { FrameReader } from '../../src/protocol/milter/frame.js';
import { decodeReply, FINAL_REPLY_KINDS, type MilterReply } from '../../src/protocol/milter/replies.js';

export type Target = { port: number; host?: string } | { path: string };

export interface TestMessage {
  client?: { hostname: string; address: string; port?: number };
  helo?: string;
  sender?: string;
  recipients?: string[];
  /** [name, value] with the value as it follows the colon (leading space included). */
  headers: Array<[string, string]>;
  body: string | Buffer;
  macros?: Partial<Record<'C' | 'H' | 'M' | 'R' | 'T' | 'E', Array<[string, string]>>>;
}

export class FakeMta {
  private readonly reader = new FrameReader(1 << 20);
  private readonly queue: MilterReply[] = [];
  private waiters: Array<() => void> = [];
  private closedFlag = false;
  negotiated: Extract<MilterReply, { kind: 'optneg' }> | null = null;

  /** Reply timeout for each command (ms); real MTAs allow 30 s for commands, 300 s for content. */
  timeoutMs = 5000;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      for (const f of this.reader.push(chunk)) this.queue.push(decodeReply(f));
      this.wake();
    });
    socket.on('close', () => {
      this.closedFlag = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  static async open(target: Target): Promise<FakeMta> {
    const socket = 'path' in target ? connect(target.path) : connect(target.port, target.host ?? '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    socket.setNoDelay(true);
    return new FakeMta(socket);
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Next reply, or null when the milter closed the connection. Fails after `timeoutMs`. */
  async next(timeoutMs = this.timeoutMs): Promise<MilterReply | null> {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length === 0) {
      if (this.closedFlag) return null;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('fake MTA: no reply from the milter in time');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.queue.shift() as MilterReply;
  }

  send(c: MtaCommand): void {
    this.socket.write(encodeCommand(c));
  }

  /** Sends a command and collects replies up to and including the final one. */
  async command(c: MtaCommand, timeoutMs?: number): Promise<MilterReply[]> {
    this.send(c);
    const out: MilterReply[] = [];
    for (;;) {
      const r = await this.next(timeoutMs);
      if (r === null) return out;
      out.push(r);
      if (FINAL_REPLY_KINDS.has(r.kind) || r.kind === 'optneg') return out;
    }
  }

  async negotiate(offer = { version: 6, actions: 0x1ff, protocol: 0x1fffff }): Promise<Extract<MilterReply, { kind: 'optneg' }>> {
    const [reply] = await this.command({ cmd: 'optneg', ...offer });
    if (reply?.kind !== 'optneg') throw new Error(`fake MTA: expected an OPTNEG reply, got ${reply?.kind}`);
    this.negotiated = reply;
    return reply;
  }

  /** Whether the negotiated protocol bits include `bit` (an NR_* or NO* flag). */
  private noReply(bit: number): boolean {
    return this.negotiated !== null && (this.negotiated.protocol & bit) !== 0;
  }

  /** Sends a command that the negotiated NR_* bit may exempt from a reply. */
  async step(c: MtaCommand, nrBit: number): Promise<MilterReply[]> {
    if (this.noReply(nrBit)) {
      this.send(c);
      return [];
    }
    return this.command(c);
  }

  /** Connect + HELO for a new SMTP session. */
  async hello(m: Pick<TestMessage, 'client' | 'helo' | 'macros'>): Promise<MilterReply[]> {
    const client = m.client ?? { hostname: 'client.example.net', address: '192.0.2.7' };
    this.send({ cmd: 'macro', stage: 'C', macros: m.macros?.C ?? [['j', 'mx.test.example'], ['v', 'Postfix 3.7.11']] });
    const conn = await this.step({ cmd: 'connect', hostname: client.hostname, family: 'inet', port: client.port ?? 12345, address: client.address }, SMFIP.NR_CONN);
    if (conn.some((r) => r.kind === 'accept')) return conn;
    return [...conn, ...(await this.step({ cmd: 'helo', name: m.helo ?? client.hostname }, SMFIP.NR_HELO))];
  }

  /**
   * One message transaction. Returns the replies to every step; `final` is
   * what the MTA does with the message (the last reply seen).
   */
  async message(m: TestMessage): Promise<{ all: MilterReply[]; eom: MilterReply[]; final: MilterReply | undefined }> {
    const all: MilterReply[] = [];
    const stop = (rs: MilterReply[]) => {
      all.push(...rs);
      return rs.some((r) => r.kind !== 'continue' && r.kind !== 'skip');
    };
    if (m.macros?.M) this.send({ cmd: 'macro', stage: 'M', macros: m.macros.M });
    if (stop(await this.step({ cmd: 'mail', args: [m.sender ?? '<alice@example.org>'] }, SMFIP.NR_MAIL))) return done(all, []);
    for (const r of m.recipients ?? ['<bob@example.com>']) {
      if (m.macros?.R) this.send({ cmd: 'macro', stage: 'R', macros: m.macros.R });
      if (stop(await this.step({ cmd: 'rcpt', args: [r] }, SMFIP.NR_RCPT))) return done(all, []);
    }
    if (m.macros?.T) this.send({ cmd: 'macro', stage: 'T', macros: m.macros.T });
    // Like Postfix, events the milter declined (SMFIP_NO*) are left out; their macros still go.
    if (!this.noReply(SMFIP.NODATA) && stop(await this.step({ cmd: 'data' }, SMFIP.NR_DATA))) return done(all, []);
    for (const [name, value] of m.headers) {
      if (stop(await this.step({ cmd: 'header', name, value }, SMFIP.NR_HDR))) return done(all, []);
    }
    if (!this.noReply(SMFIP.NOEOH) && stop(await this.step({ cmd: 'eoh' }, SMFIP.NR_EOH))) return done(all, []);
    const body = typeof m.body === 'string' ? Buffer.from(m.body, 'latin1') : m.body;
    for (let pos = 0; pos < body.length; pos += 65535) {
      const rs = await this.step({ cmd: 'body', chunk: body.subarray(pos, pos + 65535) }, SMFIP.NR_BODY);
      all.push(...rs);
      if (rs.some((r) => r.kind === 'skip')) break;
      if (rs.some((r) => r.kind !== 'continue')) return done(all, []);
    }
    if (m.macros?.E) this.send({ cmd: 'macro', stage: 'E', macros: m.macros.E });
    const eom = await this.command({ cmd: 'eob', chunk: Buffer.alloc(0) }, Math.max(30_000, this.timeoutMs));
    all.push(...eom);
    return done(all, eom);
  }

  async quit(): Promise<void> {
    this.send({ cmd: 'quit' });
    await this.waitClosed();
  }

  async waitClosed(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closedFlag) {
      if (Date.now() > deadline) throw new Error('fake MTA: milter did not close the connection');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  destroy(): void {
    this.socket.destroy();
  }
}

function done(all: MilterReply[], eom: MilterReply[]) {
  return { all, eom, final: all[all.length - 1] };
}
