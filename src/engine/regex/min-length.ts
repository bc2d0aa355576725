/**
 * The fewest bytes any match of a parsed pattern consumes. A line shorter
 * than that cannot match, which spares running the regex at all: a rawbody
 * rule looking for 998 bytes without a newline otherwise scans every chunk
 * of every message.
 */
import type { AltNode, AtomNode, SeqNode } from './ast.js';

export function minMatchLength(root: AltNode): number {
  return altMin(root);
}

function altMin(alt: AltNode): number {
  let best = Infinity;
  for (const branch of alt.branches) best = Math.min(best, seqMin(branch));
  return best === Infinity ? 0 : best;
}

function seqMin(seq: SeqNode): number {
  let sum = 0;
  for (const term of seq.terms) sum += atomMin(term.atom) * (term.quantifier ? term.quantifier.min : 1);
  return sum;
}

function atomMin(atom: AtomNode): number {
  switch (atom.kind) {
    case 'set':
    case 'linebreak':
      return 1;
    case 'group':
    case 'atomic':
      return altMin(atom.body);
    // Look-arounds consume nothing; a back-reference may repeat an empty group; \K and anchors are zero-width.
    default:
      return 0;
  }
}
