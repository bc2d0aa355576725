/**
 * Writes a parsed Perl rule regex as RE2 source for a multi-pattern set that
 * only answers "does it match anywhere in this subject". That question lets
 * capturing groups, lazy quantifiers and \K go, and lets a tail `$` consume
 * the final newline it would only look at; constructs whose yes/no answer RE2
 * cannot reproduce (look-arounds, back-references, atomic groups, \R) make
 * the pattern ineligible for an exact member; emitRe2Superset writes it
 * widened instead, for a gate in front of its own JS RegExp.
 *
 * Subjects are byte strings (code units 0..255): RE2 sees them as UTF-8 of
 * the same code points, so byte classes are written as code point classes.
 */
import type { AltNode, AtomNode, ParsedRegex, Quantifier, SeqNode, SetNode } from './ast.js';
import { caseFold, complement, setSize } from './byte-set.js';
import { setSource } from './byte-set-source.js';

/** RE2 refuses counted repetition above this. */
const MAX_REPEAT = 1000;

class Ineligible extends Error {}

/**
 * `exact`: the same yes/no answer as Perl. `superset`: yes wherever Perl says
 * yes (and perhaps elsewhere), for a gate in front of the rule's own RegExp:
 * what RE2 cannot express is widened (a look-around or an anchor matches
 * anywhere, an atomic group backtracks, a back-reference is any text, a
 * count past RE2's limit is open-ended), never narrowed.
 */
type EmitMode = 'exact' | 'superset' | 'counted' | 'coarse';

/** RE2 source with the same yes/no answer as the Perl regex on any byte string, or undefined. */
export function emitRe2(parsed: ParsedRegex): string | undefined {
  return emitIn(parsed, 'exact');
}

/**
 * RE2 source that matches every byte string the Perl regex matches, or
 * undefined (a class that matches nothing). Its "no" is exact, its "yes" a
 * maybe: a line it rejects need not be tried with the rule's RegExp.
 */
export function emitRe2Superset(parsed: ParsedRegex): string | undefined {
  return emitIn(parsed, 'superset');
}

/**
 * emitRe2Superset with every count open (`x{5}` as `x+`, `x{0,30}` as `x*`):
 * for a pattern whose counted copies make a program past RE2's budget, a
 * coarser gate that still says yes wherever Perl does.
 */
export function emitRe2Coarse(parsed: ParsedRegex): string | undefined {
  return emitIn(parsed, 'coarse');
}

/**
 * Between the superset and the coarse gate: every count open above, but a
 * count's minimum kept (`x{5}` as `x{5,}`, `x{1,3}` as `x+`). The program
 * keeps one copy per required repeat, not per allowed one, and the gate stays
 * as selective as the minimum: SpamAssassin's __FILL_THIS_FORM_LONG2,
 * `(?:…){5}`, is too large for RE2 as written, and its fully coarse gate
 * (one repeat) named a quarter of all body lines for its RegExp to try.
 */
export function emitRe2Counted(parsed: ParsedRegex): string | undefined {
  return emitIn(parsed, 'counted');
}

function emitIn(parsed: ParsedRegex, mode: EmitMode): string | undefined {
  try {
    return emitAlt(parsed.root, true, mode);
  } catch (err) {
    if (err instanceof Ineligible) return undefined;
    throw err;
  }
}

function emitAlt(alt: AltNode, tail: boolean, mode: EmitMode): string {
  return alt.branches.map((b) => emitSeq(b, tail, mode)).join('|');
}

function emitSeq(seq: SeqNode, tail: boolean, mode: EmitMode): string {
  let out = '';
  seq.terms.forEach((term, k) => {
    const last = k === seq.terms.length - 1;
    // A term repeated more than once is followed by itself, so it is never in tail position.
    const repeats = term.quantifier !== undefined && term.quantifier.max > 1;
    const atom = emitAtom(term.atom, tail && last && !repeats, seq, k, mode);
    out += term.quantifier ? `(?:${atom})${quantifierSource(term.quantifier, mode)}` : atom;
  });
  return out;
}

