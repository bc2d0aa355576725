import type { ScanCommand } from './constants.js';

/** The parts of a scan result a spamd reply shows. */
export interface ScanReplyInput {
  command: ScanCommand;
  /** Client protocol version (numeric, as spamd compares it). */
  version: number;
  isSpam: boolean;
  /** Score as spamd prints it (`%2.1f` with the ham correction). */
  scoreText: string;
  requiredText: string;
  /** PROCESS/HEADERS: the rewritten message or header section; REPORT*: report; SYMBOLS: the name list. */
  body: Buffer;
}

const OK_LINE = (v: string) => `SPAMD/${v} 0 EX_OK\r\n`;

/** `Spam: True ; 15.3 / 5.0`; REPORT_IFSPAM says Yes/No instead (and spamc then never sees spam). */
export function spamHeader(command: ScanCommand, isSpam: boolean, scoreText: string, requiredText: string): string {
  const flag = command === 'REPORT_IFSPAM' ? (isSpam ? 'Yes' : 'No') : isSpam ? 'True' : 'False';
  return `Spam: ${flag} ; ${scoreText} / ${requiredText}`;
}

/** A successful reply to a scanning command, with spamd 4.0.1's per-version differences. */
export function encodeScanReply(r: ScanReplyInput): Buffer {
  const spam = spamHeader(r.command, r.isSpam, r.scoreText, r.requiredText);
  if (r.command === 'PROCESS' || r.command === 'HEADERS') return encodeMessageReply(r, spam);
  if (r.command === 'CHECK') return ascii(`${OK_LINE('1.1')}${spam}\r\n\r\n`);
  // Before 1.3 a client understood only one header, so Content-length is left out.
  const head = r.version >= 1.3 ? `Content-length: ${r.body.length}\r\n${spam}\r\n\r\n` : `${spam}\r\n\r\n`;
  return Buffer.concat([ascii(OK_LINE('1.1') + head), r.body]);
}

function encodeMessageReply(r: ScanReplyInput, spam: string): Buffer {
  let head: string;
  if (r.version >= 1.3) head = `${OK_LINE('1.1')}Content-length: ${r.body.length}\r\n${spam}\r\n\r\n`;
  else if (r.version >= 1.2) head = `${OK_LINE('1.1')}Content-length: ${r.body.length}\r\n\r\n`;
  // Protocol 1.0/1.1: the message follows the status line directly.
  else head = OK_LINE('1.0');
  return Buffer.concat([ascii(head), r.body]);
}

/** SYMBOLS body: sorted names joined by commas; before 1.3 it ends with CR LF. */
export function symbolsBody(names: readonly string[], version: number): Buffer {
  return ascii(names.join(',') + (version < 1.3 ? '\r\n' : ''));
}

export function encodePong(): Buffer {
  return ascii('SPAMD/1.5 0 PONG\r\n');
}

/** TELL reply: DidSet/DidRemove when something was done, then an empty line and one more CR LF. */
export function encodeTellReply(didSet: readonly string[], didRemove: readonly string[]): Buffer {
  let head = OK_LINE('1.1');
  if (didSet.length > 0) head += `DidSet: ${didSet.join(',')}\r\n`;
  if (didRemove.length > 0) head += `DidRemove: ${didRemove.join(',')}\r\n`;
  return ascii(`${head}\r\n\r\n`);
}

function ascii(s: string): Buffer {
  return Buffer.from(s, 'latin1');
}
