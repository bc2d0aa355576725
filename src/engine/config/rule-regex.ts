/**
 * Regex operands of rule definitions: splitting `/re/flags` with the shared
 * literal reader, SpamAssassin's extra checks on the result, and named
 * capture detection.
 */
import { splitPerlRegexLiteral } from '../regex/literal.js';

export type RuleRegex = { pattern: string; flags: string } | { error: string };

/** A whole operand that must be exactly one regex literal (trailing text is an error). */
export function parseRuleRegex(text: string): RuleRegex {
  const lit = splitPerlRegexLiteral(text);
  if ('error' in lit) return lit;
  if (lit.rest.trim() !== '') return { error: `unexpected text after regex: '${lit.rest.trim()}'` };
  // Perl code blocks are refused even when `use re 'eval'` would allow them.
  if (/\(\?\??\{/.test(lit.pattern)) return { error: 'eval (?{}) found' };
  return { pattern: lit.pattern, flags: lit.flags };
}

/** A regex with a named capture `(?<NAME>…)` (upper-case name) feeds template tags. */
export function hasNamedCapture(pattern: string): boolean {
  return /\(\?P?[<'][A-Z]/.test(pattern);
}

/** Priority SpamAssassin forces on capture rules so their tags exist before other rules run. */
export const CAPTURE_RULE_PRIORITY = -10000;
