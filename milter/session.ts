/**
 * One milter connection's state machine, free of I/O: feed it decoded
 * commands, get back effects (replies to send, content to collect, the
 * end-of-message signal). Out-of-order commands are handled as libmilter
 * does: abort the open transaction, fall back to the HELO phase, and process
 * the command if it is legal from there.
 */
import type { MtaCommand } from '../src/protocol/milter/commands.js';
import { SMFIP } from '../src/protocol/milter/constants.js';
import { expectsReply, negotiate, type Negotiated, type RepliedCommand } from '../src/protocol/milter/negotiate.js';
import { MacroTable } from './macros.js';
import { inTransaction, isLegal, targetPhase, type Phase, type PhaseCommand } from './session-phases.js';
import type { ConnectInfo, Envelope, SessionConfig, SessionEffect } from './session-types.js';

export class MilterSession {
  private phase: Phase = 'optneg';
  private opts: Negotiated | null = null;
  private readonly macros = new MacroTable();
  private connect: ConnectInfo | null = null;
  private helo: string | null = null;
  private connectionSkip: string | null = null;
  private sender = '';
  private mailArgs: string[] = [];
  private recipients: string[] = [];
  private messageSkip: string | null = null;
  private contentBytes = 0;
  private oversize = false;
  private out: SessionEffect[] = [];

  constructor(private readonly config: SessionConfig) {}

  get negotiated(): Negotiated | null {
    return this.opts;
  }

  /** True while a message is between MAIL and the end of its body. */
  get inMessage(): boolean {
    return inTransaction(this.phase);
  }

  get closed(): boolean {
    return this.phase === 'closed';
  }

  handle(command: MtaCommand): SessionEffect[] {
    this.out = [];
    if (this.phase === 'closed') return this.out;
    if (this.phase === 'optneg' && command.cmd !== 'optneg') {
      this.close(`${command.cmd} before option negotiation`);
      return this.out;
    }
    this.dispatch(command);
    return this.out;
  }

  /**
   * One case per command; commands that move the phase go through step(),
   * which returns false when the command was out of order and ignored.
   * A switch rather than a per-session table of closures: an MTA opens a
   * session per SMTP connection, usually for one message.
   */
  private dispatch(c: MtaCommand): void {
    switch (c.cmd) {
      case 'optneg':
        return this.onOptneg(c);
      case 'macro':
        return this.macros.set(c.stage, c.macros);
      case 'connect':
        if (this.step('connect')) this.onConnect(c);
        return;
      case 'helo':
        if (this.step('helo')) {
          this.helo = c.name;
          this.reply('helo', this.connectionSkip ? 'accept' : 'continue');
        }
        return;
      case 'mail':
        if (this.step('mail')) this.onMail(c.args);
        return;
      case 'rcpt':
        if (this.step('rcpt')) {
          this.recipients.push(c.args[0] as string);
          this.reply('rcpt', this.skipReply());
        }
        return;
      case 'data':
        if (this.step('data')) this.reply('data', this.skipReply());
        return;
      case 'header':
        if (this.step('header')) this.onHeader(c.name, c.value);
        return;
      case 'eoh':
        if (this.step('eoh')) {
          if (this.collecting()) this.emit({ type: 'end-of-headers' });
          this.reply('eoh', this.skipReply());
        }
        return;
      case 'body':
        if (this.step('body')) this.onBody(c.chunk);
        return;
      case 'eob':
        if (this.step('eob')) this.onEob(c.chunk);
        return;
      case 'abort':
        return this.abortMessage();
      case 'quit':
        return this.close('quit');
      case 'quitnc':
        this.abortMessage();
        this.macros.clearAll();
        this.connect = null;
        this.helo = null;
        this.connectionSkip = null;
        this.phase = 'opts';
        return;
      case 'unknown':
        return this.reply('unknown', 'continue');
    }
  }

  private onOptneg(c: Extract<MtaCommand, { cmd: 'optneg' }>): void {
    if (this.phase !== 'optneg') {
      this.close('second option negotiation on one connection');
      return;
    }
    try {
      const { reply, negotiated } = negotiate(c, this.config);
      this.opts = negotiated;
      this.phase = 'opts';
      this.emit({ type: 'reply', reply });
    } catch (err) {
      this.close((err as Error).message);
    }
  }

  /**
   * Applies the phase change for `cmd`, with libmilter's fallback for
   * out-of-order commands; false when the command is to be ignored.
   */
  private step(cmd: PhaseCommand): boolean {
    if (!isLegal(this.phase, cmd)) {
      const from = this.phase;
      if (inTransaction(from)) this.abortMessage();
      this.phase = 'helo';
      if (!isLegal(this.phase, cmd)) {
        this.log('warn', `ignored ${cmd} out of order (phase ${from})`);
        // Answer anyway: an MTA waiting for a reply that never comes would stall the SMTP client.
        if (cmd === 'eob' || (this.opts !== null && expectsReply(this.opts, cmd))) {
          this.emit({ type: 'reply', reply: { kind: 'continue' } });
        }
        return false;
      }
      this.log('warn', `${cmd} out of order after phase ${from}; open message dropped`);
    }
    this.phase = targetPhase(cmd);
    return true;
  }

