/**
 * A combiner for the Bayes benchmark, fitted on the training mail only: L2-
 * regularised logistic regression over the rules a message hit (one 0/1
 * feature per rule the training mail covers) and the Bayes probability (as
 * its clipped log-odds, a continuous feature, plus the BAYES_xx band). The
 * decision threshold is chosen by cross-validation inside the training mail:
 * the lowest one whose held-out ham false-positive rate stays at or under
 * the target, so that the bar's ham side is what the threshold protects.
 *
 * It never sees the test mail: features of a test message are read from its
 * scan (rule names and the _BAYES_ probability) and only scored.
 */
import { bayesBandRules } from './cross-validated-features.js';

export interface CombinerSample {
  /** Scored rules hit, without the BAYES_xx rules. */
  rules: readonly string[];
  /** Bayes probability, undefined when Bayes did not run. */
  bayesP: number | undefined;
  isSpam: boolean;
}

export interface CombinerOptions {
  /** Rules hit by fewer training messages are left out. */
  minHits?: number;
  /** L2 strength per feature. */
  l2?: number;
  /** Cost of a ham error relative to a spam error (after balancing the classes). */
  hamCost?: number;
  iterations?: number;
  /** Held-out ham false-positive rate the threshold must keep (cross-validation in the training mail). */
  targetFp?: number;
  folds?: number;
  /**
   * Stock rule scores: when given, their sum over the rules hit is one more
   * feature (the rules' judgement as SpamAssassin's developers fitted it on
   * far more varied mail than a site's training folders).
   */
  stock?: ReadonlyMap<string, number>;
  /** One feature per rule (default true); false leaves only the stock sum and Bayes. */
  perRule?: boolean;
}

export interface Combiner {
  /** The model's log-odds that the message is spam. */
  score(s: Omit<CombinerSample, 'isSpam'>): number;
  isSpam(s: Omit<CombinerSample, 'isSpam'>): boolean;
  threshold: number;
  /** Largest weights, for the report. */
  top(n: number): string;
}

const P_CLIP = 1e-4;
const BAYES_LOGIT = '(bayes log-odds)';
const BAYES_NONE = '(no bayes)';

const STOCK_SUM = '(stock rule score / 10)';

type FeatureOptions = Pick<Required<CombinerOptions>, 'perRule'> & Pick<CombinerOptions, 'stock'>;

function features(s: Omit<CombinerSample, 'isSpam'>, o: FeatureOptions): [string, number][] {
  const rules = s.rules.filter((r) => !r.startsWith('BAYES_'));
  const out: [string, number][] = o.perRule ? rules.map((r) => [r, 1]) : [];
  if (o.stock) out.push([STOCK_SUM, rules.reduce((sum, r) => sum + (o.stock?.get(r) ?? 0), 0) / 10]);
  if (s.bayesP === undefined) {
    out.push([BAYES_NONE, 1]);
  } else {
    const p = Math.min(1 - P_CLIP, Math.max(P_CLIP, s.bayesP));
    out.push([BAYES_LOGIT, Math.log(p / (1 - p)) / Math.log(1 / P_CLIP)]);
    for (const band of bayesBandRules(s.bayesP)) out.push([band, 1]);
  }
  return out;
}

interface Model { index: Map<string, number>; w: Float64Array; bias: number; o: FeatureOptions }

type Resolved = Required<Omit<CombinerOptions, 'stock'>> & Pick<CombinerOptions, 'stock'>;

