/**
 * Recursive-descent parser for the Perl regex dialect SpamAssassin rules use
 * (Perl 5.36, compiled as `qr/$re/aa`). It produces the AST in ast.ts and
 * rejects, with a reason, whatever Perl would reject under SpamAssassin's
 * fatal warnings or whatever has no faithful JavaScript translation.
 */

import type { AltNode, AtomNode, ParsedRegex, Quantifier, SeqNode, SetNode, TermNode } from './ast.js';
import { NO_BYTES, singleByte } from './byte-set.js';
import { parseClass } from './class-parser.js';
import { parseEscapeAtom } from './escape-atom.js';
import { applyModifiers, DEFAULT_FLAGS } from './flag-state.js';
import { parseGroup } from './group-parser.js';
import { atEnd, fail, peek, RegexSyntaxError, skipIgnorable, type ParseState } from './parse-state.js';

/** Perl's largest finite repeat count (REG_INFTY - 1). */
const MAX_REPEAT = 65534;

/**
 * Parses remembered while a rule set compiles: each pattern is read by the
 * translator, the literal and length analyses, the byte guard and the RE2
 * emitter, five parses of the same text. Kept only for the compile (the
 * trees of the stock rules would otherwise stay in every worker's heap).
 */
let remembered: Map<string, ParsedRegex | RegexSyntaxError> | undefined;

/** Runs `work` with every parse remembered, and forgets them after. */
export function withRememberedParses<T>(work: () => T): T {
  if (remembered !== undefined) return work();
  remembered = new Map();
  try {
    return work();
  } finally {
    remembered = undefined;
  }
}

/**
 * Parses `pattern` under the rule's trailing `flags`. Throws RegexSyntaxError.
 * The tree is shared (inside withRememberedParses): read it, never change it.
 */
export function parsePerlRegex(pattern: string, flags: string): ParsedRegex {
  if (remembered === undefined) return parseNew(pattern, flags);
  const key = `${flags}/${pattern}`;
  let parsed = remembered.get(key);
  if (parsed === undefined) {
    try {
      parsed = parseNew(pattern, flags);
    } catch (err) {
      if (!(err instanceof RegexSyntaxError)) throw err;
      parsed = err;
    }
    remembered.set(key, parsed);
  }
  if (parsed instanceof RegexSyntaxError) throw parsed;
  return parsed;
}

function parseNew(pattern: string, flags: string): ParsedRegex {
  const initial = applyModifiers(DEFAULT_FLAGS, flags);
  if (typeof initial === 'string') throw new RegexSyntaxError(initial, 0);
  const state: ParseState = {
    src: pattern,
    pos: 0,
    flags: initial,
    groupCount: 0,
    names: [],
    warnings: [],
    numberedRefs: [],
    namedRefs: [],
    lookbehindDepth: 0,
  };
  const root = parseAlternation(state);
  if (!atEnd(state)) fail(state, 'unmatched ) in regex');
  checkReferences(state);
  return { root, groupCount: state.groupCount, names: state.names, warnings: state.warnings };
}

/** Branches up to a `)` or the end. Inline modifiers persist across `|` (Perl scopes them to the group). */
export function parseAlternation(state: ParseState): AltNode {
  const branches: SeqNode[] = [parseSequence(state)];
  while (peek(state) === '|') {
    state.pos++;
    branches.push(parseSequence(state));
  }
  return { kind: 'alt', branches };
}

function parseSequence(state: ParseState): SeqNode {
  const terms: TermNode[] = [];
  for (;;) {
    skipIgnorable(state);
    const ch = peek(state);
    if (ch === undefined || ch === '|' || ch === ')') break;
    const atom = parseAtom(state);
    if (atom === undefined) continue;
    skipIgnorable(state);
    terms.push(parseQuantified(state, atom));
  }
  return { kind: 'seq', terms };
}

/** One atom, or undefined for a construct that only changes modifiers. */
function parseAtom(state: ParseState): AtomNode | undefined {
  const ch = peek(state) as string;
  switch (ch) {
    case '(':
      return parseGroup(state);
    case '[':
      return parseClass(state);
    case '\\':
      return parseEscapeAtom(state);
    case '*':
    case '+':
    case '?':
      return fail(state, 'quantifier follows nothing');
    default:
      state.pos++;
      return parseMetaOrLiteral(state, ch);
  }
}