  private onConnect(c: Extract<MtaCommand, { cmd: 'connect' }>): void {
    this.connect = { hostname: c.hostname, family: c.family, port: c.port, address: c.address };
    this.connectionSkip = this.config.hooks.skipConnection(this.connect, this.macros.merged());
    if (this.connectionSkip) this.log('info', `connection from ${c.address || c.hostname} not scanned: ${this.connectionSkip}`);
    this.reply('connect', this.connectionSkip ? 'accept' : 'continue');
  }

  private onMail(args: string[]): void {
    this.resetMessage();
    this.sender = args[0] as string;
    this.mailArgs = args.slice(1);
    this.messageSkip = this.connectionSkip ?? this.config.hooks.skipMessage(this.sender, this.macros.merged());
    if (this.messageSkip === null) this.emit({ type: 'message-start' });
    else if (!this.connectionSkip) {
      this.log('info', `message from ${this.sender} not scanned: ${this.messageSkip}`);
      this.emit({ type: 'message-skipped', envelope: this.envelope(), reason: this.messageSkip });
    }
    this.reply('mail', this.skipReply());
  }

  private onHeader(name: string, value: string): void {
    // Headers are forwarded even past the size cap: the MTA bounds them, and
    // removing forged X-Spam-* fields needs every occurrence counted.
    if (this.messageSkip === null) {
      this.count(name.length + value.length + 4);
      const leadspc = this.opts !== null && (this.opts.protocol & SMFIP.HDR_LEADSPC) !== 0;
      this.emit({ type: 'header', name, raw: leadspc ? value : ` ${value}` });
    }
    this.reply('header', this.skipReply());
  }

  private onBody(chunk: Buffer): void {
    const wasOversize = this.oversize;
    if (this.collecting() && this.count(chunk.length)) this.emit({ type: 'body', chunk });
    const canSkip = this.opts !== null && (this.opts.protocol & SMFIP.SKIP) !== 0;
    const skipNow = (this.oversize && !wasOversize && canSkip) || this.messageSkip !== null;
    this.reply('body', this.messageSkip !== null ? 'accept' : skipNow ? 'skip' : 'continue');
  }

  private onEob(chunk: Buffer): void {
    if (chunk.length > 0 && this.collecting() && this.count(chunk.length)) this.emit({ type: 'body', chunk });
    if (this.messageSkip !== null) {
      this.emit({ type: 'reply', reply: { kind: 'accept' } });
    } else {
      this.emit({ type: 'end-of-message', envelope: this.envelope(), oversize: this.oversize, skipped: null });
    }
    this.macros.clearMessage();
  }

  /** Counts content toward the size cap; false once the cap is passed. */
  private count(bytes: number): boolean {
    this.contentBytes += bytes;
    if (this.contentBytes <= this.config.maxMessageBytes) return true;
    if (!this.oversize) {
      this.oversize = true;
      this.emit({ type: 'oversize', bytes: this.contentBytes });
    }
    return false;
  }

  private collecting(): boolean {
    return this.messageSkip === null && !this.oversize;
  }

  private skipReply(): 'accept' | 'continue' {
    return this.messageSkip !== null ? 'accept' : 'continue';
  }

  private envelope(): Envelope {
    return {
      connect: this.connect,
      helo: this.helo,
      sender: this.sender,
      mailArgs: this.mailArgs,
      recipients: [...this.recipients],
      macros: this.macros.merged(),
    };
  }

  private abortMessage(): void {
    if (inTransaction(this.phase)) this.phase = 'helo';
    if (this.phase === 'endm') this.phase = 'helo';
    this.macros.clearMessage();
    this.emit({ type: 'abort' });
    this.resetMessage();
  }

  private resetMessage(): void {
    this.sender = '';
    this.mailArgs = [];
    this.recipients = [];
    this.messageSkip = null;
    this.contentBytes = 0;
    this.oversize = false;
  }

  /**
   * Replies only where the MTA reads one (NR_* not granted). A skip found at
   * a stage without reply is answered with ACCEPT at the next stage that has
   * one (at the latest end of message); until then nothing is collected.
   */
  private reply(cmd: RepliedCommand, kind: 'continue' | 'accept' | 'skip'): void {
    if (this.opts !== null && !expectsReply(this.opts, cmd)) return;
    this.emit({ type: 'reply', reply: { kind } });
    // ACCEPT ends the MTA's events for this message; the next one starts with MAIL again.
    if (kind === 'accept' && cmd !== 'connect' && cmd !== 'helo' && cmd !== 'unknown') this.phase = 'endm';
  }

  private close(reason: string): void {
    if (inTransaction(this.phase)) this.emit({ type: 'abort' });
    this.phase = 'closed';
    this.emit({ type: 'close', reason });
  }

  private log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void {
    this.emit({ type: 'log', level, message });
  }

  private emit(e: SessionEffect): void {
    this.out.push(e);
  }
}
