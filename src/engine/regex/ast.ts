/**
 * The parsed form of a Perl rule regex. Flag-dependent meaning is resolved at
 * parse time and stored on the nodes (`i` on byte matchers and
 * back-references, `/m` on anchors, `/s` on dots), so scoped and mid-pattern
 * modifiers need no structure of their own.
 */

import type { ByteSet } from './byte-set.js';

/** Matches one byte. `positive` is the class as written; `negated` applies after case folding, as in Perl. */
export interface SetNode {
  kind: 'set';
  positive: ByteSet;
  negated: boolean;
  /** Case-insensitive (/i in effect where it was written). */
  i: boolean;
}

export type AssertionKind =
  | 'start' // ^ without /m, \A
  | 'line-start' // ^ with /m
  | 'end-or-final-newline' // $ without /m, \Z
  | 'line-end' // $ with /m
  | 'end' // \z
  | 'word-boundary'
  | 'not-word-boundary';

export interface AssertionNode {
  kind: 'assert';
  what: AssertionKind;
}

/** \R: CRLF or one vertical whitespace byte, without backtracking into CRLF. */
export interface LinebreakNode {
  kind: 'linebreak';
}

export interface GroupNode {
  kind: 'group';
  /** Perl group number, or undefined for a non-capturing group. */
  index: number | undefined;
  name: string | undefined;
  body: AltNode;
}

export interface LookNode {
  kind: 'look';
  behind: boolean;
  negative: boolean;
  body: AltNode;
}

/** (?>…), also produced for possessive quantifiers. */
export interface AtomicNode {
  kind: 'atomic';
  body: AltNode;
}

export interface BackrefNode {
  kind: 'backref';
  /** Perl group number, when referenced by number. */
  index: number | undefined;
  name: string | undefined;
  i: boolean;
}

/** \K: resets the reported match start only; hits and captures are unaffected. */
export interface KeepNode {
  kind: 'keep';
}

export type AtomNode = SetNode | AssertionNode | LinebreakNode | GroupNode | LookNode | AtomicNode | BackrefNode | KeepNode;

export interface Quantifier {
  min: number;
  /** Infinity for an open upper bound. */
  max: number;
  lazy: boolean;
}

export interface TermNode {
  atom: AtomNode;
  quantifier: Quantifier | undefined;
}

export interface SeqNode {
  kind: 'seq';
  terms: TermNode[];
}

export interface AltNode {
  kind: 'alt';
  branches: SeqNode[];
}

export interface ParsedRegex {
  root: AltNode;
  /** Number of capturing groups (Perl numbering). */
  groupCount: number;
  /** Group names in order of appearance. */
  names: string[];
  warnings: string[];
}
