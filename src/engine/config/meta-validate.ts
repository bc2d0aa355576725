/**
 * Parse-time validation of meta expressions (Conf/Parser.pm is_meta_valid):
 * refuse Perl-significant characters, replace every rule name with 0, and
 * check that the result is a well-formed expression without a division by a
 * zero constant.
 */
import { evaluate, ExpressionError, type ExprToken } from './expression.js';
import { lexArithmetic, RULES_MATCHING_RE } from './meta-tokens.js';

const RULE_NAME = /^[_a-zA-Z][_a-zA-Z0-9]{0,127}$/;
const NUMBER = /^\d+(?:\.\d+)?$/;
const OPERATOR = /^[!-/:-@[-`{-~]{1,2}$/;

/** The problem with a meta expression, or undefined when SpamAssassin would accept it. */
export function validateMeta(expr: string): string | undefined {
  if (/::|->|[$@%;{}]/.test(expr)) return `invalid meta rule: ${expr}`;
  const degenerate = expr.replace(RULES_MATCHING_RE, ' 0 ');
  const tokens: ExprToken[] = [];
  for (const tok of lexArithmetic(degenerate)) {
    if (RULE_NAME.test(tok)) tokens.push({ t: 'num', v: 0 });
    else if (NUMBER.test(tok)) tokens.push({ t: 'num', v: Number(tok) });
    else if (OPERATOR.test(tok)) tokens.push({ t: 'op', v: tok });
    else return `invalid token: ${tok}`;
  }
  if (tokens.length === 0) return `invalid expression "${expr}": syntax error`;
  try {
    evaluate(tokens, () => 0, true);
    return undefined;
  } catch (err) {
    if (err instanceof ExpressionError) return `invalid expression "${expr}": ${err.message}`;
    throw err;
  }
}
