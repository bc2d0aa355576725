/**
 * Byte-string helpers. Octets are JS strings of code units 0..255, so Perl's
 * byte-semantics character classes must be spelled out: JS `\s` also matches
 * U+00A0 and U+FEFF, which Perl's `\s` on a byte string never does.
 */
// Imported rather than read from the global, whose getter costs a call on every use in hot loops.
import { Buffer } from 'node:buffer';
import type { Octets } from './types.js';

/** Perl's `\s` on a byte string. */
export const PERL_SPACE = '[\\t\\n\\x0b\\f\\r ]';
/** Perl's `\S` on a byte string. */
export const PERL_NON_SPACE = '[^\\t\\n\\x0b\\f\\r ]';

/** A header field start as SpamAssassin recognises it: printable ASCII name without a colon. */
export const FIELD_START_RE = /^[\x21-\x39\x3b-\x7e]+[ \t]*:/;
/** Same, without whitespace before the colon (used between MIME parts). */
export const FIELD_START_STRICT_RE = /^[\x21-\x39\x3b-\x7e]+:/;

/** Perl's `\s` on bytes: tab, LF, VT, FF, CR and space (compared, not looked up: it runs per byte of long values). */
export function isPerlSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

/** Whether the line is empty or whitespace only (Perl `/^\s*$/`). */
export function isBlankLine(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    if (!isPerlSpace(line.charCodeAt(i))) return false;
  }
  return true;
}

/**
 * `s` without its trailing run of characters `strip` accepts. A regex
 * `[…]+$` does the same but retries from every character of a long run
 * that does not reach the end (quadratic: an 8 KB run took 50 ms, 100 KB 26 s).
 */
export function trimEndWhere(s: string, strip: (code: number) => boolean): string {
  let end = s.length;
  while (end > 0 && strip(s.charCodeAt(end - 1))) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** `s.replace(/\.+$/, '')` without the regex's quadratic retries on a long inner run of dots. */
export function trimTrailingDots(s: string): string {
  return trimEndWhere(s, (c) => c === 0x2e);
}

/** Trim Perl whitespace from both ends. */
export function perlTrim(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isPerlSpace(s.charCodeAt(a))) a++;
  while (b > a && isPerlSpace(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/**
 * Split into lines that keep their "\n", like Perl's `split /^/m`; a last
 * line without newline is kept, no empty trailing element is produced.
 */
export function splitLines(s: string, start = 0): string[] {
  const out: string[] = [];
  let pos = start;
  while (pos < s.length) {
    const nl = s.indexOf('\n', pos);
    if (nl < 0) {
      out.push(s.slice(pos));
      break;
    }
    out.push(s.slice(pos, nl + 1));
    pos = nl + 1;
  }
  return out;
}

/** Whether any code unit is above 0x7F. */
export function hasHighBytes(s: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[^\x00-\x7f]/.test(s);
}

/** Unicode text to its UTF-8 octets. */
export function utf8Octets(text: string): Octets {
  // Pure ASCII needs no work; most header and body text is ASCII.
  if (!/[^\x00-\x7f]/.test(text)) return text;
  return Buffer.from(text, 'utf8').toString('latin1');
}

export function octetsToBuffer(s: Octets): Buffer {
  return Buffer.from(s, 'latin1');
}

/** Escape a string for literal use inside a RegExp (Perl's \Q…\E). */
export function quoteRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\\/-]/g, '\\$&');
}
