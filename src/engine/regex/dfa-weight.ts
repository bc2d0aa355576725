/**
 * How much a pattern weighs on a combined RE2 DFA, read off its parsed form.
 *
 * RE2 expands counted repetition into copies, and a DFA state is a set of
 * positions of every member pattern at once. A pattern with thousands of
 * positions (a large alternation under a count), or with a broad class
 * under a count (`[^\n]{0,200}`: after each trigger byte a different subset
 * of the 200 copies is live), multiplies the states of every pattern it
 * shares a set with, the lazily built DFA keeps flushing its cache, and the
 * whole set slows down several times over. Such patterns get a set of their
 * own (see regex-set.ts).
 */
import type { AltNode, AtomNode, SeqNode, TermNode } from './ast.js';
import { caseFold, setSize } from './byte-set.js';

export interface DfaWeight {
  /** Positions after counted repetition is expanded. */
  positions: number;
  /** Positions that sit under a count of a broad class or group (the state-multiplying kind). */
  broadCounted: number;
}

/** A count above this expands into enough copies to matter. */
const SMALL_COUNT = 8;
/** A class matching more bytes than this is broad (it is live on most text). */
const NARROW_CLASS = 20;

/** Limits past which a pattern is heavy; measured on the stock rules over the corpus (regex-set.ts). */
const HEAVY_POSITIONS = 300;
const HEAVY_BROAD_COUNTED = 150;

export function dfaWeight(root: AltNode): DfaWeight {
  const weight: DfaWeight = { positions: 0, broadCounted: 0 };
  weight.positions = altPositions(root, weight);
  return weight;
}

/**
 * How a pattern may share a set: `light` with many, `wide` (many positions,
 * few live at once: long alternations of look-alike letters) with a few of
 * its kind, `broad` (a broad class under a count) with none.
 */
export type DfaClass = 'light' | 'wide' | 'broad';

export function dfaClass(weight: DfaWeight): DfaClass {
  if (weight.broadCounted > HEAVY_BROAD_COUNTED) return 'broad';
  return weight.positions > HEAVY_POSITIONS ? 'wide' : 'light';
}

function altPositions(alt: AltNode, weight: DfaWeight): number {
  let sum = 0;
  for (const branch of alt.branches) sum += seqPositions(branch, weight);
  return sum;
}

function seqPositions(seq: SeqNode, weight: DfaWeight): number {
  let sum = 0;
  for (const term of seq.terms) sum += termPositions(term, weight);
  return sum;
}

function termPositions(term: TermNode, weight: DfaWeight): number {
  const one = atomPositions(term.atom, weight);
  const q = term.quantifier;
  if (!q) return one;
  const copies = Math.max(1, q.max === Infinity ? q.min + 1 : q.max);
  if (copies > SMALL_COUNT && isBroad(term.atom)) weight.broadCounted += copies * one;
  return one * copies;
}

function atomPositions(atom: AtomNode, weight: DfaWeight): number {
  switch (atom.kind) {
    case 'group':
    case 'atomic':
    case 'look':
      return altPositions(atom.body, weight);
    default:
      return 1;
  }
}

function isBroad(atom: AtomNode): boolean {
  if (atom.kind !== 'set') return true;
  const size = setSize(atom.i ? caseFold(atom.positive) : atom.positive);
  return (atom.negated ? 256 - size : size) > NARROW_CLASS;
}
