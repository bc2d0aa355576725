/**
 * Writes the parsed Perl regex as JavaScript RegExp source (no `u` flag, no
 * `s` flag: every flag-dependent construct is spelled out so that one
 * RegExp reproduces Perl's byte semantics exactly). The `m` flag is used for
 * one shape only, for speed, with every anchor spelled to mean what Perl's does
 * under it (see multilineFits).
 */

import type { AltNode, AssertionKind, AtomNode, AtomicNode, ParsedRegex, Quantifier, SeqNode } from './ast.js';
import { caseFold, complement, perCanonicalSet, setSize } from './byte-set.js';
import { classSourceAsWritten, setSource } from './byte-set-source.js';
import { chooseCaseMode, type CaseMode, type CaseStrategy } from './case-mode.js';
import { firstBytes } from './first-bytes.js';

export interface EmittedRegex {
  source: string;
  flags: string;
  /** Why the translation is not exact, if it is not. */
  approximation: string | undefined;
}

const ASSERTIONS: Readonly<Record<AssertionKind, string>> = {
  start: '^',
  // Perl's /m `^` matches after every \n except one that ends the string. Spelled as "no byte but \n
  // before" first: V8 then still scans ahead for what follows (a rule's `From:`), 8-10x faster on a header
  // block than with the look-behind inside an alternation, `(?:^|(?<=\n)(?!$))`.
  'line-start': '(?<![^\\n])(?:^|(?!$))',
  // Perl's `$` and \Z also match before a string-final \n.
  'end-or-final-newline': '(?=\\n?$)',
  // Only \n ends a line for Perl; JS /m would also break at \r, U+2028, U+2029.
  'line-end': '(?![^\\n])',
  end: '$',
  'word-boundary': '\\b',
  'not-word-boundary': '\\B',
};

/**
 * The same anchors for a RegExp with JS's `m` flag, where `^` and `$` mean
 * line start and end: JS's `^` also follows \r (and U+2028/9), and follows
 * a string-final \n, neither of which Perl's /m `^` does.
 */
const MULTILINE_ASSERTIONS: Readonly<Record<AssertionKind, string>> = {
  start: '(?<![\\s\\S])',
  'line-start': '^(?<![\\r\\u2028\\u2029])(?!(?<=[\\s\\S])(?![\\s\\S]))',
  'end-or-final-newline': '(?=\\n?(?![\\s\\S]))',
  'line-end': '(?![^\\n])',
  end: '(?![\\s\\S])',
  'word-boundary': '\\b',
  'not-word-boundary': '\\B',
};

/**
 * A pattern opening with Perl's /m `^` followed by a broad class, as
 * `^[^>].*?<a href=` or `^[^\r\n]{998}`: V8 tries such a pattern at every
 * position unless it is written with JS's own multi-line `^`, which it checks
 * first. Measured on 300 whole corpus messages: 2.5x faster for the first,
 * 1.4x for the second; the same for a pattern whose first byte is a literal
 * (`^From:`), which the spelling in ASSERTIONS already lets V8 scan ahead for.
 */
const BROAD_FIRST_BYTES = 32;

function multilineFits(root: AltNode): boolean {
  const first = root.branches.length === 1 ? root.branches[0]!.terms[0] : undefined;
  if (!first || first.quantifier || first.atom.kind !== 'assert' || first.atom.what !== 'line-start') return false;
  if (hasAssertion(root, 'start')) return false;
  const bytes = firstBytes(root);
  return bytes === undefined || setSize(bytes) > BROAD_FIRST_BYTES;
}

function hasAssertion(alt: AltNode, what: AssertionKind): boolean {
  return alt.branches.some((b) => b.terms.some(({ atom }) => (atom.kind === 'assert' && atom.what === what) || ('body' in atom && hasAssertion(atom.body, what))));
}

/** \R is atomic in Perl: after matching CRLF it never retries with the lone CR. */
const LINEBREAK = '(?:\\r\\n|(?!\\r\\n)[\\n\\x0B\\f\\r\\x85])';

