/**
 * Bytes that every subject a rule regex matches must contain, each of them
 * (a conjunction): the cheap check Perl makes before it runs a pattern at
 * all (its "must have" substring), which the literal prefilter skips for
 * one-byte literals because they select too little to be worth an index.
 * As a guard it matters: a pattern such as SpamAssassin's
 * `^\s*['"]?([^'"]+)['"]? <?\1\@` backtracks in cubic time over a header of
 * spaces in V8 (3.3 s for 6,000; Perl, and so SpamAssassin's scan, 1.7 s);
 * with the guard, a subject without `@` is refused at once.
 */
import type { AltNode, AtomNode, SeqNode, TermNode } from './ast.js';
import { caseFold, complement, members } from './byte-set.js';
import { parsePerlRegex } from './parser.js';

type Bytes = Set<number>;

/** The bytes each match must contain; empty when none is known (or the pattern does not parse). */
export function requiredBytes(pattern: string, flags: string): number[] {
  try {
    return [...altBytes(parsePerlRegex(pattern, flags).root)].sort((a, b) => a - b);
  } catch {
    return [];
  }
}

/** An alternation requires what every branch requires. */
function altBytes(alt: AltNode): Bytes {
  let common: Bytes | undefined;
  for (const branch of alt.branches) {
    const b = seqBytes(branch);
    common = common === undefined ? b : new Set([...common].filter((c) => b.has(c)));
    if (common.size === 0) break;
  }
  return common ?? new Set();
}

/** A sequence requires what each of its pieces that must match requires. */
function seqBytes(seq: SeqNode): Bytes {
  const all: Bytes = new Set();
  for (const term of seq.terms) for (const c of termBytes(term)) all.add(c);
  return all;
}

function termBytes(term: TermNode): Bytes {
  if (term.quantifier && term.quantifier.min === 0) return new Set();
  return atomBytes(term.atom);
}

function atomBytes(atom: AtomNode): Bytes {
  switch (atom.kind) {
    case 'set': {
      const base = atom.i ? caseFold(atom.positive) : atom.positive;
      const codes = members(atom.negated ? complement(base) : base);
      return codes.length === 1 ? new Set(codes) : new Set();
    }
    case 'group':
    case 'atomic':
      return altBytes(atom.body);
    case 'look':
      // A positive look-around's text is part of the subject too.
      return atom.negative ? new Set() : altBytes(atom.body);
    default:
      return new Set();
  }
}