function fit(samples: readonly CombinerSample[], o: Resolved): Model {
  const hits = new Map<string, number>();
  const rows = samples.map((s) => ({ f: features(s, o), y: s.isSpam ? 1 : 0 }));
  for (const r of rows) for (const [name] of r.f) hits.set(name, (hits.get(name) ?? 0) + 1);
  const names = [...hits].filter(([n, c]) => c >= o.minHits || n === BAYES_LOGIT || n === STOCK_SUM).map(([n]) => n).sort();
  const index = new Map(names.map((n, i) => [n, i]));
  const x = rows.map((r) => ({ idx: r.f.filter(([n]) => index.has(n)).map(([n, v]) => [index.get(n) as number, v] as const), y: r.y }));
  const nSpam = x.filter((r) => r.y === 1).length || 1;
  const nHam = x.length - nSpam || 1;
  const w = new Float64Array(names.length);
  let bias = 0;
  // Adam on the weighted log-loss: the classes balanced, ham errors costing hamCost times more.
  const m = new Float64Array(names.length + 1);
  const v = new Float64Array(names.length + 1);
  const g = new Float64Array(names.length + 1);
  const rate = 0.05;
  for (let it = 1; it <= o.iterations; it++) {
    g.fill(0);
    for (const r of x) {
      let z = bias;
      for (const [i, val] of r.idx) z += (w[i] as number) * val;
      const p = 1 / (1 + Math.exp(-z));
      const d = (r.y === 1 ? 1 / nSpam : o.hamCost / nHam) * (p - r.y);
      for (const [i, val] of r.idx) g[i] = (g[i] as number) + d * val;
      g[names.length] = (g[names.length] as number) + d;
    }
    for (let i = 0; i <= names.length; i++) {
      const wi = i < names.length ? (w[i] as number) : bias;
      const gi = (g[i] as number) + (i < names.length ? 2 * o.l2 * wi : 0);
      m[i] = 0.9 * (m[i] as number) + 0.1 * gi;
      v[i] = 0.999 * (v[i] as number) + 0.001 * gi * gi;
      const step = (rate * ((m[i] as number) / (1 - 0.9 ** it))) / (Math.sqrt((v[i] as number) / (1 - 0.999 ** it)) + 1e-8);
      if (i < names.length) w[i] = wi - step;
      else bias -= step;
    }
  }
  return { index, w, bias, o };
}

function scoreWith(model: Model, s: Omit<CombinerSample, 'isSpam'>): number {
  let z = model.bias;
  for (const [n, val] of features(s, model.o)) {
    const i = model.index.get(n);
    if (i !== undefined) z += (model.w[i] as number) * val;
  }
  return z;
}

/** The lowest threshold whose held-out ham false-positive rate is at most `targetFp` (folds inside the training mail). */
function chooseThreshold(samples: readonly CombinerSample[], o: Resolved): number {
  const held: { z: number; spam: boolean }[] = [];
  for (let f = 0; f < o.folds; f++) {
    const model = fit(samples.filter((_, i) => i % o.folds !== f), o);
    samples.forEach((s, i) => { if (i % o.folds === f) held.push({ z: scoreWith(model, s), spam: s.isSpam }); });
  }
  const hamScores = held.filter((h) => !h.spam).map((h) => h.z).sort((a, b) => b - a);
  const allowed = Math.floor(o.targetFp * hamScores.length);
  // Above the (allowed+1)-th highest ham score: at most `allowed` held-out ham are over it.
  const edge = hamScores[allowed] ?? -Infinity;
  return Math.max(0, edge) + 1e-9;
}

export function fitCombiner(samples: readonly CombinerSample[], options: CombinerOptions = {}): Combiner {
  const o: Resolved = {
    minHits: options.minHits ?? 5, l2: options.l2 ?? 1e-4, hamCost: options.hamCost ?? 4,
    iterations: options.iterations ?? 400, targetFp: options.targetFp ?? 0.003, folds: options.folds ?? 5,
    perRule: options.perRule ?? true, ...(options.stock ? { stock: options.stock } : {}),
  };
  const threshold = chooseThreshold(samples, o);
  const model = fit(samples, o);
  return {
    threshold,
    score: (s) => scoreWith(model, s),
    isSpam: (s) => scoreWith(model, s) >= threshold,
    top: (n) => [...model.index].map(([name, i]) => [name, model.w[i] as number] as const)
      .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1])).slice(0, n).map(([name, wt]) => `${name} ${wt.toFixed(2)}`).join(', '),
  };
}
