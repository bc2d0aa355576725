/**
 * Literal byte strings of which at least one must occur in any subject a
 * rule regex matches, for a substring prefilter. Soundness beats coverage:
 * whenever a piece cannot be pinned down it contributes nothing, and the
 * answer is null rather than a set that could exclude a matching subject.
 *
 * When the rule's flags contain `i`, the literals are lower-cased and the
 * caller must search the subject lower-cased with String#toLowerCase (bytes
 * stay bytes: Latin-1 letters fold within 0..255, as Perl /i does).
 */

import type { AltNode, AtomNode, SeqNode, SetNode, TermNode } from './ast.js';
import { caseFold, complement, members } from './byte-set.js';
import { parsePerlRegex } from './parser.js';

/** What is known about the text a node matches. */
interface Facts {
  /** The node matches exactly this text, always. */
  exact: string | undefined;
  /** At least one of these occurs inside whatever the node matches. */
  anyOf: string[] | undefined;
}

/** A class wider than this says too little to be worth a prefilter. */
const MAX_CLASS_ALTERNATIVES = 4;
const MAX_LITERALS = 64;
const MAX_EXACT_LENGTH = 256;

const NOTHING: Facts = { exact: undefined, anyOf: undefined };
const EMPTY: Facts = { exact: '', anyOf: undefined };

export function requiredLiterals(pattern: string, flags: string): string[] | null {
  let root: AltNode;
  try {
    root = parsePerlRegex(pattern, flags).root;
  } catch {
    return null;
  }
  const ctx: LiteralContext = { lower: /i/.test(flags.replace(/-.*/, '')) };
  const literals = strongest(altFacts(root, ctx));
  if (!literals || literals.length === 0 || literals.some((l) => l === '')) return null;
  return [...new Set(literals)];
}

interface LiteralContext {
  /** The subject will be lower-cased before searching. */
  lower: boolean;
}

function altFacts(alt: AltNode, ctx: LiteralContext): Facts {
  const branches = alt.branches.map((b) => seqFacts(b, ctx));
  if (branches.length === 1) return branches[0] as Facts;
  const union: string[] = [];
  for (const b of branches) {
    const options = strongest(b);
    // One branch with nothing required makes the whole alternation unconstrained.
    if (!options || options.some((o) => o === '')) return NOTHING;
    union.push(...options);
  }
  return union.length > MAX_LITERALS ? NOTHING : { exact: undefined, anyOf: [...new Set(union)] };
}

/**
 * Adjacent exact pieces concatenate (zero-width ones keep adjacency); every
 * other piece that must match once offers its own set. The most selective
 * candidate wins.
 */
function seqFacts(seq: SeqNode, ctx: LiteralContext): Facts {
  const candidates: string[][] = [];
  let run = '';
  let allExact = true;
  for (const term of seq.terms) {
    const facts = termFacts(term, ctx);
    if (facts.anyOf) candidates.push(facts.anyOf);
    if (facts.exact !== undefined && run.length + facts.exact.length <= MAX_EXACT_LENGTH) {
      run += facts.exact;
      continue;
    }
    allExact = false;
    if (run) candidates.push([run]);
    run = '';
  }
  if (run) candidates.push([run]);
  return { exact: allExact ? run : undefined, anyOf: best(candidates) };
}

/** The more selective of a node's exact text and its required set. */
function strongest(facts: Facts): string[] | undefined {
  const options: string[][] = [];
  if (facts.exact !== undefined) options.push([facts.exact]);
  if (facts.anyOf) options.push(facts.anyOf);
  return best(options) ?? (facts.exact !== undefined ? [facts.exact] : undefined);
}

/** The candidate whose shortest literal is longest; fewer alternatives break ties. */
function best(candidates: string[][]): string[] | undefined {
  let chosen: string[] | undefined;
  let score = 0;
  for (const c of candidates) {
    const shortest = Math.min(...c.map((s) => s.length));
    if (shortest > score || (shortest === score && chosen && c.length < chosen.length)) {
      chosen = c;
      score = shortest;
    }
  }
  return score > 0 ? chosen : undefined;
}

function termFacts(term: TermNode, ctx: LiteralContext): Facts {
  const atom = atomFacts(term.atom, ctx);
  const q = term.quantifier;
  if (!q) return atom;
  if (q.max === 0) return EMPTY;
  if (q.min === 0) return NOTHING;
  if (atom.exact !== undefined) {
    const once = atom.exact.repeat(Math.min(q.min, MAX_EXACT_LENGTH));
    return q.min === q.max ? { exact: once, anyOf: undefined } : { exact: undefined, anyOf: once ? [once] : undefined };
  }
  return { exact: undefined, anyOf: atom.anyOf };
}

function atomFacts(atom: AtomNode, ctx: LiteralContext): Facts {
  switch (atom.kind) {
    case 'set':
      return setFacts(atom, ctx);
    case 'assert':
    case 'keep':
      return EMPTY;
    case 'look': {
      // A positive look-around's text is in the subject too, but it consumes nothing.
      const body = atom.negative ? NOTHING : altFacts(atom.body, ctx);
      const inside = body.exact ? [body.exact] : body.anyOf;
      return { exact: '', anyOf: inside };
    }
    case 'group':
    case 'atomic':
      return altFacts(atom.body, ctx);
    case 'linebreak':
      return { exact: undefined, anyOf: ['\n', '\x0B', '\f', '\r', '\x85'] };
    default:
      return NOTHING;
  }
}

/** A byte matcher is exact when it admits one byte (after lower-casing, if any). */
function setFacts(node: SetNode, ctx: LiteralContext): Facts {
  const base = node.i ? caseFold(node.positive) : node.positive;
  const codes = members(node.negated ? complement(base) : base);
  const chars = [...new Set(codes.map((c) => (ctx.lower ? String.fromCharCode(c).toLowerCase() : String.fromCharCode(c))))];
  if (chars.length === 1) return { exact: chars[0], anyOf: undefined };
  if (chars.length === 0 || chars.length > MAX_CLASS_ALTERNATIVES) return NOTHING;
  return { exact: undefined, anyOf: chars };
}
