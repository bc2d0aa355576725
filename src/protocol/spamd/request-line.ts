import type { SpamdCommand } from './constants.js';
import { perlNumber } from './perl-number.js';
import { badHeader } from './reply-error.js';

export interface RequestLine {
  command: SpamdCommand;
  /** The text after `SPAMC/`, as sent. */
  versionText: string;
  /** Its numeric value as spamd compares it. */
  version: number;
}

/*
 * spamd tries three unanchored, case-sensitive patterns in this order; the
 * first alternative that matches wins, so `XCHECK SPAMC/1.5` is a CHECK and
 * `check SPAMC/1.5` is refused.
 */
const PATTERNS: readonly RegExp[] = [
  /(PROCESS|CHECK|SYMBOLS|REPORT|HEADERS|REPORT_IFSPAM) SPAMC\/(.*)/,
  /(TELL) SPAMC\/(.*)/,
  /(SKIP|PING) SPAMC\/(.*)/,
];

/** Parses a request line without its line ending (latin1 text). */
export function parseRequestLine(line: string): RequestLine {
  for (const re of PATTERNS) {
    const m = re.exec(line);
    if (m !== null) {
      const versionText = m[2] ?? '';
      return { command: m[1] as SpamdCommand, versionText, version: perlNumber(versionText) };
    }
  }
  throw badHeader(line);
}

/** Strips the first CR LF or LF, as spamd's `s/\r?\n//` does. */
export function stripLineEnd(raw: string): string {
  return raw.replace(/\r?\n/, '');
}

/** Whether spamd reads a header block after this request line. */
export function expectsHeaders(req: RequestLine): boolean {
  if (req.command === 'TELL') return true;
  if (req.command === 'PING' || req.command === 'SKIP') return req.version >= 1.5;
  return req.version > 1.0;
}
