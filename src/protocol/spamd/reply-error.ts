import { ProtocolError } from '../../util/errors.js';
import { EX } from './constants.js';

/**
 * A request spamd refuses. Carries the exact status line real spamd writes
 * for the same fault, so the front end only has to send `statusLine`.
 * spamd answers every error with this single line (no headers) and closes.
 */
export class SpamdReplyError extends ProtocolError {
  readonly exCode: number;
  readonly statusLine: string;
  constructor(exCode: number, text: string) {
    super('spamd', text, exCode === EX.PROTOCOL ? 'ERR_PROTO' : exCode === EX.TIMEOUT ? 'ERR_TIMEOUT' : 'ERR_LIMIT');
    this.exCode = exCode;
    this.statusLine = `SPAMD/1.0 ${exCode} ${text}\r\n`;
  }
}

/** `SPAMD/1.0 76 Bad header line: …`: every parse error. */
export function badHeader(detail: string): SpamdReplyError {
  return new SpamdReplyError(EX.PROTOCOL, `Bad header line: ${detail}`);
}

/** `SPAMD/1.0 69 Service Unavailable: …`: refused features and zlib faults. */
export function unavailable(detail: string): SpamdReplyError {
  return new SpamdReplyError(EX.UNAVAILABLE, `Service Unavailable: ${detail}`);
}

/** `SPAMD/1.0 79 Timeout: …`. */
export function timedOut(detail: string): SpamdReplyError {
  return new SpamdReplyError(EX.TIMEOUT, `Timeout: ${detail}`);
}
