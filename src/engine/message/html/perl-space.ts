/**
 * Whitespace trimming without regexes: `/\s+$/` restarts at every position of
 * a long inner whitespace run (quadratic on hostile attribute values), so
 * trimming walks the string once from each end instead.
 */

/** Perl's `\s` for character strings (Unicode White_Space minus U+FEFF handling differences). */
export function isPerlSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0x85) return false;
  return (
    code === 0x85 || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000
  );
}

/** Trim characters matching `isSpace` from both ends. */
export function trimWith(s: string, isSpace: (code: number) => boolean): string {
  let start = 0;
  let end = s.length;
  while (start < end && isSpace(s.charCodeAt(start))) start++;
  while (end > start && isSpace(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/** Trim Perl whitespace from both ends. */
export function perlTrim(s: string): string {
  return trimWith(s, isPerlSpace);
}