interface EmitContext {
  mode: CaseMode;
  /** Perl group number → JS group number (inserted groups shift them). */
  groupMap: Map<number, number>;
  /** The JS group each atomic emulation captures into. */
  atomicGroups: Map<AtomicNode, number>;
  /** How anchors are spelled: for a RegExp with or without JS's `m` flag. */
  anchors: Readonly<Record<AssertionKind, string>>;
}

/**
 * When to put a first-byte look-ahead in front. Measured as CPU time of the
 * stock rules over 982 real body lines: `leading-zero-width` cut body rules
 * by 25-33% and left header rules level; `always` also slowed header rules
 * down 2x (it hides a leading class + literal from V8's own scan).
 */
export type HintPolicy = 'never' | 'leading-zero-width' | 'always';

export function emitJavaScript(
  parsed: ParsedRegex,
  strategy: CaseStrategy = 'expand',
  hint: HintPolicy = 'leading-zero-width',
): EmittedRegex {
  const choice = chooseCaseMode(parsed.root, strategy);
  const multiline = multilineFits(parsed.root);
  const ctx: EmitContext = { mode: choice.mode, groupMap: new Map(), atomicGroups: new Map(), anchors: multiline ? MULTILINE_ASSERTIONS : ASSERTIONS };
  numberGroups(parsed.root, ctx, { next: 1 });
  const source = startHint(parsed.root, hint) + emitAlt(parsed.root, ctx);
  return { source, flags: (choice.mode === 'js-i' ? 'i' : '') + (multiline ? 'm' : ''), approximation: choice.approximation };
}

function startHint(root: AltNode, policy: HintPolicy): string {
  if (policy === 'never') return '';
  if (policy === 'leading-zero-width' && !opensWithZeroWidth(root)) return '';
  const first = firstBytes(root);
  return first ? `(?=${setSource(first)})` : '';
}

/**
 * Whether the pattern opens with a look-around, or with alternatives one of
 * which starts with a zero-width item (`(?:^|\s)…`): the shapes where V8
 * loses its start-position scan. A plain leading anchor or \b does not hurt it.
 */
function opensWithZeroWidth(alt: AltNode): boolean {
  const atom = alt.branches.length === 1 ? alt.branches[0]?.terms[0]?.atom : undefined;
  if (!atom) return false;
  if (atom.kind === 'look') return true;
  if (atom.kind !== 'group' || atom.body.branches.length < 2) return false;
  return atom.body.branches.some((b) => {
    const kind = b.terms[0]?.atom.kind;
    return kind === 'assert' || kind === 'look';
  });
}

/** Assigns JS group numbers in the order their `(` will be written. */
function numberGroups(alt: AltNode, ctx: EmitContext, counter: { next: number }): void {
  for (const branch of alt.branches) {
    for (const { atom } of branch.terms) {
      if (atom.kind === 'atomic') ctx.atomicGroups.set(atom, counter.next++);
      if (atom.kind === 'group' && atom.index !== undefined) ctx.groupMap.set(atom.index, counter.next++);
      if ('body' in atom) numberGroups(atom.body, ctx, counter);
    }
  }
}

function emitAlt(alt: AltNode, ctx: EmitContext): string {
  return alt.branches.map((b) => emitSeq(b, ctx)).join('|');
}

function emitSeq(seq: SeqNode, ctx: EmitContext): string {
  let out = '';
  let afterBackref = false;
  for (const term of seq.terms) {
    const piece = emitAtom(term.atom, ctx);
    let text = piece.quantifiable || !term.quantifier ? piece.text : `(?:${piece.text})`;
    if (term.quantifier) text += quantifierSource(term.quantifier);
    // `\1` followed by a literal digit would read as `\10`.
    if (afterBackref && /^\d/.test(text)) out += '(?:)';
    out += text;
    afterBackref = term.atom.kind === 'backref' && !term.quantifier;
  }
  return out;
}

function quantifierSource(q: Quantifier): string {
  let text: string;
  if (q.min === 0 && q.max === Infinity) text = '*';
  else if (q.min === 1 && q.max === Infinity) text = '+';
  else if (q.min === 0 && q.max === 1) text = '?';
  else if (q.max === Infinity) text = `{${q.min},}`;
  else if (q.max === q.min) text = `{${q.min}}`;
  else text = `{${q.min},${q.max}}`;
  return q.lazy ? text + '?' : text;
}

