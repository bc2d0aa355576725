/**
 * Token probabilities (Robinson's f(w)) and the chi-square combination
 * (SpamAssassin's CombineChi), in the same floating-point order as the Perl
 * so band boundaries come out identical.
 */

export const FW_S = 0.03;
export const FW_X = 0.538;
export const N_SIGNIFICANT_TOKENS = 150;
export const MIN_PROB_STRENGTH = 0.346;

/** f(w) for a token seen s times in spam and n in ham, or undefined when it is ignored. */
export function tokenProbability(s: number, n: number, nspam: number, nham: number, useHapaxes = true): number | undefined {
  if (nspam === 0 || nham === 0) return undefined;
  if (s + n < (useHapaxes ? 1 : 2)) return undefined;
  const ratio = (s * nham) / (n * nspam + s * nham);
  const total = s + n;
  return (FW_S * FW_X + total * ratio) / (FW_S + total);
}

/** chi2q: upper tail of chi-square with 2*halfv degrees of freedom. */
export function chi2q(x2: number, halfv: number): number {
  const m = x2 / 2;
  let term = Math.exp(-m);
  let sum = term;
  for (let i = 1; i < halfv; i++) {
    term *= m / i;
    sum += term;
  }
  return sum < 1 ? sum : 1;
}

const TINY = 1e-200;

/** frexp: mantissa in [0.5, 1) and base-2 exponent. */
function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  let e = Math.ceil(Math.log2(Math.abs(x)));
  let m = x / 2 ** e;
  // Correct rounding at exact powers of two so that 0.5 <= |m| < 1.
  while (Math.abs(m) >= 1) { m /= 2; e++; }
  while (Math.abs(m) < 0.5) { m *= 2; e--; }
  return [m, e];
}

/**
 * Combine the significant probabilities. The database spam fraction is the
 * starting value of S and H: a SpamAssassin quirk that is observable.
 */
export function chiSquareCombine(nspam: number, nham: number, probs: readonly number[]): number | undefined {
  const n = probs.length;
  if (n === 0) return undefined;
  let S = nspam / (nspam + nham);
  let H = nham / (nspam + nham);
  let Sexp = 0;
  let Hexp = 0;
  for (const p of probs) {
    S *= 1 - p;
    H *= p;
    if (S < TINY) { const [m, e] = frexp(S); S = m; Sexp += e; }
    if (H < TINY) { const [m, e] = frexp(H); H = m; Hexp += e; }
  }
  const lnS = Math.log(S) + Sexp * Math.LN2;
  const lnH = Math.log(H) + Hexp * Math.LN2;
  const s = 1 - chi2q(-2 * lnS, n);
  const h = 1 - chi2q(-2 * lnH, n);
  return (s - h + 1) / 2;
}
