/**
 * The SPAMMYTOKENS and HAMMYTOKENS template tags: `_SPAMMYTOKENS(N,fmt)_`
 * lists the N strongest significant tokens of the scan (5 and `compact` by
 * default) in one of Bayes.pm's formats, with the declassification distance
 * (how many more messages of the other class would make the token neutral).
 */
import { FW_S, FW_X, MIN_PROB_STRENGTH } from './combine.js';
import type { TokenInfo } from './classifier.js';
import { orDefault } from '../report/perl-format.js';

type Fields = { t: string; p: string; D: string; d: number; N: string; h: number; s: number; a: number };

const FORMATS: Readonly<Record<string, (f: Fields) => string>> = {
  short: (f) => f.t,
  Short: (f) => `Token: "${f.t}"`,
  compact: (f) => `${f.p}-${f.D}--${f.t}`,
  Compact: (f) => `Probability ${f.p} -declassification distance ${f.D} ("+" means > 9) --token: "${f.t}"`,
  medium: (f) => `${f.p}-${f.D}-${f.N}--${f.t}`,
  long: (f) => `${f.p}-${f.d}--${f.h}h-${f.s}s--${f.a}d--${f.t}`,
  Long: (f) => `Probability ${f.p} -declassification distance ${f.D} --in ${f.h} ham messages -and ${f.s} spam messages --${f.a} days old--token:"${f.t}"`,
};

/** Messages of the other class needed to bring the token under the strength threshold (Robinson f(w) form). */
export function declassificationDistance(nspam: number, nham: number, s: number, h: number, prob: number): number {
  if ((s === 0 && h === 0) || nspam === 0 || nham === 0) return 0;
  if (Math.abs(prob - 0.5) < MIN_PROB_STRENGTH) return 0;
  const [Na, na, Nb, nb] = prob > 0.5 ? [nham, h, nspam, s] : [nspam, s, nham, h];
  const p = 0.5 - MIN_PROB_STRENGTH;
  const sx = FW_S * FW_X;
  const a = Nb * (1 - p);
  const b = Nb * (sx + nb * (1 - p) - p * FW_S) - p * Na * nb;
  const c = Na * nb * (sx - p * (FW_S + nb));
  const disc = Math.max(0, b * b - 4 * a * c);
  const exact = 1.0 - 1e-6 + (-b + Math.sqrt(disc)) / (2 * a) - na;
  return exact < 1 ? 1 : Math.trunc(exact);
}

const digit = (n: number): string => (n > 9 ? '+' : String(n));

export function tokenListTag(tokens: readonly TokenInfo[] | undefined, nspam: number, nham: number, param: string | undefined, now: number): string {
  if (!tokens) return 'Tokens not available.';
  // Perl's `$param || '5'`: an argument of 0 asks for the default 5 tokens, not none.
  const [limitText, fmtName] = orDefault(param, '5').split(',');
  const fmt = fmtName ? FORMATS[fmtName] : FORMATS['compact'];
  if (!fmt) return `Invalid format, must be one of: ${Object.keys(FORMATS).join(',')}`;
  const limit = Number(limitText) || 0;
  return tokens.slice(0, Math.max(0, limit)).map((t) => {
    const d = declassificationDistance(nspam, nham, t.spam, t.ham, t.probability);
    return fmt({ t: t.token, p: t.probability.toFixed(3), D: digit(d), d, N: digit(t.spam + t.ham), h: t.ham, s: t.spam, a: Math.trunc((now - t.atime) / 86400) });
  }).join(', ');
}
