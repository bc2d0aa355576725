/**
 * Perl backslash escapes that stand for one byte (or a set of bytes), shared
 * by the main parser and the bracket-class parser. Escapes Perl passes
 * through with an "Unrecognized escape" warning are errors here, because
 * SpamAssassin compiles rules with warnings fatal.
 */

import { addAll, canonicalSet, complement, rangeSet, setOf, type ByteSet } from './byte-set.js';
import { fail, matchHere, peek, type ParseState } from './parse-state.js';

const HEX_DIGITS = /[0-9A-Fa-f]{0,2}/y;
const OCTAL_DIGITS = /[0-7]{1,3}/y;

/** ASCII whitespace as \s means under /aa (VT included since Perl 5.18). */
export const SPACE_SET: ByteSet = canonicalSet(setOf(0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20));
export const DIGIT_SET: ByteSet = canonicalSet(rangeSet(0x30, 0x39));
export const WORD_SET: ByteSet = (() => {
  const s = rangeSet(0x30, 0x39);
  addAll(s, rangeSet(0x41, 0x5a));
  addAll(s, rangeSet(0x61, 0x7a));
  s[0x5f] = 1;
  return canonicalSet(s);
})();
/** \h is not restricted by /a: on bytes it is tab, space and NBSP. */
export const HSPACE_SET: ByteSet = canonicalSet(setOf(0x09, 0x20, 0xa0));
/** \v likewise: LF, VT, FF, CR and NEL. */
export const VSPACE_SET: ByteSet = canonicalSet(setOf(0x0a, 0x0b, 0x0c, 0x0d, 0x85));

/** Escapes that name a set of bytes, valid in and out of classes. */
export const SET_ESCAPES: Readonly<Record<string, () => ByteSet>> = {
  d: () => DIGIT_SET,
  D: () => complement(DIGIT_SET),
  w: () => WORD_SET,
  W: () => complement(WORD_SET),
  s: () => SPACE_SET,
  S: () => complement(SPACE_SET),
  h: () => HSPACE_SET,
  H: () => complement(HSPACE_SET),
  v: () => VSPACE_SET,
  V: () => complement(VSPACE_SET),
};

const SIMPLE_CHARS: Readonly<Record<string, number>> = { t: 0x09, n: 0x0a, r: 0x0d, f: 0x0c, a: 0x07, e: 0x1b };

/** Escapes we refuse everywhere, with the reason. */
export const REFUSED_ESCAPES: Readonly<Record<string, string>> = {
  G: '\\G (match continuation) has no JavaScript equivalent',
  X: '\\X (extended grapheme cluster) is not supported',
  p: '\\p{...} Unicode properties are not supported on byte subjects',
  P: '\\P{...} Unicode properties are not supported on byte subjects',
  C: '\\C is no longer supported by Perl',
  Q: '\\Q is not recognised in a regex built from a string (Perl warns "Unrecognized escape \\Q", fatal in SpamAssassin)',
  E: '\\E is not recognised in a regex built from a string (fatal in SpamAssassin)',
  U: '\\U is not recognised in a regex built from a string',
  L: '\\L is not recognised in a regex built from a string',
  u: '\\u is not recognised in a regex built from a string',
  l: '\\l is not recognised in a regex built from a string',
};

/**
 * Reads an escape that yields one code point (which may exceed 0xFF), with
 * `state.pos` on the letter after the backslash. Returns undefined when the
 * escape is not a single-character one (the caller handles it).
 */
export function readCharEscape(state: ParseState): number | undefined {
  const letter = peek(state) as string;
  const simple = SIMPLE_CHARS[letter];
  if (simple !== undefined) {
    state.pos++;
    return simple;
  }
  if (letter === 'x') return readHex(state);
  if (letter === 'o') return readBracedOctal(state);
  if (letter === 'c') return readControl(state);
  if (letter === '0') return readOctal(state);
  if (letter === 'N' && peek(state, 1) === '{') return readNamedChar(state);
  return undefined;
}

function readHex(state: ParseState): number {
  state.pos++;
  if (peek(state) === '{') {
    const close = state.src.indexOf('}', state.pos);
    if (close < 0) fail(state, 'missing right brace on \\x{}');
    const body = state.src.slice(state.pos + 1, close).trim().replace(/_/g, '');
    if (!/^[0-9A-Fa-f]*$/.test(body)) fail(state, `non-hex character in \\x{${body}}`);
    state.pos = close + 1;
    return body === '' ? 0 : parseInt(body, 16);
  }
  const digits = matchHere(state, HEX_DIGITS)?.[0] ?? '';
  state.pos += digits.length;
  const next = peek(state);
  // Perl warns "Non-hex character terminates \x early" for a short \x followed by a word character.
  if (digits.length < 2 && next !== undefined && /\w/.test(next)) {
    fail(state, `non-hex character '${next}' terminates \\x early`);
  }
  return digits === '' ? 0 : parseInt(digits, 16);
}

function readBracedOctal(state: ParseState): number {
  state.pos++;
  if (peek(state) !== '{') fail(state, 'missing braces on \\o{}');
  const close = state.src.indexOf('}', state.pos);
  if (close < 0) fail(state, 'missing right brace on \\o{}');
  const body = state.src.slice(state.pos + 1, close).trim();
  if (!/^[0-7]+$/.test(body)) fail(state, `non-octal character in \\o{${body}}`);
  state.pos = close + 1;
  return parseInt(body, 8);
}

/** Up to three octal digits starting at `state.pos`. */
export function readOctal(state: ParseState): number {
  const digits = matchHere(state, OCTAL_DIGITS)?.[0] ?? '0';
  state.pos += digits.length;
  return parseInt(digits, 8);
}

function readControl(state: ParseState): number {
  const ch = peek(state, 1);
  if (ch === undefined) fail(state, 'character following \\c must be printable ASCII');
  const code = ch.toUpperCase().charCodeAt(0);
  if (code < 0x20 || code > 0x7e) fail(state, 'character following \\c must be printable ASCII');
  state.pos += 2;
  return code ^ 0x40;
}

/** Only the \N{U+hex} spelling: character names would need Unicode's name table. */
function readNamedChar(state: ParseState): number {
  const close = state.src.indexOf('}', state.pos);
  if (close < 0) fail(state, 'missing right brace on \\N{}');
  const body = state.src.slice(state.pos + 2, close);
  const m = /^U\+([0-9A-Fa-f]+)$/.exec(body);
  if (!m) fail(state, `\\N{${body}}: only the \\N{U+hex} form is supported`);
  state.pos = close + 1;
  return parseInt(m[1] as string, 16);
}
