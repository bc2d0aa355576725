/**
 * Regexes that arrive as eval arguments (html_text_match, FreeMail,
 * ImageInfo). They are Perl patterns matched against byte strings, so they
 * go through the same Perl-to-JavaScript translation as rule regexes. A
 * pattern that cannot be translated gives undefined: SpamAssassin warns
 * and the rule does not hit.
 */
import { splitPerlRegexLiteral } from '../../regex/literal.js';
import { translatePerlRegex } from '../../regex/translate.js';

/**
 * Compiled patterns by flags, then by source. The source is the rule's own
 * argument string, the same string on every call, whose hash V8 keeps; a key
 * joined from flags and source was a new string to hash in full on every
 * call of every such eval (a few hundred bytes each, many calls a message).
 */
const cache = new Map<string, Map<string, RegExp | undefined>>();

export function compileArgRegex(source: string, flags = ''): RegExp | undefined {
  let bySource = cache.get(flags);
  if (bySource === undefined) {
    bySource = new Map();
    cache.set(flags, bySource);
  }
  if (bySource.has(source)) return bySource.get(source);
  const t = translatePerlRegex(source, flags);
  // Evals call test() repeatedly on one cached object, so no lastIndex state may survive.
  const re = t.ok ? new RegExp(t.source, t.flags.replace(/[gy]/g, '')) : undefined;
  bySource.set(source, re);
  return re;
}

/**
 * A pattern argument SpamAssassin reads with compile_regexp's strictness 2:
 * Perl delimiters and flags when written (`/^gpl/i`, `m{x}`), else the
 * bare pattern.
 */
export function compileDelimitedArgRegex(source: string): RegExp | undefined {
  if (!/^(?:\/|(?:m|qr)\W)/.test(source)) return compileArgRegex(source);
  const lit = splitPerlRegexLiteral(source);
  if ('error' in lit || lit.rest !== '') return undefined;
  return compileArgRegex(lit.pattern, lit.flags);
}
