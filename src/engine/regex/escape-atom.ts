/**
 * Backslash escapes outside bracket classes: assertions, back-references in
 * all Perl spellings, \R, \K, \N and the escapes shared with classes.
 */

import type { AssertionKind, AtomNode, BackrefNode } from './ast.js';
import { singleByte } from './byte-set.js';
import { readCharEscape, readOctal, REFUSED_ESCAPES, SET_ESCAPES } from './escapes.js';
import { fail, matchHere, peek, type ParseState } from './parse-state.js';
import { literalNode } from './parser.js';

const DIGITS = /\d+/y;
const G_REFERENCE = /(?:\{\s*(-?\d+|[A-Za-z_]\w*)\s*\}|(-?\d+))/y;
const K_REFERENCE = /(?:<([A-Za-z_]\w*)>|'([A-Za-z_]\w*)'|\{\s*([A-Za-z_]\w*)\s*\})/y;

const ASSERTION_ESCAPES: Readonly<Record<string, AssertionKind>> = {
  A: 'start',
  z: 'end',
  Z: 'end-or-final-newline',
  b: 'word-boundary',
  B: 'not-word-boundary',
};

/** Parses an escape with `state.pos` on the backslash. */
export function parseEscapeAtom(state: ParseState): AtomNode {
  const start = state.pos;
  state.pos++;
  const letter = peek(state);
  if (letter === undefined) fail(state, 'trailing \\ in regex', start);
  if (/[1-9]/.test(letter)) return parseDigits(state, start);
  const assertion = ASSERTION_ESCAPES[letter];
  if (assertion) {
    state.pos++;
    if ((letter === 'b' || letter === 'B') && peek(state) === '{') fail(state, `\\${letter}{...} needs Unicode rules, not /aa`, start);
    return { kind: 'assert', what: assertion };
  }
  const special = SPECIAL_ESCAPES[letter];
  if (special) return special(state, start);
  const set = SET_ESCAPES[letter];
  if (set) {
    state.pos++;
    return { kind: 'set', positive: set(), negated: false, i: false };
  }
  const code = readCharEscape(state);
  if (code !== undefined) return literalNode(state, code);
  const refused = REFUSED_ESCAPES[letter];
  if (refused) fail(state, refused, start);
  if (/[A-Za-z0-9]/.test(letter)) fail(state, `unrecognized escape \\${letter}`, start);
  state.pos++;
  return literalNode(state, letter.charCodeAt(0));
}

type EscapeParser = (state: ParseState, start: number) => AtomNode;

const SPECIAL_ESCAPES: Readonly<Record<string, EscapeParser>> = {
  g: parseGReference,
  k: parseKReference,
  R: (state) => {
    state.pos++;
    return { kind: 'linebreak' };
  },
  K: (state) => {
    state.pos++;
    state.warnings.push('\\K only moves the reported match start; it is dropped (hits and captures are unchanged)');
    return { kind: 'keep' };
  },
  N: (state) => {
    if (peek(state, 1) === '{') return literalNode(state, readCharEscape(state) as number);
    state.pos++;
    return { kind: 'set', positive: singleByte(0x0a), negated: true, i: false };
  },
};

/**
 * \1..\9 are always back-references; \10 and up are back-references only when
 * that many groups are already open, otherwise octal (Perl's rule).
 */
function parseDigits(state: ParseState, start: number): AtomNode {
  const digits = matchHere(state, DIGITS)?.[0] as string;
  const value = Number(digits);
  if (digits.length === 1 || value <= state.groupCount) {
    state.pos += digits.length;
    return numberedRef(state, value, start);
  }
  if (/^[0-7]/.test(digits)) return literalNode(state, readOctal(state));
  return fail(state, 'reference to nonexistent group', start);
}

function numberedRef(state: ParseState, index: number, at: number): BackrefNode {
  state.numberedRefs.push({ index, at });
  return { kind: 'backref', index, name: undefined, i: state.flags.i };
}

export function namedRef(state: ParseState, name: string, at: number): BackrefNode {
  state.namedRefs.push({ name, at });
  return { kind: 'backref', index: undefined, name, i: state.flags.i };
}

/** \gN, \g-N, \g{N}, \g{-N}, \g{name}. */
function parseGReference(state: ParseState, start: number): AtomNode {
  state.pos++;
  const m = matchHere(state, G_REFERENCE);
  if (!m) fail(state, 'unterminated \\g... pattern', start);
  state.pos += m[0].length;
  const ref = (m[1] ?? m[2]) as string;
  if (!/^-?\d+$/.test(ref)) return namedRef(state, ref, start);
  const n = Number(ref);
  // \g{-1} is the most recently opened group before this point.
  const index = n < 0 ? state.groupCount + 1 + n : n;
  if (n === 0 || index < 1) fail(state, 'reference to nonexistent or unclosed group', start);
  return numberedRef(state, index, start);
}

/** \k<name>, \k'name', \k{name}. */
function parseKReference(state: ParseState, start: number): AtomNode {
  state.pos++;
  const m = matchHere(state, K_REFERENCE);
  if (!m) fail(state, 'sequence \\k... not terminated', start);
  state.pos += m[0].length;
  return namedRef(state, (m[1] ?? m[2] ?? m[3]) as string, start);
}
