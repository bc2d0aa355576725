/** What the session state machine consumes and produces. */
import type { ConnectFamily } from '../src/protocol/milter/commands.js';
import type { MilterReply } from '../src/protocol/milter/replies.js';

export interface ConnectInfo {
  /** Client host name as the MTA verified it; Postfix sends `[addr]` when there is none. */
  hostname: string;
  family: ConnectFamily;
  port: number;
  /** Client address text (Sendmail prefixes IPv6 with `IPv6:`). */
  address: string;
}

/** Everything known about one message's SMTP transaction when its body ends. */
export interface Envelope {
  connect: ConnectInfo | null;
  helo: string | null;
  /** MAIL FROM address as the MTA sent it, angle brackets included. */
  sender: string;
  mailArgs: string[];
  /** RCPT TO addresses as sent, angle brackets included, in order. */
  recipients: string[];
  /** Macros of all stages, later stages overriding earlier ones. */
  macros: Readonly<Record<string, string>>;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type SessionEffect =
  | { type: 'reply'; reply: MilterReply }
  | { type: 'message-start' }
  /** `raw` is the value as written after the colon (leading space restored when the MTA stripped it). */
  | { type: 'header'; name: string; raw: string }
  | { type: 'end-of-headers' }
  | { type: 'body'; chunk: Buffer }
  | { type: 'oversize'; bytes: number }
  /** The connection must now scan and send the final reply (plus modifications). */
  | { type: 'end-of-message'; envelope: Envelope; oversize: boolean; skipped: string | null }
  /** Accepted unscanned at MAIL (authenticated sender): the message ends here for the milter. */
  | { type: 'message-skipped'; envelope: Envelope; reason: string }
  | { type: 'abort' }
  | { type: 'close'; reason: string }
  | { type: 'log'; level: LogLevel; message: string };

/** Pure decisions the session asks for at CONNECT and MAIL. */
export interface SessionHooks {
  /** A reason to accept the whole connection unscanned (trusted client), or null. */
  skipConnection(info: ConnectInfo, macros: Readonly<Record<string, string>>): string | null;
  /** A reason to accept this message unscanned (authenticated sender), or null. */
  skipMessage(sender: string, macros: Readonly<Record<string, string>>): string | null;
}

export interface SessionConfig {
  /** SMFIF_* bits to ask for. */
  actions: number;
  /** SMFIP_* bits to ask for (intersected with the offer). */
  protocol: number;
  /** Macro lists to request (SETSYMLIST). */
  macros: Array<[number, string]>;
  /** Header plus body bytes beyond which content is no longer collected. */
  maxMessageBytes: number;
  hooks: SessionHooks;
}
