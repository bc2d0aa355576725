/**
 * The modifiers in effect at a point of a Perl pattern, and how inline
 * modifier lists (`(?i)`, `(?^s:…)`, `(?x-i)`) change them.
 */

export interface FlagState {
  i: boolean;
  m: boolean;
  s: boolean;
  /** 0 = off, 1 = /x, 2 = /xx (also ignores blanks inside classes). */
  x: 0 | 1 | 2;
  /** /n: plain parentheses do not capture. */
  n: boolean;
}

export const DEFAULT_FLAGS: Readonly<FlagState> = { i: false, m: false, s: false, x: 0, n: false };

/**
 * Why a modifier letter is refused. `a`/`aa` restate what SpamAssassin
 * already imposes and `p` is a no-op; the charset modifiers would change the
 * meaning of \s, \w and case folding, and g/c/o are match-operator flags that
 * Perl warns about (fatal under SpamAssassin).
 */
const REFUSED: Readonly<Record<string, string>> = {
  u: 'charset modifier u (Unicode rules) is not supported; rules run under /aa',
  l: 'charset modifier l (locale rules) is not supported; rules run under /aa',
  d: 'charset modifier d (native rules) is not supported; rules run under /aa',
  g: 'useless regex modifier g',
  c: 'useless regex modifier c',
  o: 'useless regex modifier o',
};

/**
 * Applies a modifier list such as `i`, `^s`, `x-i` to `base`.
 * Returns the new state or an error message.
 */
export function applyModifiers(base: Readonly<FlagState>, spec: string): FlagState | string {
  let state: FlagState = { ...base };
  let rest = spec;
  if (rest.startsWith('^')) {
    // (?^…) restarts from Perl's defaults (d-imnsx), i.e. everything off.
    state = { ...DEFAULT_FLAGS };
    rest = rest.slice(1);
  }
  let on = true;
  for (let k = 0; k < rest.length; k++) {
    const letter = rest[k] as string;
    if (letter === '-') {
      if (!on || spec.startsWith('^')) return `misplaced '-' in modifier list '${spec}'`;
      on = false;
      continue;
    }
    const error = applyLetter(state, letter, on, rest[k + 1] === 'x');
    if (error) return error;
    if (letter === 'x' && rest[k + 1] === 'x') k++;
  }
  return state;
}

function applyLetter(state: FlagState, letter: string, on: boolean, doubled: boolean): string | undefined {
  switch (letter) {
    case 'i':
    case 'm':
    case 's':
    case 'n':
      state[letter] = on;
      return undefined;
    case 'x':
      state.x = on ? (doubled ? 2 : 1) : 0;
      return undefined;
    case 'a':
    case 'p':
      return on ? undefined : `regex modifier '${letter}' may not appear after '-'`;
    default:
      return REFUSED[letter] ?? `unknown regex modifier '${letter}'`;
  }
}
