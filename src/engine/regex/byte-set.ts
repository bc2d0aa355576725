/**
 * Sets of byte values (0..255). Every single-character matcher of a Perl rule
 * regex (a literal, `.`, `\s`, a bracket class) becomes one of these, because
 * rule subjects are byte strings: whatever a class says about code points
 * above 0xFF can never match and is dropped.
 *
 * A set is never changed once a parse has put it in a tree (the shared
 * `\s`, `\d`… sets rely on that already). The sets a parse keeps are
 * canonical: one object per distinct content (a literal byte's set, a
 * class spelled alike in many rules), and what is derived from a canonical
 * set (its case fold, complement, members, size, source text) is worked
 * out once and remembered. Compiling the stock rules asks these questions
 * of a few thousand distinct sets some hundred thousand times, each a walk
 * over 256 bytes. Sets made along the way (the analyses' own unions) are
 * not remembered: a table of every set ever made would only grow.
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

/** Canonical sets by content, and the canonical objects themselves (never changed: see keptCopy). */
const byContent = new Map<string, ByteSet>();
const canonicalSets = new Set<ByteSet>();
/** Past this many distinct sets (users' own rules) sets stop being made canonical rather than the table grow. */
const MAX_CANONICAL = 50_000;

/** The canonical set with this content (read only): the given set itself when it is the first such. */
export function canonicalSet(set: ByteSet): ByteSet {
  if (canonicalSets.has(set)) return set;
  const key = contentKey(set);
  const known = byContent.get(key);
  if (known !== undefined) return known;
  if (byContent.size >= MAX_CANONICAL) return set;
  const kept = keptCopy(set);
  byContent.set(key, kept);
  canonicalSets.add(kept);
  return kept;
}

/**
 * Canonical sets live as long as the thread, so they get slabs of their own:
 * kept in place, each would pin the shared slab of short-lived sets it was
 * cut from.
 */
let keptSlab = new ArrayBuffer(256 * SETS_PER_SLAB);
let keptUsed = 0;

function keptCopy(set: ByteSet): ByteSet {
  if (keptUsed === SETS_PER_SLAB) {
    keptSlab = new ArrayBuffer(256 * SETS_PER_SLAB);
    keptUsed = 0;
  }
  const copy = new Uint8Array(keptSlab, 256 * keptUsed++, 256);
  copy.set(set);
  return copy;
}

/** The 256 members as 32 characters of 8 bits each (a short key hashes faster than the 256 bytes). */
function contentKey(set: ByteSet): string {
  let key = '';
  for (let c = 0; c < 256; c += 8) {
    key += String.fromCharCode(
      set[c]! | (set[c + 1]! << 1) | (set[c + 2]! << 2) | (set[c + 3]! << 3) | (set[c + 4]! << 4) | (set[c + 5]! << 5) | (set[c + 6]! << 6) | (set[c + 7]! << 7),
    );
  }
  return key;
}

const singles: (ByteSet | undefined)[] = new Array<ByteSet | undefined>(256).fill(undefined);

/** The canonical set of one byte, shared by every literal of that byte. */
export function singleByte(code: number): ByteSet {
  let set = singles[code];
  if (set === undefined) {
    set = canonicalSet(setOf(code));
    singles[code] = set;
  }
  return set;
}

/** The empty set, canonical. */
export const NO_BYTES: ByteSet = canonicalSet(emptySet());

/**
 * A value derived from a set, remembered for canonical sets (a Map keyed by
 * the object: a set it has never seen costs a failed look-up, not an entry).
 */
export function perCanonicalSet<T>(compute: (set: ByteSet) => T): (set: ByteSet) => T {
  const memo = new Map<ByteSet, T>();
  return (set) => {
    let value = memo.get(set);
    if (value === undefined) {
      value = compute(set);
      if (canonicalSets.has(set)) memo.set(set, value);
    }
    return value;
  };
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

/** The bytes not in the set (read only: for a canonical set, the canonical complement). */
export const complement = perCanonicalSet((set: ByteSet): ByteSet => {
  const out = emptySet();
  for (let c = 0; c < 256; c++) out[c] = set[c] ? 0 : 1;
  return canonicalSets.has(set) ? canonicalSet(out) : out;
});

export const setSize = perCanonicalSet((set: ByteSet): number => {
  let n = 0;
  for (let c = 0; c < 256; c++) n += set[c] as number;
  return n;
});

export function setsEqual(a: ByteSet, b: ByteSet): boolean {
  for (let c = 0; c < 256; c++) if (a[c] !== b[c]) return false;
  return true;
}

/** The members, ascending (read only). */
export const members = perCanonicalSet((set: ByteSet): readonly number[] => {
  const out: number[] = [];
  for (let c = 0; c < 256; c++) if (set[c]) out.push(c);
  return out;
});

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

/** The set plus every member's other case (read only: for a canonical set, the canonical fold). */
export const caseFold = perCanonicalSet((set: ByteSet): ByteSet => {
  const out = emptySet();
  out.set(set);
  for (let c = 0; c < 256; c++) {
    const partner = casePartner(c);
    if (set[c] && partner >= 0) out[partner] = 1;
  }
  return canonicalSets.has(set) ? canonicalSet(out) : out;
});

/** Whether case-insensitive matching would change what the set accepts. */
export const isCaseSensitive = perCanonicalSet((set: ByteSet): boolean => {
  for (let c = 0; c < 256; c++) {
    const partner = casePartner(c);
    if (set[c] && partner >= 0 && !set[partner]) return true;
  }
  return false;
});