interface Piece {
  text: string;
  /** Whether a JS quantifier may follow directly. */
  quantifiable: boolean;
}

type AtomEmitter<K extends AtomNode['kind']> = (atom: Extract<AtomNode, { kind: K }>, ctx: EmitContext) => Piece;

const EMITTERS: { [K in AtomNode['kind']]: AtomEmitter<K> } = {
  set: (atom, ctx) => {
    const text = setText(atom.positive, atom.negated, atom.i, ctx.mode);
    return { text, quantifiable: text !== '(?!)' };
  },
  assert: (atom, ctx) => ({ text: ctx.anchors[atom.what], quantifiable: false }),
  linebreak: () => ({ text: LINEBREAK, quantifiable: true }),
  group: (atom, ctx) => {
    const body = emitAlt(atom.body, ctx);
    if (atom.index === undefined) return nonCapturing(atom.body, body);
    const open = atom.name !== undefined ? `(?<${atom.name}>` : '(';
    return { text: `${open}${body})`, quantifiable: true };
  },
  look: (atom, ctx) => {
    const open = `(?${atom.behind ? '<' : ''}${atom.negative ? '!' : '='}`;
    return { text: `${open}${emitAlt(atom.body, ctx)})`, quantifiable: false };
  },
  atomic: (atom, ctx) => {
    // (?>X) ≡ (?=(X))\N: the look-ahead settles X's first match and the
    // back-reference consumes exactly that text, leaving nothing to backtrack into.
    const n = ctx.atomicGroups.get(atom) as number;
    return { text: `(?:(?=(${emitAlt(atom.body, ctx)}))\\${n})`, quantifiable: true };
  },
  backref: (atom, ctx) => {
    if (atom.name !== undefined) return { text: `\\k<${atom.name}>`, quantifiable: true };
    return { text: `\\${ctx.groupMap.get(atom.index as number) as number}`, quantifiable: true };
  },
  keep: () => ({ text: '', quantifiable: false }),
};

/**
 * A non-capturing group is only needed around alternatives or to carry a
 * quantifier; (?i:…), (?s:…) and friends usually leave one that can go.
 * An unwrapped single term stays quantifiable when its own text is.
 */
function nonCapturing(body: AltNode, text: string): Piece {
  const only = body.branches.length === 1 ? body.branches[0] : undefined;
  if (only && only.terms.length === 1 && !only.terms[0]?.quantifier && only.terms[0]?.atom.kind === 'set') {
    return { text, quantifiable: text !== '(?!)' };
  }
  if (only) return { text, quantifiable: false };
  return { text: `(?:${text})`, quantifiable: true };
}

function emitAtom(atom: AtomNode, ctx: EmitContext): Piece {
  return (EMITTERS[atom.kind] as AtomEmitter<typeof atom.kind>)(atom as never, ctx);
}

/**
 * A byte matcher, folded by hand unless the JS `i` flag does it.
 * Set sources by meaning: rules spell the same few hundred sets over and
 * over (each letter of a /i word, `.`, `\s`), and writing one means several
 * passes over all 256 bytes and its complement (measured: translation took
 * 0.5 ms for a one-line pattern, most of it here). Remembered per
 * canonical set (byte-set.ts): a parse keeps one object per distinct set.
 */
const MODE_INDEX: Readonly<Record<CaseMode, number>> = { plain: 0, 'js-i': 1, mixed: 2 };
/** One remembered writer per case mode, `i` and negation (12 in all). */
const textByVariant: ((set: Uint8Array) => string)[] = [];

function setText(positive: Uint8Array, negated: boolean, i: boolean, mode: CaseMode): string {
  const variant = MODE_INDEX[mode] * 4 + (i ? 2 : 0) + (negated ? 1 : 0);
  const text = (textByVariant[variant] ??= perCanonicalSet((set) => writeSetText(set, negated, i, mode)));
  return text(positive);
}

function writeSetText(positive: Uint8Array, negated: boolean, i: boolean, mode: CaseMode): string {
  if (mode === 'js-i') return classSourceAsWritten(positive, negated);
  const base = mode === 'mixed' && i ? caseFold(positive) : positive;
  return setSource(negated ? complement(base) : base);
}
