/**
 * `printf("%.1f")` as C and Perl do it: correct rounding of the exact binary
 * value, exact ties to even. `toFixed(1)` is already exact except on ties
 * (x.25 and x.75, the only binary values exactly halfway), where it rounds
 * away from zero.
 */
export function formatOneDecimal(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const quarters = x * 4;
  const isTie = Number.isInteger(quarters) && !Number.isInteger(x * 2);
  if (!isTie) return fixSign(x.toFixed(1), x);
  const down = Math.floor(x * 10) / 10;
  const up = Math.ceil(x * 10) / 10;
  const downTenths = Math.round(down * 10);
  const pick = downTenths % 2 === 0 ? down : up;
  return fixSign(pick.toFixed(1), x);
}

/** C prints the sign of a negative value that rounds to zero (`-0.0`); toFixed does not. */
function fixSign(text: string, x: number): string {
  if ((x < 0 || Object.is(x, -0)) && !text.startsWith('-')) return `-${text}`;
  return text;
}
