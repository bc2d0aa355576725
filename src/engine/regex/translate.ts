/**
 * Perl rule regex → JavaScript RegExp. The subject is always a byte string
 * (JS code units 0..255) and the result runs without the `u` flag, matching
 * what SpamAssassin's `qr/$re/aa` matches on the same bytes.
 * Nothing is cached here: the rule compiler caches per rule.
 */

import { RuleCompileError } from '../../util/errors.js';
import { enableBacktrackFallback } from './backtrack-fallback.js';
import { emitJavaScript } from './emitter.js';
import { RegexSyntaxError } from './parse-state.js';
import { parsePerlRegex } from './parser.js';

export type TranslationResult =
  | {
      ok: true;
      source: string;
      flags: string;
      warnings: string[];
      namedGroups: string[];
      /** True when JS cannot reproduce Perl exactly; the reason is among the warnings. */
      approximate: boolean;
    }
  | { ok: false; error: string };

export function translatePerlRegex(pattern: string, flags: string): TranslationResult {
  try {
    const parsed = parsePerlRegex(pattern, flags);
    const { source, flags: jsFlags, approximation } = emitJavaScript(parsed);
    // Let V8 confirm the output; a failure here is a translator bug, reported as such.
    new RegExp(source, jsFlags);
    const warnings = approximation ? [...parsed.warnings, approximation] : parsed.warnings;
    return { ok: true, source, flags: jsFlags, warnings, namedGroups: parsed.names, approximate: approximation !== undefined };
  } catch (err) {
    if (err instanceof RegexSyntaxError) return { ok: false, error: err.message };
    return { ok: false, error: `internal translation error: ${(err as Error).message}` };
  }
}

/** Translates and compiles; throws RuleCompileError with the reason. */
export function compilePerlRegex(pattern: string, flags: string, opts?: { global?: boolean }): RegExp {
  enableBacktrackFallback();
  const result = translatePerlRegex(pattern, flags);
  if (!result.ok) throw new RuleCompileError(describe(pattern, flags), result.error);
  return new RegExp(result.source, result.flags + (opts?.global ? 'g' : ''));
}

function describe(pattern: string, flags: string): string {
  const shown = pattern.length > 60 ? `${pattern.slice(0, 57)}...` : pattern;
  return `/${shown}/${flags}`;
}
