/**
 * The arithmetic-expression lexer SpamAssassin uses for meta rules and `if`
 * conditions (Constants.pm ARITH_EXPRESSION_LEXER). It is a global match:
 * characters that fit no alternative (spaces, `$`, a lone `&`…) are skipped,
 * which is why metas are additionally screened for such characters.
 */

/** Alternatives in SpamAssassin's order: number-ish runs, names, parens, operators. */
const LEXER = /[-+\d.]+|\w[\w:]*|[()]|\|\||&&|\^|!(?!=)|>=?|<=?|==|!=|[-+*/]|[?:]/g;

/** `rules_matching(GLOB)` inside a meta, expanded before lexing. */
export const RULES_MATCHING_RE = /(?<!_)\brules_matching\(\s*([_a-zA-Z*?][_a-zA-Z0-9*?]{0,127})\s*\)/g;

export type MetaTokenKind = 'rule' | 'number' | 'operator' | 'local_tests_only' | 'invalid';

export interface MetaToken {
  kind: MetaTokenKind;
  text: string;
}

/** The raw lexer output. */
export function lexArithmetic(expr: string): string[] {
  return expr.match(LEXER) ?? [];
}

const RULE_NAME = /^[_a-zA-Z][_a-zA-Z0-9]{0,127}$/;
const NUMBER = /^\d+(?:\.\d+)?$/;
const PUNCT_OPERATOR = /^[!-/:-@[-`{-~]{1,2}$/;

/**
 * Tokens of a meta expression, classified the way the rules compiler needs
 * them: rule names (each evaluates to its hit count), numbers, operators, the
 * `local_tests_only` pseudo-variable, and anything SpamAssassin would reject.
 */
export function tokenizeMeta(expr: string): MetaToken[] {
  return lexArithmetic(expr).map(classify);
}

function classify(text: string): MetaToken {
  if (text === 'local_tests_only') return { kind: 'local_tests_only', text };
  if (RULE_NAME.test(text)) return { kind: 'rule', text };
  if (NUMBER.test(text)) return { kind: 'number', text };
  if (PUNCT_OPERATOR.test(text)) return { kind: 'operator', text };
  return { kind: 'invalid', text };
}

/** Rule names a meta depends on, in order of first appearance, without duplicates. */
export function metaDependencies(expr: string): string[] {
  const seen = new Set<string>();
  for (const t of tokenizeMeta(expr)) if (t.kind === 'rule') seen.add(t.text);
  return [...seen];
}

/** Converts a rules_matching glob to an anchored regex (`?` one char, `*` any run). */
export function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/\?/g, '.').replace(/\*/g, '.*?');
  return new RegExp(`^${body}$`);
}

/**
 * Replaces each `rules_matching(GLOB)` with ` (A+B+…) ` over the sorted names
 * that match (never the meta itself), or ` (0) ` when none do.
 */
export function expandRulesMatching(expr: string, self: string, names: Iterable<string>): string {
  if (!expr.includes('rules_matching')) return expr;
  const all = [...names];
  return expr.replace(RULES_MATCHING_RE, (_m, glob: string) => {
    const re = globToRegExp(glob);
    const hits = all.filter((n) => n !== self && re.test(n)).sort(byteCompare);
    return ` (${hits.length > 0 ? hits.join('+') : '0'}) `;
  });
}

function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
