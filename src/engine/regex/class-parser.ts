/**
 * Reads a Perl bracket class (`[...]`) into a byte set: ranges, escapes,
 * POSIX members, `]` as the first member, and /xx blanks. Members above 0xFF
 * can never match a byte subject and are dropped.
 */

import { addAll, canonicalSet, complement, emptySet, type ByteSet } from './byte-set.js';
import { readCharEscape, readOctal, REFUSED_ESCAPES, SET_ESCAPES } from './escapes.js';
import { fail, peek, type ParseState } from './parse-state.js';
import { POSIX_CLASSES } from './posix-classes.js';
import type { SetNode } from './ast.js';

/** One member: a code point, or a set that cannot be a range endpoint. */
type Member = { code: number } | { set: ByteSet; text: string };

/** Parses a class with `state.pos` on the opening `[`. */
export function parseClass(state: ParseState): SetNode {
  const open = state.pos;
  state.pos++;
  const negated = peek(state) === '^';
  if (negated) state.pos++;
  const positive = emptySet();
  let first = true;
  let dropped = false;
  for (;;) {
    skipClassBlanks(state);
    const ch = peek(state);
    if (ch === undefined) fail(state, 'unmatched [ in regex', open);
    // A `]` right after `[` or `[^` is a member, not the end.
    if (ch === ']' && !first) break;
    first = false;
    const member = readMember(state);
    const range = readRangeEnd(state, member);
    if ('set' in member && range === undefined) {
      addAll(positive, member.set);
      continue;
    }
    const lo = (member as { code: number }).code;
    const hi = range ?? lo;
    if (lo > 0xff) dropped = true;
    for (let c = lo; c <= Math.min(hi, 0xff); c++) positive[c] = 1;
  }
  state.pos++;
  if (dropped) state.warnings.push('class member above \\xFF can never match a byte subject');
  return { kind: 'set', positive: canonicalSet(positive), negated, i: state.flags.i };
}

/** /xx ignores unescaped spaces and tabs inside classes. */
function skipClassBlanks(state: ParseState): void {
  if (state.flags.x !== 2) return;
  while (peek(state) === ' ' || peek(state) === '\t') state.pos++;
}

/** If a `-` range follows, reads its end and returns it. */
function readRangeEnd(state: ParseState, start: Member): number | undefined {
  const save = state.pos;
  skipClassBlanks(state);
  if (peek(state) !== '-' || peek(state, 1) === ']' || peek(state, 1) === undefined) {
    state.pos = save;
    return undefined;
  }
  state.pos++;
  skipClassBlanks(state);
  const end = readMember(state);
  if ('set' in start || 'set' in end) {
    const text = 'set' in start ? start.text : 'set' in end ? end.text : '';
    fail(state, `false [] range involving ${text}`);
  }
  if (end.code < start.code) fail(state, 'invalid [] range (end before start)');
  return end.code;
}

function readMember(state: ParseState): Member {
  const ch = peek(state) as string;
  if (ch === '[') {
    const posix = readPosix(state);
    if (posix) return posix;
  }
  if (ch !== '\\') {
    state.pos++;
    return { code: ch.charCodeAt(0) };
  }
  return readClassEscape(state);
}

/** `[:name:]` or `[:^name:]`; `[.x.]` and `[=x=]` are reserved by Perl. */
function readPosix(state: ParseState): Member | undefined {
  const m = /^\[([:.=])(\^?)([a-z]*)\1\]/.exec(state.src.slice(state.pos, state.pos + 20));
  if (!m) return undefined;
  const [text, kind, caret, name] = m as unknown as [string, string, string, string];
  if (kind !== ':') fail(state, `POSIX syntax [${kind} ${kind}] is reserved for future extensions`);
  const set = POSIX_CLASSES[name];
  if (!set) fail(state, `POSIX class [:${caret}${name}:] unknown`);
  state.pos += text.length;
  return { set: caret ? complement(set) : set, text };
}

function readClassEscape(state: ParseState): Member {
  const start = state.pos;
  state.pos++;
  const letter = peek(state);
  if (letter === undefined) fail(state, 'trailing \\ in regex');
  const set = SET_ESCAPES[letter];
  if (set) {
    state.pos++;
    return { set: set(), text: '\\' + letter };
  }
  // Inside a class \b is backspace and \1..\7 are octal, never back-references.
  if (letter === 'b') {
    state.pos++;
    return { code: 0x08 };
  }
  if (/[0-7]/.test(letter)) return { code: readOctal(state) };
  const code = readCharEscape(state);
  if (code !== undefined) return { code };
  const refused = REFUSED_ESCAPES[letter];
  if (refused) fail(state, refused, start);
  if (/[A-Za-z0-9]/.test(letter)) fail(state, `unrecognized escape \\${letter} in character class`, start);
  state.pos++;
  return { code: letter.charCodeAt(0) };
}