function quantifierSource(q: Quantifier, mode: EmitMode): string {
  const tooMany = (q.max !== Infinity && q.max > MAX_REPEAT) || q.min > MAX_REPEAT;
  if (mode === 'counted' && q.max > 1 && q.min > 1 && q.min <= MAX_REPEAT) return `{${q.min},}`;
  if ((tooMany && mode !== 'exact') || ((mode === 'coarse' || mode === 'counted') && q.max > 1)) return q.min === 0 ? '*' : '+';
  if (tooMany) throw new Ineligible();
  if (q.max === Infinity) return q.min === 0 ? '*' : q.min === 1 ? '+' : `{${q.min},}`;
  return q.min === q.max ? `{${q.min}}` : `{${q.min},${q.max}}`;
}

function emitAtom(atom: AtomNode, tail: boolean, seq: SeqNode, index: number, mode: EmitMode): string {
  switch (atom.kind) {
    case 'set':
      return setText(atom);
    case 'group':
      return `(?:${emitAlt(atom.body, tail, mode)})`;
    case 'keep':
      return '';
    case 'assert':
      return assertion(atom.what, tail, seq, index, mode);
    default:
      // look, atomic, backref, linebreak: no equivalent in RE2.
      if (mode === 'exact') throw new Ineligible();
      return widened(atom, tail, mode);
  }
}

/** A construct RE2 lacks, as something that accepts at least what it accepts. */
function widened(atom: AtomNode, tail: boolean, mode: EmitMode): string {
  switch (atom.kind) {
    case 'atomic':
      return `(?:${emitAlt(atom.body, tail, mode)})`;
    case 'linebreak':
      return '(?:\\r\\n|[\\n\\x0b\\x0c\\r\\x{85}])';
    case 'backref':
      return '(?s:.*)';
    default:
      // A look-around only narrows where its pattern matches.
      return '';
  }
}

function assertion(what: string, tail: boolean, seq: SeqNode, index: number, mode: EmitMode): string {
  switch (what) {
    case 'start':
      return '^';
    case 'end':
      return '\\z';
    case 'line-end':
      return '(?m:$)';
    case 'word-boundary':
      return '\\b';
    case 'not-word-boundary':
      return '\\B';
    case 'end-or-final-newline':
      // Perl's `$`: at the end or before a final \n. Consuming that \n is only harmless when nothing follows.
      // RE2's /m `$` (before any \n or at the end) is a wider yes.
      if (!tail && mode !== 'exact') return '(?m:$)';
      if (!tail) throw new Ineligible();
      return '(?:\\n?\\z)';
    case 'line-start':
      // Perl's /m `^` is not true after a string-final \n, RE2's is; the two agree whenever a byte must follow.
      if (!consumesNext(seq, index) && mode === 'exact') throw new Ineligible();
      return '(?m:^)';
    default:
      throw new Ineligible();
  }
}

/** Whether the rest of the sequence after `index` must consume at least one byte. */
function consumesNext(seq: SeqNode, index: number): boolean {
  return seq.terms.slice(index + 1).some((t) => (t.quantifier?.min ?? 1) > 0 && minLength(t.atom) > 0);
}

function minLength(atom: AtomNode): number {
  if (atom.kind === 'set') return 1;
  if (atom.kind !== 'group' && atom.kind !== 'atomic') return 0;
  return Math.min(...atom.body.branches.map((b) => b.terms.reduce((n, t) => n + (t.quantifier?.min ?? 1) * minLength(t.atom), 0)));
}

function setText(atom: SetNode): string {
  const base = atom.i ? caseFold(atom.positive) : atom.positive;
  const set = atom.negated ? complement(base) : base;
  if (setSize(set) === 0) throw new Ineligible();
  return setSource(set);
}
