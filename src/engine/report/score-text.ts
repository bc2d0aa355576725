/**
 * The score as SpamAssassin displays it (`_SCORE_`, spamd's `Spam:` line):
 * one decimal, and a ham never shows a score at or above the threshold.
 */
import { perlFixed, perlNumber } from './perl-format.js';

/** Round the raw total as SpamAssassin stores it: sprintf("%0.3f") then numeric. */
export function roundScore(raw: number): number {
  const r = Number(perlFixed(raw, 3));
  return Object.is(r, -0) ? 0 : r;
}

/** `%2.1f` of the score, with the ham correction (4.96 on a ham shows as 4.9 with required 5.0). */
export function scoreText(score: number, required: number, isSpam: boolean): string {
  const shown = perlFixed(score, 1);
  if (isSpam) return shown;
  const reqd = perlFixed(required, 1);
  if (Number(shown) < Number(reqd)) return shown;
  return perlNumber(Number(reqd) - 0.1);
}

export function requiredText(required: number): string {
  return perlFixed(required, 1);
}

/** Score column of the report table: `%4.1f`, or `%4.0f` from ±10 on. */
export function summaryScore(score: number): string {
  const digits = Math.abs(score) >= 10 ? 0 : 1;
  return perlFixed(score, digits).padStart(4, ' ');
}
