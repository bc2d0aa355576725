/**
 * Perl value semantics the eval functions depend on: numification of
 * strings (rule arguments and HTML results are strings), ASCII-only case
 * mapping of byte strings, and truthiness.
 */

const NUMERIC_PREFIX = /^\s*([+-]?)(inf(?:inity)?|nan|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)/i;

/** Perl's numeric value of a scalar: the leading number, 0 when there is none. */
export function perlNum(value: string | number | boolean | undefined | null): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value === undefined || value === null) return 0;
  const m = NUMERIC_PREFIX.exec(value);
  if (!m) return 0;
  const sign = m[1] === '-' ? -1 : 1;
  const body = (m[2] ?? '').toLowerCase();
  if (body.startsWith('inf')) return sign * Infinity;
  if (body === 'nan') return NaN;
  return sign * Number(body);
}

/** Perl truthiness of a scalar: '', '0', 0 and undef are false. */
export function perlTrue(value: string | number | boolean | undefined | null): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value !== '' && value !== '0';
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  return value;
}

/** Perl `lc` on a byte string: only ASCII letters change. */
export function lcBytes(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/** Perl `uc` on a byte string: only ASCII letters change. */
export function ucBytes(s: string): string {
  return s.replace(/[a-z]+/g, (m) => m.toUpperCase());
}

/** Escape a string for literal use inside a RegExp (Perl `\Q…\E`). */
export function quoteMeta(s: string): string {
  return s.replace(/[^A-Za-z0-9_]/g, '\\$&');
}

/** An eval argument that is absent or the literal word `undef`. */
export function isUndefArg(a: string | undefined): boolean {
  return a === undefined || a === 'undef';
}

/**
 * Perl's `$` without /m as JS source: the end, or before a final newline.
 * Scalar header values end in "\n", so patterns anchored with `$` need it.
 */
export const PERL_EOS = '(?=\\n?(?![\\s\\S]))';
