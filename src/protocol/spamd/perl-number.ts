/**
 * Perl's string-to-number conversion: the longest leading decimal number, or 0.
 * spamd compares the protocol version this way (`$version >= 1.3`), so
 * `SPAMC/1.5 junk` is 1.5 and `SPAMC/x` is 0.
 */
const LEADING_NUMBER = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;

export function perlNumber(text: string): number {
  const m = LEADING_NUMBER.exec(text);
  if (m === null) return 0;
  const n = Number(m[0].trim());
  return Number.isFinite(n) ? n : 0;
}
