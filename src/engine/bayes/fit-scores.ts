/**
 * Fitting rule scores to a site's own training mail, the optional
 * improvement over SpamAssassin's stock score set (off unless a site loads
 * the fitted `score` lines). SpamAssassin's own scores were fitted once on
 * its developers' corpora; a site that has trained Bayes also holds labelled
 * mail, so the same kind of fit can be redone on it.
 *
 * The model is logistic regression on the score: a message with rules R hit
 * is spam with probability σ((Σ_{r∈R} w_r − required) / temperature). The
 * weights start at the stock scores and are pulled back towards them (an L2
 * prior), so a rule that the training mail hardly covers keeps its stock
 * score. A weight never changes sign (a "nice" rule stays nice), and ham
 * errors cost more than spam errors, as false positives do for a site.
 *
 * The samples must come from the training mail only, and their BAYES_xx
 * features from a Bayes database that did not learn that message
 * (cross-validation); see test/bench/lib/cross-validated-features.ts.
 */

export interface FitSample {
  /** Names of the scored rules the message hit (BAYES_xx included). */
  rules: readonly string[];
  isSpam: boolean;
}

export interface FitOptions {
  /** required_score. */
  required: number;
  /** Stock scores of every rule in the score set being fitted. */
  prior: ReadonlyMap<string, number>;
  /** Cost of a ham sample relative to a spam sample (after balancing the classes). */
  hamCost?: number;
  /** Strength of the pull towards the stock scores. */
  priorWeight?: number;
  /** Rules hit by fewer training messages keep their stock score. */
  minHits?: number;
  iterations?: number;
  /** Gradient step. */
  learningRate?: number;
  /** Largest absolute score a fitted rule may get. */
  maxScore?: number;
}

const TEMPERATURE = 1;

/** Fitted scores for the rules the training mail covers (other rules: keep the stock score). */
export function fitScores(samples: readonly FitSample[], opts: FitOptions): Map<string, number> {
  const { required, prior } = opts;
  const hamCost = opts.hamCost ?? 8;
  const priorWeight = opts.priorWeight ?? 0.01;
  const minHits = opts.minHits ?? 5;
  const maxScore = opts.maxScore ?? 6;
  const hits = new Map<string, number>();
  for (const s of samples) for (const r of s.rules) hits.set(r, (hits.get(r) ?? 0) + 1);
  const fitted = [...hits].filter(([r, n]) => n >= minHits && prior.has(r)).map(([r]) => r).sort();
  const index = new Map(fitted.map((r, i) => [r, i]));
  const w = Float64Array.from(fitted, (r) => prior.get(r) ?? 0);
  const w0 = Float64Array.from(w);
  // Each sample: the fitted features it has and the fixed part of its score.
  const rows = samples.map((s) => {
    let fixed = 0;
    const idx: number[] = [];
    for (const r of new Set(s.rules)) {
      const i = index.get(r);
      if (i === undefined) fixed += prior.get(r) ?? 0;
      else idx.push(i);
    }
    return { idx, fixed, y: s.isSpam ? 1 : 0 };
  });
  const nSpam = rows.filter((r) => r.y === 1).length || 1;
  const nHam = rows.length - nSpam || 1;
  const cost = (y: number): number => (y === 1 ? 1 / nSpam : hamCost / nHam);
  const grad = new Float64Array(w.length);
  const rate = opts.learningRate ?? 3;
  for (let it = 0; it < (opts.iterations ?? 3000); it++) {
    grad.fill(0);
    for (const row of rows) {
      let z = row.fixed - required;
      for (const i of row.idx) z += w[i] as number;
      const p = 1 / (1 + Math.exp(-z / TEMPERATURE));
      const g = (cost(row.y) * (p - row.y)) / TEMPERATURE;
      for (const i of row.idx) grad[i] = (grad[i] as number) + g;
    }
    for (let i = 0; i < w.length; i++) {
      let next = (w[i] as number) - rate * ((grad[i] as number) + 2 * priorWeight * ((w[i] as number) - (w0[i] as number)));
      // Keep each rule's direction: a spam rule stays >= 0, a nice rule stays <= 0.
      const sign = Math.sign(w0[i] as number);
      if (sign > 0) next = Math.min(Math.max(next, 0), maxScore);
      else if (sign < 0) next = Math.max(Math.min(next, 0), -maxScore);
      w[i] = next;
    }
  }
  return new Map(fitted.map((r, i) => [r, Math.round((w[i] as number) * 1000) / 1000]));
}

/** The fitted scores as configuration lines (one `score NAME value` each, all four sets alike). */
export function scoreLines(scores: ReadonlyMap<string, number>): string[] {
  return [...scores].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, s]) => `score ${name} ${s}`);
}
