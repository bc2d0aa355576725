/**
 * The operand of a `header` rule: `Name[:mod[:mod]] =~ /re/flags [if-unset: X]`,
 * `Name !~ …` or `exists:Name` (Conf/Parser.pm add_test for head tests).
 */
import type { ExistsTest, HeaderTest } from './types.js';
import { parseRuleRegex } from './rule-regex.js';

const MODIFIERS = /:(?!(?:raw|addr|name|host|domain|ip|revip|first|last)\b)/i;

export function parseHeaderOperand(text: string): HeaderTest | ExistsTest | { error: string } {
  const ex = /^exists:(.*)$/s.exec(text);
  if (ex !== null) {
    const hdr = ex[1] as string;
    if (!/^[\w.-]+:?$/.test(hdr)) return { error: `invalid head test header: ${hdr}` };
    return { kind: 'exists', header: hdr.replace(/:$/, '') };
  }
  const m = /^([\w.-]+(?::|(?::[a-z]+){1,2})?)\s*([=!]~)\s*(.+)$/s.exec(text);
  if (m === null) return { error: `invalid head test: ${text}` };
  const header = (m[1] as string).replace(/:$/, '');
  if (MODIFIERS.test(header)) return { error: `invalid header modifier: ${header}` };
  let operand = m[3] as string;
  let ifUnset: string | undefined;
  const unset = /\s+\[if-unset:\s+(.+)\]$/s.exec(operand);
  if (unset !== null) {
    ifUnset = unset[1];
    operand = operand.slice(0, unset.index);
  }
  const re = parseRuleRegex(operand);
  if ('error' in re) return { error: `invalid regexp '${operand}': ${re.error}` };
  return { kind: 'match', header, positive: m[2] === '=~', pattern: re.pattern, flags: re.flags, ifUnset };
}

/** mimeheader operands: only `:raw` is allowed, and any non-colon header name. */
export function parseMimeHeaderOperand(text: string): HeaderTest | { error: string } {
  const m = /^([^:\s]+(?::(?:raw)?)?)\s*([=!]~)\s*(.+)$/s.exec(text);
  if (m === null) return { error: `invalid mimeheader test: ${text}` };
  let operand = m[3] as string;
  let ifUnset: string | undefined;
  const unset = /\s+\[if-unset:\s+(.+)\]$/s.exec(operand);
  if (unset !== null) {
    ifUnset = unset[1];
    operand = operand.slice(0, unset.index);
  }
  const re = parseRuleRegex(operand);
  if ('error' in re) return { error: `invalid regexp '${operand}': ${re.error}` };
  const header = (m[1] as string).replace(/:$/, '');
  return { kind: 'match', header, positive: m[2] === '=~', pattern: re.pattern, flags: re.flags, ifUnset };
}
