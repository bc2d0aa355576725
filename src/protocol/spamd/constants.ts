/**
 * Names and numbers of the SPAMC/SPAMD protocol (spamd 4.0.1 wire behaviour).
 * Exit codes are the BSD sysexits values both spamd replies and spamc exits use;
 * EX_TIMEOUT (79) exists only in spamd.
 */

export const EX = {
  OK: 0,
  ISSPAM: 1,
  USAGE: 64,
  DATAERR: 65,
  NOINPUT: 66,
  NOUSER: 67,
  NOHOST: 68,
  UNAVAILABLE: 69,
  SOFTWARE: 70,
  OSERR: 71,
  OSFILE: 72,
  CANTCREAT: 73,
  IOERR: 74,
  TEMPFAIL: 75,
  PROTOCOL: 76,
  NOPERM: 77,
  CONFIG: 78,
  TIMEOUT: 79,
} as const;

export type ExCode = (typeof EX)[keyof typeof EX];

/** Commands that scan the message and answer with a `Spam:` header. */
export const SCAN_COMMANDS = ['PROCESS', 'CHECK', 'SYMBOLS', 'REPORT', 'HEADERS', 'REPORT_IFSPAM'] as const;
export type ScanCommand = (typeof SCAN_COMMANDS)[number];

export type SpamdCommand = ScanCommand | 'TELL' | 'PING' | 'SKIP';

/** Default spamd TCP port. */
export const DEFAULT_PORT = 783;

/** spamd's header parser stops after this many lines (a DoS guard in spamd itself). */
export const MAX_REQUEST_HEADERS = 256;
