/**
 * Splits a Perl match operator written in a rule file (`/re/flags`,
 * `m{re}flags`, `m!re!flags`, `qr(...)`) into pattern, flags and whatever
 * follows. The accepted shapes mirror what SpamAssassin's rule compiler takes:
 * a bare slash, or `m`/`qr` followed by any non-word character other than a
 * backslash. The pattern text is returned exactly as written (escapes kept),
 * because Perl receives it as a string and interprets escapes itself.
 */

export interface PerlRegexLiteral {
  pattern: string;
  flags: string;
  rest: string;
}

export interface PerlRegexLiteralError {
  error: string;
}

/** Opening bracket → closing bracket; these delimiters nest. */
const BRACKET_PAIRS: Readonly<Record<string, string>> = { '{': '}', '(': ')', '<': '>', '[': ']' };

/** Reads a Perl match operator at the start of `text`. */
export function splitPerlRegexLiteral(text: string): PerlRegexLiteral | PerlRegexLiteralError {
  const opening = readOpening(text);
  if ('error' in opening) return opening;
  const { open, start } = opening;
  const close = BRACKET_PAIRS[open] ?? open;
  const end = findClosingDelimiter(text, start, open, close);
  if (end < 0) return { error: `unterminated regex: no closing '${close}'` };
  const pattern = text.slice(start, end);
  return readFlags(text, end + 1, pattern);
}

/** Finds the delimiter and where the pattern begins. */
function readOpening(text: string): { open: string; start: number } | PerlRegexLiteralError {
  if (text.startsWith('/')) return { open: '/', start: 1 };
  const prefix = text.startsWith('qr') ? 2 : text.startsWith('m') ? 1 : 0;
  if (prefix === 0) return { error: 'missing regex delimiters: expected /.../ or m<delim>...<delim>' };
  const open = text[prefix];
  if (open === undefined) return { error: 'unterminated regex: nothing after the m operator' };
  // Word characters after `m` would make it an identifier, not an operator.
  if (/\w/.test(open)) return { error: `invalid regex delimiter '${open}'` };
  if (open === '\\') return { error: 'backslash delimiter not allowed' };
  return { open, start: prefix + 1 };
}

/**
 * Index of the closing delimiter, or -1. A backslash always protects the next
 * character (so `\/` and `\}` stay inside the pattern). Bracket delimiters
 * nest, as in Perl: `m{a{2}}` is the pattern `a{2}`.
 */
function findClosingDelimiter(text: string, start: number, open: string, close: string): number {
  const nests = open !== close;
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (nests && ch === open) {
      depth++;
    } else if (ch === close) {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** Reads the modifier letters after the closing delimiter. */
function readFlags(text: string, from: number, pattern: string): PerlRegexLiteral | PerlRegexLiteralError {
  let i = from;
  while (i < text.length && /[a-z]/.test(text[i] as string)) i++;
  const flags = text.slice(from, i);
  // `e` would turn a substitution into code; SpamAssassin refuses it outright.
  if (flags.includes('e')) return { error: `forbidden regex modifier 'e' in '${flags}'` };
  const next = text[i];
  if (next !== undefined && /\w/.test(next)) {
    return { error: `invalid regex modifiers '${text.slice(from, i + 1)}'` };
  }
  return { pattern, flags, rest: text.slice(i) };
}
