/**
 * Meta expressions: SpamAssassin lexes them into numbers, rule names and a
 * closed set of operators, and evaluates them as Perl. Only those tokens are
 * let through, so the generated function cannot do anything but arithmetic
 * and comparisons over rule values.
 */

import { lexArithmetic, tokenizeMeta } from '../config/meta-tokens.js';

const NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const OPERATOR = /^(?:[()]|\|\||&&|\^|!|>=?|<=?|==|!=|[+\-*/]|[?:])$/;
/** Characters SpamAssassin refuses outright in a meta (bug 7557). */
const FORBIDDEN = /::|->|[$@%;{}]/;

export interface CompiledMeta {
  deps: string[];
  evaluate: (value: (name: string) => number) => number;
}

export type MetaCompileResult = { ok: true; meta: CompiledMeta } | { ok: false; error: string };

/** Split a meta expression into SpamAssassin's tokens (the config reader's lexer). */
export function lexMeta(expression: string): string[] {
  return lexArithmetic(expression);
}

/** Compile a meta expression (rules_matching already expanded) into a closure over rule values. */
export function compileMeta(expression: string): MetaCompileResult {
  if (FORBIDDEN.test(expression)) return { ok: false, error: `invalid meta expression: ${expression}` };
  const deps = new Set<string>();
  const parts: string[] = [];
  for (const token of lexMeta(expression)) {
    const part = translateToken(token, deps);
    if (part === undefined) return { ok: false, error: `invalid meta token: ${token}` };
    parts.push(part);
  }
  const code = parts.length === 0 ? '0' : parts.join(' ');
  let fn: (v: (name: string) => number) => unknown;
  try {
    fn = new Function('v', `"use strict"; return (${code});`) as typeof fn;
    fn(() => 0);
  } catch (err) {
    return { ok: false, error: `invalid expression "${expression}": ${(err as Error).message}` };
  }
  return { ok: true, meta: { deps: [...deps], evaluate: (v) => toPerlNumber(fn(v)) } };
}

function translateToken(token: string, deps: Set<string>): string | undefined {
  if (OPERATOR.test(token)) return token;
  if (NUMBER.test(token)) return ` ${token}`;
  if (token === 'local_tests_only') return 'v("local_tests_only")';
  if (tokenizeMeta(token)[0]?.kind === 'rule') {
    deps.add(token);
    return `v(${JSON.stringify(token)})`;
  }
  return undefined;
}

/** Booleans from comparisons count as 1/0 as Perl's 1/"" do; a division by zero (Perl dies) counts as 0. */
function toPerlNumber(result: unknown): number {
  const n = Number(result);
  return Number.isFinite(n) ? n : 0;
}
