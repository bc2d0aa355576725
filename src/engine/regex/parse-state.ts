/**
 * Cursor and bookkeeping shared by the pieces of the Perl regex parser.
 */

import type { FlagState } from './flag-state.js';

/** A pattern SpamAssassin (Perl) would refuse, or one we cannot translate faithfully. */
export class RegexSyntaxError extends Error {
  constructor(message: string, readonly position: number) {
    super(`${message} (at offset ${position})`);
    this.name = 'RegexSyntaxError';
  }
}

export interface ParseState {
  readonly src: string;
  pos: number;
  flags: FlagState;
  /** Capturing groups opened so far (Perl numbering). */
  groupCount: number;
  names: string[];
  warnings: string[];
  /** Back-references by number, checked once the whole pattern is known. */
  numberedRefs: { index: number; at: number }[];
  namedRefs: { name: string; at: number }[];
  /** Depth of enclosing look-behinds, where atomic emulation cannot work. */
  lookbehindDepth: number;
}

export function fail(state: ParseState, message: string, at: number = state.pos): never {
  throw new RegexSyntaxError(message, at);
}

/**
 * A sticky pattern's match at the parse position (without slicing the rest
 * of the source: the obfuscation rules are tens of KB of `\xNN` escapes,
 * and a slice per escape made their parse quadratic).
 */
export function matchHere(state: ParseState, sticky: RegExp): RegExpExecArray | null {
  sticky.lastIndex = state.pos;
  return sticky.exec(state.src);
}

export function peek(state: ParseState, offset = 0): string | undefined {
  return state.src[state.pos + offset];
}

export function atEnd(state: ParseState): boolean {
  return state.pos >= state.src.length;
}

/**
 * Skips what /x ignores between tokens: whitespace and `#` comments to the
 * end of the line. Also skips `(?#…)` comments, which Perl allows anywhere.
 */
export function skipIgnorable(state: ParseState): void {
  for (;;) {
    const ch = peek(state);
    if (state.flags.x && ch !== undefined && /[\t\n\x0B\f\r ]/.test(ch)) {
      state.pos++;
    } else if (state.flags.x && ch === '#') {
      const nl = state.src.indexOf('\n', state.pos);
      state.pos = nl < 0 ? state.src.length : nl + 1;
    } else if (state.src.startsWith('(?#', state.pos)) {
      const close = state.src.indexOf(')', state.pos);
      if (close < 0) fail(state, 'sequence (?#... not terminated');
      state.pos = close + 1;
    } else {
      return;
    }
  }
}
