/**
 * Number formatting as Perl's sprintf does it. JavaScript's toFixed rounds
 * exact binary ties away from zero (0.25 → "0.3") where C/Perl round them to
 * even ("0.2"); everything else agrees, so only exact ties are corrected.
 */

/** sprintf("%.{digits}f", x) with Perl's tie-to-even on exact binary ties. */
export function perlFixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return x > 0 ? 'Inf' : x < 0 ? '-Inf' : 'NaN';
  const plain = x.toFixed(digits);
  if (Math.abs(x) >= 1e21) return plain;
  const exact = Math.abs(x).toFixed(Math.min(100, digits + 60));
  const dot = exact.indexOf('.');
  const tail = exact.slice(dot + 1 + digits);
  if (!/^50*$/.test(tail)) return fixNegativeZero(plain, x);
  // Exact tie: keep the truncated value when its last digit is even.
  const truncated = exact.slice(0, dot + 1 + digits).replace(/\.$/, '');
  const lastDigit = Number(truncated[truncated.length - 1]);
  const sign = x < 0 ? '-' : '';
  if (lastDigit % 2 === 0) return sign + truncated;
  return fixNegativeZero(plain, x);
}

/** Perl prints -0.04 with %.1f as "-0.0"; toFixed drops the sign of a negative zero result. */
function fixNegativeZero(formatted: string, x: number): string {
  if (x < 0 && !formatted.startsWith('-')) return `-${formatted}`;
  return formatted;
}

/** sprintf("%{width}.{digits}f"): right-aligned in `width`, padded with `pad`. */
export function perlFixedWidth(x: number, width: number, digits: number, pad = ' '): string {
  const s = perlFixed(x, digits);
  if (s.length >= width) return s;
  if (pad === '0' && s.startsWith('-')) return `-${s.slice(1).padStart(width - 1, '0')}`;
  return s.padStart(width, pad);
}

/** How Perl stringifies a number: up to 15 significant digits, no trailing zeros. */
export function perlNumber(x: number): string {
  if (Number.isInteger(x)) return String(x);
  const s = Number(x.toPrecision(15)).toString();
  return s;
}

/** A tag's argument as SpamAssassin's `shift || default` reads it: Perl counts '' and '0' as false too. */
export function orDefault(arg: string | undefined, fallback: string): string {
  return arg === undefined || arg === '' || arg === '0' ? fallback : arg;
}
