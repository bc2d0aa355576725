/**
 * Regexes that arrive as eval arguments (html_text_match, FreeMail,
 * ImageInfo). They are Perl patterns matched against byte strings, so they
 * go through the same Perl-to-JavaScript translation as rule regexes. A
 * pattern that cannot be translated gives undefined: SpamAssassin warns
 * and the rule does not hit.
 */
import { translatePerlRegex } from '../../regex/translate.js';

const cache = new Map<string, RegExp | undefined>();

export function compileArgRegex(source: string, flags = ''): RegExp | undefined {
  const key = `${flags}/${source}`;
  if (cache.has(key)) return cache.get(key);
  const t = translatePerlRegex(source, flags);
  // Evals call test() repeatedly on one cached object, so no lastIndex state may survive.
  const re = t.ok ? new RegExp(t.source, t.flags.replace(/[gy]/g, '')) : undefined;
  cache.set(key, re);
  return re;
}
