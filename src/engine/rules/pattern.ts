/**
 * A rule regex ready to run. Patterns with `%{TAG}` capture templates stay
 * uncompiled until a scan knows the tag's value.
 */
import { compilePerlRegex } from '../regex/translate.js';
import type { PatternSource } from './compiled-types.js';

const TEMPLATE = /(?<!\\)%\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const CAPTURE_NAME = /\(\?(?:<([A-Za-z_]\w*)>|P<([A-Za-z_]\w*)>|'([A-Za-z_]\w*)')/g;

export function buildPattern(pattern: string, flags: string): PatternSource | { error: string } {
  const templateTags = [...pattern.matchAll(TEMPLATE)].map((m) => m[1] ?? '');
  const captureNames = [...pattern.matchAll(CAPTURE_NAME)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
  if (templateTags.length > 0) return { regex: undefined, perl: { pattern, flags }, templateTags, captureNames };
  try {
    return { regex: compilePerlRegex(pattern, flags, { global: true }), perl: { pattern, flags }, templateTags, captureNames };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** Substitute `%{TAG}` with the regex-escaped tag values; undefined when a tag is unset (the rule does not run). */
export function instantiatePattern(source: PatternSource, tag: (name: string) => string | undefined): RegExp | undefined {
  if (source.regex) return source.regex;
  let missing = false;
  const perl = source.perl.pattern.replace(TEMPLATE, (_m, name: string) => {
    const value = tag(name);
    if (value === undefined || value === '') {
      missing = true;
      return '';
    }
    return `(?:${value.split(' ').filter(Boolean).map(quoteMeta).join('|')})`;
  });
  if (missing) return undefined;
  try {
    return compilePerlRegex(perl, source.perl.flags, { global: true });
  } catch {
    return undefined;
  }
}

function quoteMeta(s: string): string {
  return s.replace(/[^A-Za-z0-9_]/g, (c) => `\\${c}`);
}
