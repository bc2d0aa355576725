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
import { caseFold, complement, members, perCanonicalSet, type ByteSet } from './byte-set.js';
import { parsePerlRegex } from './parser.js';

/** What is known about the text a node matches. */
interface Facts {
  /** The node matches exactly this text, always. */
  exact: string | undefined;
  /** At least one of these occurs inside whatever the node matches. */
  anyOf: readonly string[] | undefined;
  /** The node's whole text is always exactly one of these (a small class or an alternation of exact texts). */
  oneOf?: readonly string[] | undefined;
}

/** A class wider than this says too little to be worth a prefilter. */
const MAX_CLASS_ALTERNATIVES = 4;
const MAX_LITERALS = 512;
/** Largest set of exact alternatives tracked for one node (cross products of classes stop here). */
const MAX_ONE_OF = 256;
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
  const oneOf = unionOneOf(branches);
  const union: string[] = [];
  for (const b of branches) {
    const options = strongest(b);
    // One branch with nothing required makes the whole alternation unconstrained.
    if (!options || options.some((o) => o === '')) return { ...NOTHING, oneOf };
    union.push(...options);
  }
  return union.length > MAX_LITERALS ? { ...NOTHING, oneOf } : { exact: undefined, anyOf: [...new Set(union)], oneOf };
}

/** The texts an alternation can match, when every branch matches one of a known few. */
function unionOneOf(branches: Facts[]): string[] | undefined {
  const all = new Set<string>();
  for (const b of branches) {
    const texts = b.exact !== undefined ? [b.exact] : b.oneOf;
    if (!texts) return undefined;
    for (const t of texts) all.add(t);
    if (all.size > MAX_ONE_OF) return undefined;
  }
  return [...all];
}

/** Every concatenation of a text from `a` with one from `b`, or undefined past the size cap. */
function cross(a: readonly string[], b: readonly string[]): string[] | undefined {
  if (a.length * b.length > MAX_ONE_OF) return undefined;
  const out: string[] = [];
  for (const x of a) for (const y of b) if (x.length + y.length <= MAX_EXACT_LENGTH) out.push(x + y);
  return out.length === a.length * b.length ? [...new Set(out)] : undefined;
}

/**
 * Adjacent exact pieces concatenate (zero-width ones keep adjacency); every
 * other piece that must match once offers its own set. The most selective
 * candidate wins.
 */
function seqFacts(seq: SeqNode, ctx: LiteralContext): Facts {
  const candidates: (readonly string[])[] = [];
  // Texts the adjacent exactly-known pieces spell together; classes multiply out (bounded).
  let run: readonly string[] = [''];
  let allKnown = true;
  const closeRun = () => {
    if (run.every((r) => r.length > 0)) candidates.push(run);
    run = [''];
  };
  for (const term of seq.terms) {
    const facts = termFacts(term, ctx);
    if (facts.anyOf) candidates.push(facts.anyOf);
    const texts = facts.exact !== undefined ? [facts.exact] : facts.oneOf;
    if (texts) {
      const next = cross(run, texts);
      if (next) {
        run = next;
        continue;
      }
      closeRun();
      allKnown = false;
      run = texts;
      continue;
    }
    allKnown = false;
    closeRun();
  }
  const whole = allKnown ? run : undefined;
  closeRun();
  const exact = whole && whole.length === 1 ? whole[0] : undefined;
  return { exact, anyOf: best(candidates), oneOf: whole };
}

/** The more selective of a node's exact text and its required set. */
function strongest(facts: Facts): readonly string[] | undefined {
  const options: (readonly string[])[] = [];
  if (facts.exact !== undefined) options.push([facts.exact]);
  if (facts.anyOf) options.push(facts.anyOf);
  return best(options) ?? (facts.exact !== undefined ? [facts.exact] : undefined);
}

/** The candidate whose shortest literal is longest; fewer alternatives break ties. */
function best(candidates: readonly (readonly string[])[]): readonly string[] | undefined {
  let chosen: readonly string[] | undefined;
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
  if (!q || (q.min === 1 && q.max === 1)) return atom;
  if (q.max === 0) return EMPTY;
  if (q.min === 0) return NOTHING;
  if (atom.exact !== undefined) {
    const once = atom.exact.repeat(Math.min(q.min, MAX_EXACT_LENGTH));
    return q.min === q.max ? { exact: once, anyOf: undefined } : { exact: undefined, anyOf: once ? [once] : undefined };
  }
  // At least one repetition happens, so one of the atom's exact texts occurs.
  return { exact: undefined, anyOf: atom.anyOf ?? (atom.oneOf && atom.oneOf.every((t) => t.length > 0) ? atom.oneOf : undefined) };
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
  const chars = (ctx.lower ? lowerCharsOf : charsOf)(node.negated ? complement(base) : base);
  if (chars.length === 1) return { exact: chars[0], anyOf: undefined };
  if (chars.length === 0) return NOTHING;
  const oneOf = chars.length <= MAX_ONE_OF ? chars : undefined;
  if (chars.length > MAX_CLASS_ALTERNATIVES) return { ...NOTHING, oneOf };
  return { exact: undefined, anyOf: chars, oneOf };
}

/** The distinct characters a set admits, as written and lower-cased (remembered per canonical set; read only). */
const charsOf = rememberedChars((c) => String.fromCharCode(c));
const lowerCharsOf = rememberedChars((c) => String.fromCharCode(c).toLowerCase());

function rememberedChars(text: (code: number) => string): (set: ByteSet) => readonly string[] {
  return perCanonicalSet((set) => [...new Set(members(set).map(text))]);
}
