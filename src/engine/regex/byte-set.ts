/**
 * Sets of byte values (0..255). Every single-character matcher of a Perl rule
 * regex (a literal, `.`, `\s`, a bracket class) becomes one of these, because
 * rule subjects are byte strings: whatever a class says about code points
 * above 0xFF can never match and is dropped.
 */

export type ByteSet = Uint8Array;

/**
 * Sets are cut from shared slabs: compiling the stock rules makes over a
 * million of them, nearly all short-lived, and each Uint8Array(256) of its
 * own is a separate native allocation. That churn left the engine's malloc
 * heap tens of MB larger than what it holds; a slab is one allocation for
 * many sets (the few sets that live on pin at most one small slab each).
 */
const SETS_PER_SLAB = 32;
let slab = new ArrayBuffer(256 * SETS_PER_SLAB);
let slabUsed = 0;

export function emptySet(): ByteSet {
  if (slabUsed === SETS_PER_SLAB) {
    slab = new ArrayBuffer(256 * SETS_PER_SLAB);
    slabUsed = 0;
  }
  return new Uint8Array(slab, 256 * slabUsed++, 256);
}

export function setOf(...codes: number[]): ByteSet {
  const set = emptySet();
  for (const code of codes) if (code >= 0 && code <= 0xff) set[code] = 1;
  return set;
}

export function rangeSet(from: number, to: number): ByteSet {
  const set = emptySet();
  for (let c = from; c <= Math.min(to, 0xff); c++) set[c] = 1;
  return set;
}

export function addAll(target: ByteSet, source: ByteSet): void {
  for (let c = 0; c < 256; c++) if (source[c]) target[c] = 1;
}

export function complement(set: ByteSet): ByteSet {
  const out = emptySet();
  for (let c = 0; c < 256; c++) out[c] = set[c] ? 0 : 1;
  return out;
}

export function setSize(set: ByteSet): number {
  let n = 0;
  for (let c = 0; c < 256; c++) n += set[c] as number;
  return n;
}

export function setsEqual(a: ByteSet, b: ByteSet): boolean {
  for (let c = 0; c < 256; c++) if (a[c] !== b[c]) return false;
  return true;
}

/** The members, ascending. */
export function members(set: ByteSet): number[] {
  const out: number[] = [];
  for (let c = 0; c < 256; c++) if (set[c]) out.push(c);
  return out;
}

/**
 * The other-case partner of a byte, or -1. Perl `/aa` folds ASCII letters and
 * Latin-1 letters (Unicode rules apply to 0x80..0xFF even on byte strings);
 * JS without `u` folds the same pairs. ÿ and µ fold to code points above 0xFF
 * in both, so on a byte subject they only ever match themselves.
 */
export function casePartner(code: number): number {
  if (code >= 0x41 && code <= 0x5a) return code + 0x20;
  if (code >= 0x61 && code <= 0x7a) return code - 0x20;
  if (code >= 0xc0 && code <= 0xde && code !== 0xd7) return code + 0x20;
  if (code >= 0xe0 && code <= 0xfe && code !== 0xf7) return code - 0x20;
  return -1;
}

/** The set plus every member's other case. */
export function caseFold(set: ByteSet): ByteSet {
  const out = emptySet();
  out.set(set);
  for (let c = 0; c < 256; c++) {
    const partner = casePartner(c);
    if (set[c] && partner >= 0) out[partner] = 1;
  }
  return out;
}

/** Whether case-insensitive matching would change what the set accepts. */
export function isCaseSensitive(set: ByteSet): boolean {
  for (let c = 0; c < 256; c++) {
    const partner = casePartner(c);
    if (set[c] && partner >= 0 && !set[partner]) return true;
  }
  return false;
}
