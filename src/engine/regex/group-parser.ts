/**
 * Everything that starts with `(`: plain and named captures, non-capturing
 * and modifier groups, look-arounds and atomic groups, plus the Perl
 * extensions we refuse (recursion, conditionals, branch reset, code, verbs).
 */

import type { AtomNode, GroupNode } from './ast.js';
import { namedRef } from './escape-atom.js';
import { applyModifiers } from './flag-state.js';
import { fail, matchHere, peek, type ParseState } from './parse-state.js';
import { parseAlternation } from './parser.js';

const NAME = /[A-Za-z_]\w*/y;

/** Openers after `(?` that we refuse, tested in order. */
const REFUSED_OPENERS: readonly [RegExp, string][] = [
  [/^\?\??\{/, 'code blocks (?{...}) are not allowed'],
  [/^\?\(/, 'conditionals (?(...)...) are not supported'],
  [/^\?\|/, 'branch reset (?|...) is not supported'],
  [/^\?(?:R|[+-]?\d+|&\w+|P>\w+)\)/, 'recursion is not supported'],
  [/^\*/, 'backtracking control verbs (*...) are not supported'],
];

/** Parses a group with `state.pos` on `(`. Returns undefined for `(?flags)`. */
export function parseGroup(state: ParseState): AtomNode | undefined {
  const start = state.pos;
  const after = state.src.slice(start + 1, start + 40);
  for (const [shape, reason] of REFUSED_OPENERS) if (shape.test(after)) fail(state, reason, start);
  if (!after.startsWith('?')) {
    state.pos++;
    return capture(state, start, undefined);
  }
  const opener = GROUP_OPENERS.find(([prefix]) => after.startsWith(prefix, 1));
  if (opener) {
    state.pos += 2 + opener[0].length;
    return opener[1](state, start);
  }
  return parseModifierGroup(state, start);
}

type OpenerParser = (state: ParseState, start: number) => AtomNode;

const GROUP_OPENERS: readonly [string, OpenerParser][] = [
  [':', (state, start) => nonCapturing(state, start)],
  ['=', (state, start) => look(state, start, false, false)],
  ['!', (state, start) => look(state, start, false, true)],
  ['<=', (state, start) => look(state, start, true, false)],
  ['<!', (state, start) => look(state, start, true, true)],
  ['>', atomic],
  ['P=', namedBackref],
  ['P<', (state, start) => namedCapture(state, start, '>')],
  ['<', (state, start) => namedCapture(state, start, '>')],
  ["'", (state, start) => namedCapture(state, start, "'")],
];

/** Parses the body up to `)`, with inline modifiers scoped to it. */
function body(state: ParseState, start: number): GroupNode['body'] {
  const saved = state.flags;
  const alt = parseAlternation(state);
  if (peek(state) !== ')') fail(state, 'unmatched ( in regex', start);
  state.pos++;
  state.flags = saved;
  return alt;
}

function capture(state: ParseState, start: number, name: string | undefined): GroupNode {
  // Under /n plain parentheses do not capture; named groups still do.
  if (name === undefined && state.flags.n) return nonCapturing(state, start);
  const index = ++state.groupCount;
  if (name !== undefined) {
    if (state.names.includes(name)) fail(state, `duplicate group name '${name}' is not supported`, start);
    state.names.push(name);
  }
  return { kind: 'group', index, name, body: body(state, start) };
}

function nonCapturing(state: ParseState, start: number): GroupNode {
  return { kind: 'group', index: undefined, name: undefined, body: body(state, start) };
}

function look(state: ParseState, start: number, behind: boolean, negative: boolean): AtomNode {
  if (behind) state.lookbehindDepth++;
  const alt = body(state, start);
  if (behind) state.lookbehindDepth--;
  return { kind: 'look', behind, negative, body: alt };
}

function atomic(state: ParseState, start: number): AtomNode {
  // The look-ahead + back-reference emulation does not hold when matched right to left.
  if (state.lookbehindDepth > 0) fail(state, 'atomic group inside a look-behind is not supported', start);
  return { kind: 'atomic', body: body(state, start) };
}

function readName(state: ParseState, close: string, start: number): string {
  const m = matchHere(state, NAME);
  if (!m) fail(state, /^\d/.test(peek(state) ?? '') ? 'group name must start with a non-digit word character' : 'group name expected', start);
  state.pos += m[0].length;
  if (peek(state) !== close) fail(state, 'sequence (?<... not terminated', start);
  state.pos++;
  return m[0];
}

function namedCapture(state: ParseState, start: number, close: string): AtomNode {
  return capture(state, start, readName(state, close, start));
}

function namedBackref(state: ParseState, start: number): AtomNode {
  return namedRef(state, readName(state, ')', start), start);
}

/** `(?imsx-imsx)` (applies to the rest of the group) or `(?imsx-imsx:...)`. */
function parseModifierGroup(state: ParseState, start: number): AtomNode | undefined {
  const m = /^\?([\^a-zA-Z-]*)([:)])/.exec(state.src.slice(start + 1, start + 40));
  if (!m) fail(state, `sequence (?${state.src[start + 2] ?? ''}... not recognized`, start);
  const next = applyModifiers(state.flags, m[1] as string);
  if (typeof next === 'string') fail(state, next, start);
  state.pos = start + 1 + m[0].length;
  if (m[2] === ')') {
    state.flags = next;
    return undefined;
  }
  const saved = state.flags;
  state.flags = next;
  const alt = body(state, start);
  state.flags = saved;
  return { kind: 'group', index: undefined, name: undefined, body: alt };
}
