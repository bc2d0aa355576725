/**
 * Builds RegExps that behave like Perl patterns applied to byte strings.
 *
 * SpamAssassin matches Received headers as octet strings, where `\s` means
 * only [\t\n\v\f\r ]. JavaScript's `\s` also matches U+00A0 (byte 0xA0 in our
 * latin1 octet strings) and other Unicode spaces, so every `\s` / `\S` in a
 * pattern source is rewritten to the ASCII-only class before compiling.
 */

const SPACE_CHARS = '\\t\\n\\v\\f\\r ';

/** Rewrite `\s` and `\S` in a regex source to Perl's byte semantics. */
export function toByteSource(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      const next = source[i + 1] ?? '';
      i++;
      if (next === 's') out += inClass ? SPACE_CHARS : `[${SPACE_CHARS}]`;
      else if (next === 'S' && !inClass) out += `[^${SPACE_CHARS}]`;
      else out += ch + next;
      continue;
    }
    if (ch === '[' && !inClass) inClass = true;
    else if (ch === ']' && inClass) inClass = false;
    out += ch;
  }
  return out;
}

/** Compile a pattern with Perl byte-string whitespace semantics. */
export function byteRe(source: string, flags = ''): RegExp {
  return new RegExp(toByteSource(source), flags);
}

/** A case-insensitive spelling of an ASCII word, for use inside case-sensitive patterns. */
export function anyCase(word: string): string {
  let out = '';
  for (const ch of word) {
    const lo = ch.toLowerCase();
    const up = ch.toUpperCase();
    out += lo === up ? ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : `[${lo}${up}]`;
  }
  return out;
}
