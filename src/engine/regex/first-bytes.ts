/**
 * The bytes a match can start with. When a pattern opens with a look-around
 * or an anchor alternation, V8 cannot work out where matches may start and
 * tries every position in full; a leading `(?=[...])` of these bytes lets it
 * skip ahead cheaply (Perl's optimiser does the same with its "start class").
 */

import type { AltNode, AtomNode, SeqNode, TermNode } from './ast.js';
import { addAll, caseFold, complement, emptySet, rangeSet, type ByteSet } from './byte-set.js';
import { VSPACE_SET } from './escapes.js';

interface FirstInfo {
  set: ByteSet;
  /** The node can match the empty string, so what follows may supply the first byte. */
  nullable: boolean;
}

/** The set of possible first bytes, or undefined when any byte (or none) may start a match. */
export function firstBytes(root: AltNode): ByteSet | undefined {
  const info = altInfo(root);
  if (info.nullable) return undefined;
  return info.set.every((b) => b === 1) ? undefined : info.set;
}

function altInfo(alt: AltNode): FirstInfo {
  const set = emptySet();
  let nullable = false;
  for (const branch of alt.branches) {
    const info = seqInfo(branch);
    addAll(set, info.set);
    nullable ||= info.nullable;
  }
  return { set, nullable };
}

function seqInfo(seq: SeqNode): FirstInfo {
  const set = emptySet();
  for (const term of seq.terms) {
    const info = termInfo(term);
    addAll(set, info.set);
    if (!info.nullable) return { set, nullable: false };
  }
  return { set, nullable: true };
}

function termInfo(term: TermNode): FirstInfo {
  const info = atomInfo(term.atom);
  return term.quantifier && term.quantifier.min === 0 ? { set: info.set, nullable: true } : info;
}

const TRANSPARENT: FirstInfo = { set: emptySet(), nullable: true };

function atomInfo(atom: AtomNode): FirstInfo {
  switch (atom.kind) {
    case 'set': {
      const base = atom.i ? caseFold(atom.positive) : atom.positive;
      return { set: atom.negated ? complement(base) : base, nullable: false };
    }
    case 'linebreak':
      return { set: VSPACE_SET, nullable: false };
    case 'group':
    case 'atomic':
      return altInfo(atom.body);
    case 'backref':
      // Unknown text, possibly empty.
      return { set: rangeSet(0, 255), nullable: true };
    default:
      // Assertions, look-arounds and \K consume nothing.
      return TRANSPARENT;
  }
}
