/**
 * Writes a byte set as JS RegExp source (for a RegExp without the `u` flag).
 * Common sets get their short spellings so translated rules stay readable.
 */

import {
  addAll,
  complement,
  emptySet,
  isCaseSensitive,
  members,
  perCanonicalSet,
  rangeSet,
  setOf,
  setSize,
  setsEqual,
  type ByteSet,
} from './byte-set.js';

const DIGITS = rangeSet(0x30, 0x39);
const WORD = (() => {
  const s = rangeSet(0x30, 0x39);
  addAll(s, rangeSet(0x41, 0x5a));
  addAll(s, rangeSet(0x61, 0x7a));
  s[0x5f] = 1;
  return s;
})();
const NEWLINE = setOf(0x0a);

/** Characters JS needs escaped outside a class. */
const SYNTAX = new Set('^$\\.*+?()[]{}|/'.split(''));
const NAMED_ESCAPES: Readonly<Record<number, string>> = { 0x09: '\\t', 0x0a: '\\n', 0x0d: '\\r', 0x0c: '\\f' };

function hex(code: number): string {
  return '\\x' + code.toString(16).toUpperCase().padStart(2, '0');
}

/** One byte as an atom outside a class. */
export function byteAtom(code: number): string {
  const named = NAMED_ESCAPES[code];
  if (named) return named;
  if (code < 0x20 || code > 0x7e) return hex(code);
  const ch = String.fromCharCode(code);
  return SYNTAX.has(ch) ? '\\' + ch : ch;
}

/** One byte inside a class. */
function classByte(code: number): string {
  const named = NAMED_ESCAPES[code];
  if (named) return named;
  if (code < 0x20 || code > 0x7e) return hex(code);
  const ch = String.fromCharCode(code);
  return ch === '\\' || ch === ']' || ch === '[' || ch === '^' || ch === '-' ? '\\' + ch : ch;
}

/** The members as class body text, using \d and \w where they fit exactly. */
function classBody(set: ByteSet): string {
  let rest = set;
  let out = '';
  if (containsAll(rest, WORD)) {
    out += '\\w';
    rest = without(rest, WORD);
  } else if (containsAll(rest, DIGITS)) {
    out += '\\d';
    rest = without(rest, DIGITS);
  }
  const codes = members(rest);
  for (let i = 0; i < codes.length; ) {
    let j = i;
    while (j + 1 < codes.length && codes[j + 1] === (codes[j] as number) + 1) j++;
    const lo = codes[i] as number;
    const hi = codes[j] as number;
    if (hi === lo) out += classByte(lo);
    else if (hi === lo + 1) out += classByte(lo) + classByte(hi);
    else out += `${classByte(lo)}-${classByte(hi)}`;
    i = j + 1;
  }
  return out;
}

function containsAll(set: ByteSet, part: ByteSet): boolean {
  for (let c = 0; c < 256; c++) if (part[c] && !set[c]) return false;
  return true;
}

function without(set: ByteSet, part: ByteSet): ByteSet {
  const out = emptySet();
  out.set(set);
  for (let c = 0; c < 256; c++) if (part[c]) out[c] = 0;
  return out;
}

/**
 * Source for a set whose meaning is final (no JS case folding will apply).
 * Picks whichever of the set or its complement is shorter to write.
 * Remembered per canonical set (byte-set.ts).
 */
export const setSource = perCanonicalSet(writeSetSource);

function writeSetSource(set: ByteSet): string {
  const size = setSize(set);
  if (size === 0) return '(?!)';
  if (size === 256) return '[\\s\\S]';
  if (size === 1) return byteAtom(members(set)[0] as number);
  const inverse = complement(set);
  if (setsEqual(inverse, NEWLINE)) return '[^\\n]';
  if (setsEqual(set, DIGITS)) return '\\d';
  if (setsEqual(set, WORD)) return '\\w';
  if (setsEqual(inverse, DIGITS)) return '\\D';
  if (setsEqual(inverse, WORD)) return '\\W';
  const positive = classBody(set);
  const negative = classBody(inverse);
  return negative.length < positive.length ? `[^${negative}]` : `[${positive}]`;
}

/**
 * Source for a class as written, for a RegExp compiled with the JS `i` flag:
 * JS folds the members and then negates, exactly as Perl does, so the
 * negation must stay in the class rather than be applied by us.
 */
export function classSourceAsWritten(positive: ByteSet, negated: boolean): string {
  // Writing the complement is only safe when folding cannot add members.
  if (!negated) return isCaseSensitive(positive) && setSize(positive) > 1 ? `[${classBody(positive)}]` : setSource(positive);
  const size = setSize(positive);
  if (size === 0) return '[\\s\\S]';
  if (size === 256) return '(?!)';
  return `[^${classBody(positive)}]`;
}