function parseMetaOrLiteral(state: ParseState, ch: string): AtomNode {
  if (ch === '.') {
    // Perl's `.` refuses only \n (JS's also refuses \r, U+2028, U+2029).
    return { kind: 'set', positive: state.flags.s ? NO_BYTES : singleByte(0x0a), negated: true, i: false };
  }
  if (ch === '^') return { kind: 'assert', what: state.flags.m ? 'line-start' : 'start' };
  if (ch === '$') return { kind: 'assert', what: state.flags.m ? 'line-end' : 'end-or-final-newline' };
  return literalNode(state, ch.charCodeAt(0));
}

/** A literal code point; one above 0xFF can never match a byte subject. */
export function literalNode(state: ParseState, code: number): SetNode {
  if (code > 0xff) state.warnings.push(`code point U+${code.toString(16).toUpperCase()} above \\xFF never matches a byte subject`);
  return { kind: 'set', positive: code <= 0xff ? singleByte(code) : NO_BYTES, negated: false, i: state.flags.i };
}

function parseQuantified(state: ParseState, atom: AtomNode): TermNode {
  const quantifier = readQuantifier(state);
  if (!quantifier) return { atom, quantifier: undefined };
  // Perl refuses to repeat a zero-length assertion more than once (fatal warning in SpamAssassin).
  if (quantifier.max > 1 && ZERO_LENGTH.has(atom.kind)) fail(state, 'quantifier unexpected on zero-length expression');
  const suffix = peek(state);
  const possessive = suffix === '+';
  quantifier.lazy = suffix === '?';
  if (possessive || quantifier.lazy) state.pos++;
  if (startsQuantifier(state)) fail(state, 'nested quantifiers');
  if (!possessive) return { atom, quantifier };
  if (state.lookbehindDepth > 0) fail(state, 'possessive quantifier inside a look-behind is not supported');
  // X*+ is (?>X*): the emitter turns atomic groups into look-ahead + back-reference.
  const inner: TermNode = { atom, quantifier };
  const body: AltNode = { kind: 'alt', branches: [{ kind: 'seq', terms: [inner] }] };
  return { atom: { kind: 'atomic', body }, quantifier: undefined };
}

const ZERO_LENGTH: ReadonlySet<AtomNode['kind']> = new Set(['assert', 'look', 'keep']);

const SIMPLE_QUANTIFIERS: Readonly<Record<string, [number, number]>> = {
  '*': [0, Infinity],
  '+': [1, Infinity],
  '?': [0, 1],
};

function readQuantifier(state: ParseState): Quantifier | undefined {
  const ch = peek(state);
  const bounds = ch === undefined ? undefined : SIMPLE_QUANTIFIERS[ch];
  if (bounds) {
    state.pos++;
    return { min: bounds[0], max: bounds[1], lazy: false };
  }
  if (ch !== '{') return undefined;
  const braces = readBraces(state);
  // Perl 5.36 warns "Unescaped left brace in regex is passed through", fatal under SpamAssassin.
  if (!braces) fail(state, 'unescaped left brace in regex is passed through (not a quantifier)');
  return braces;
}

/** `{n}`, `{n,}`, `{n,m}` or `{,m}` (Perl 5.34+), blanks allowed inside. */
function readBraces(state: ParseState): Quantifier | undefined {
  const m = /^\{[ \t]*(\d*)[ \t]*(?:(,)[ \t]*(\d*)[ \t]*)?\}/.exec(state.src.slice(state.pos, state.pos + 40));
  if (!m) return undefined;
  const [text, lo, comma, hi] = m as unknown as [string, string, string | undefined, string | undefined];
  if (lo === '' && (hi === undefined || hi === '')) return undefined;
  const min = lo === '' ? 0 : Number(lo);
  const max = comma === undefined ? min : hi === '' || hi === undefined ? Infinity : Number(hi);
  if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT)) fail(state, `quantifier in {,} bigger than ${MAX_REPEAT}`);
  if (max < min) fail(state, "can't do {n,m} with n > m");
  state.pos += text.length;
  return { min, max, lazy: false };
}

/** Whether another quantifier starts here (Perl: "Nested quantifiers"). */
function startsQuantifier(state: ParseState): boolean {
  const ch = peek(state);
  if (ch === '*' || ch === '+' || ch === '?') return true;
  if (ch !== '{') return false;
  const save = state.pos;
  const braces = readBraces(state);
  state.pos = save;
  return braces !== undefined;
}

function checkReferences(state: ParseState): void {
  for (const ref of state.numberedRefs) {
    if (ref.index > state.groupCount || ref.index < 1) fail(state, 'reference to nonexistent group', ref.at);
  }
  for (const ref of state.namedRefs) {
    if (!state.names.includes(ref.name)) fail(state, `reference to nonexistent named group '${ref.name}'`, ref.at);
  }
}
