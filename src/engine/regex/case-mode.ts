/**
 * Decides how Perl's (possibly scoped) /i maps onto one JS RegExp. Node 20 has
 * no modifier groups, so /i pieces are case-expanded by hand (`a` → `[Aa]`)
 * and the JS `i` flag is kept for what expansion cannot do: back-references
 * under /i. Expansion is also the faster choice: on the stock body rules over
 * 982 real body lines, V8 took about half the time with hand-expanded case
 * than with the `i` flag (the FUZZY_* look-alike rules up to 20× less), because
 * case-insensitive non-unicode matching disables V8's fast scanning paths.
 */

import type { AltNode, AtomNode } from './ast.js';
import { isCaseSensitive } from './byte-set.js';

export type CaseMode = 'plain' | 'js-i' | 'mixed';

interface CaseCensus {
  insensitive: number;
  sensitive: number;
  /** Back-references under /i: a hand-expanded pattern cannot fold them. */
  insensitiveRefs: number;
}

export interface CaseChoice {
  mode: CaseMode;
  /** Set when the choice cannot reproduce Perl exactly, with the reason. */
  approximation: string | undefined;
}

/** `flag` prefers the JS `i` flag when it is exact; `expand` folds by hand whenever possible. */
export type CaseStrategy = 'flag' | 'expand';

export function chooseCaseMode(root: AltNode, strategy: CaseStrategy = 'expand'): CaseChoice {
  const census: CaseCensus = { insensitive: 0, sensitive: 0, insensitiveRefs: 0 };
  visitAlt(root, census);
  if (census.insensitive === 0) return { mode: 'plain', approximation: undefined };
  if (strategy === 'expand' && census.insensitiveRefs === 0) return { mode: 'mixed', approximation: undefined };
  if (census.sensitive === 0) return { mode: 'js-i', approximation: undefined };
  if (census.insensitiveRefs > 0) {
    // Hand expansion cannot fold a back-reference, and under the JS `i` flag
    // nothing can stay case-sensitive; the back-reference is the part that
    // carries the rule's meaning (e.g. __HELO_NOT_RDNS), so it wins.
    const approximation =
      'approximate: a case-insensitive back-reference needs the JS i flag, so the case-sensitive parts of this pattern also match case-insensitively';
    return { mode: 'js-i', approximation };
  }
  return { mode: 'mixed', approximation: undefined };
}

function visitAlt(alt: AltNode, census: CaseCensus): void {
  for (const branch of alt.branches) for (const term of branch.terms) visitAtom(term.atom, census);
}

function visitAtom(atom: AtomNode, census: CaseCensus): void {
  if (atom.kind === 'set') {
    // Only sets that folding would change count: digits or [A-Za-z] do not care.
    if (isCaseSensitive(atom.positive)) atom.i ? census.insensitive++ : census.sensitive++;
  } else if (atom.kind === 'backref') {
    if (atom.i) {
      census.insensitive++;
      census.insensitiveRefs++;
    } else {
      census.sensitive++;
    }
  } else if ('body' in atom) {
    visitAlt(atom.body, census);
  }
}
