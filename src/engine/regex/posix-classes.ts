/**
 * POSIX bracket-class members as Perl defines them under /aa (ASCII only).
 */

import { addAll, rangeSet, setOf, type ByteSet } from './byte-set.js';
import { SPACE_SET, WORD_SET } from './escapes.js';

function union(...parts: ByteSet[]): ByteSet {
  const out = new Uint8Array(256);
  for (const p of parts) addAll(out, p);
  return out;
}

const UPPER = rangeSet(0x41, 0x5a);
const LOWER = rangeSet(0x61, 0x7a);
const DIGIT = rangeSet(0x30, 0x39);
const ALPHA = union(UPPER, LOWER);

export const POSIX_CLASSES: Readonly<Record<string, ByteSet>> = {
  alpha: ALPHA,
  digit: DIGIT,
  alnum: union(ALPHA, DIGIT),
  upper: UPPER,
  lower: LOWER,
  space: SPACE_SET,
  blank: setOf(0x09, 0x20),
  punct: union(rangeSet(0x21, 0x2f), rangeSet(0x3a, 0x40), rangeSet(0x5b, 0x60), rangeSet(0x7b, 0x7e)),
  cntrl: union(rangeSet(0x00, 0x1f), setOf(0x7f)),
  xdigit: union(DIGIT, rangeSet(0x41, 0x46), rangeSet(0x61, 0x66)),
  print: rangeSet(0x20, 0x7e),
  graph: rangeSet(0x21, 0x7e),
  word: WORD_SET,
  ascii: rangeSet(0x00, 0x7f),
};
