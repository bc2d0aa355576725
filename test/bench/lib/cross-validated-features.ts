/**
 * Training samples for fitting scores (src/engine/bayes/fit-scores.ts),
 * taken from the training mail only. Each message is scanned once for its
 * rule hits; its BAYES_xx band comes from a Bayes database that learned the
 * other folds of the training mail but not this message's fold, so the fit
 * sees Bayes as it behaves on unseen mail.
 */
import { BayesClassifier } from '../../../src/engine/bayes/classifier.js';
import { TOKEN_KEY_BYTES } from '../../../src/engine/bayes/hash.js';
import { chiSquareCombine, MIN_PROB_STRENGTH, N_SIGNIFICANT_TOKENS, tokenProbability } from '../../../src/engine/bayes/combine.js';
import type { FitSample } from '../../../src/engine/bayes/fit-scores.js';
import { MemoryBayesStore } from '../../../src/engine/bayes/memory-store.js';
import type { EngineConfig } from '../../../src/engine/config/types.js';
import { parseMessage } from '../../../src/engine/message/parse.js';
import { compileRules } from '../../../src/engine/rules/compile.js';
import { evaluateRules } from '../../../src/engine/rules/evaluate.js';
import { ruleScore } from '../../../src/engine/rules/scores.js';
import { ScanState } from '../../../src/engine/scan/scan-state.js';
import { withoutSpamMarkup } from '../../../src/engine/scan/strip-markup.js';
import type { CorpusMessage } from './corpus.js';

/** The BAYES_xx bands of 23_bayes.cf: (low, high], BAYES_00 from 0 inclusive. */
const BANDS: [string, number, number][] = [
  ['BAYES_00', 0, 0.01], ['BAYES_05', 0.01, 0.05], ['BAYES_20', 0.05, 0.2], ['BAYES_40', 0.2, 0.4], ['BAYES_50', 0.4, 0.6],
  ['BAYES_60', 0.6, 0.8], ['BAYES_80', 0.8, 0.95], ['BAYES_95', 0.95, 0.99], ['BAYES_99', 0.99, 1],
];

export function bayesBandRules(p: number | undefined): string[] {
  if (p === undefined) return [];
  const out = BANDS.filter(([, lo, hi]) => (lo === 0 || p > lo) && p <= hi).map(([n]) => n);
  if (p > 0.999) out.push('BAYES_999');
  return out;
}

export interface Scanned { rules: string[]; learnKeys: string[]; scanKeys: string[]; isSpam: boolean; fold: number }

type Counts = Map<string, [number, number]>;

function add(counts: Counts, keys: readonly string[], isSpam: boolean): void {
  for (const k of keys) {
    const c = counts.get(k) ?? [0, 0];
    c[isSpam ? 0 : 1]++;
    counts.set(k, c);
  }
}

/** The stock scores of every rule in the Bayes score set (the prior of the fit). */
export function stockScores(conf: EngineConfig, scoreSet = 2): Map<string, number> {
  const out = new Map<string, number>();
  for (const name of conf.rules.keys()) {
    const s = ruleScore(conf, name, scoreSet);
    if (s !== 0 && !name.startsWith('__')) out.set(name, s);
  }
  return out;
}

/** Packed token keys as one latin1 string each (a character per byte), for maps keyed by token. */
function latin1Keys(packed: Buffer): string[] {
  const out: string[] = [];
  for (let at = 0; at < packed.length; at += TOKEN_KEY_BYTES) out.push(packed.toString('latin1', at, at + TOKEN_KEY_BYTES));
  return out;
}

/** Rule hits (without Bayes) and token keys of each message, scanned once. */
export function scanForFeatures(conf: EngineConfig, msgs: readonly CorpusMessage[], folds = 5): Scanned[] {
  const ruleSet = compileRules(conf, 2).ruleSet;
  const tokenizer = new BayesClassifier(new MemoryBayesStore(), conf);
  return msgs.map((m, i) => {
    const state = new ScanState(conf, withoutSpamMarkup(parseMessage(m.raw)), 2, new Date());
    evaluateRules(state, ruleSet, Date.now() + 60_000);
    return {
      rules: state.hits.scored.map((h) => h.name).filter((n) => !n.startsWith('BAYES_')),
      learnKeys: latin1Keys(tokenizer.tokens(state, false).keys),
      scanKeys: latin1Keys(tokenizer.tokens(state, true).keys),
      isSpam: m.isSpam,
      fold: i % folds,
    };
  });
}

/** Learned token counts of a training set, in total and per fold. */
export class FoldCounts {
  readonly total: Counts = new Map();
  readonly perFold: Counts[];
  readonly learned: { spam: number; ham: number }[];
  nspam = 0;
  nham = 0;

  constructor(scanned: readonly Scanned[], folds = 5) {
    this.perFold = Array.from({ length: folds }, () => new Map());
    this.learned = Array.from({ length: folds }, () => ({ spam: 0, ham: 0 }));
    for (const s of scanned) {
      add(this.total, s.learnKeys, s.isSpam);
      add(this.perFold[s.fold] as Counts, s.learnKeys, s.isSpam);
      const l = this.learned[s.fold] as { spam: number; ham: number };
      if (s.isSpam) { this.nspam++; l.spam++; } else { this.nham++; l.ham++; }
    }
  }

  /** The Bayes probability of a message's scan tokens with all training mail except `fold` (-1: all). */
  probability(scanKeys: readonly string[], fold: number): number | undefined {
    const minus = this.perFold[fold] ?? new Map<string, [number, number]>();
    const l = this.learned[fold] ?? { spam: 0, ham: 0 };
    const ns = this.nspam - l.spam;
    const nh = this.nham - l.ham;
    if (ns < 200 || nh < 200) return undefined;
    const probs: { p: number; strength: number; key: string }[] = [];
    for (const key of scanKeys) {
      const t = this.total.get(key);
      if (!t) continue;
      const f = minus.get(key) ?? [0, 0];
      const p = tokenProbability(t[0] - f[0], t[1] - f[1], ns, nh);
      if (p !== undefined) probs.push({ p, strength: Math.abs(p - 0.5), key });
    }
    probs.sort((a, b) => b.strength - a.strength || (a.key < b.key ? -1 : 1));
    const used = probs.slice(0, N_SIGNIFICANT_TOKENS).filter((t) => t.strength >= MIN_PROB_STRENGTH).map((t) => t.p);
    return used.length > 0 ? chiSquareCombine(ns, nh, used) : undefined;
  }
}

/** Each training message's rule hits and its Bayes probability from the other folds. */
export interface CrossValidated { rules: string[]; bayesP: number | undefined; isSpam: boolean }

export function crossValidatedFeatures(conf: EngineConfig, train: readonly CorpusMessage[], folds = 5): CrossValidated[] {
  const scanned = scanForFeatures(conf, train, folds);
  const counts = new FoldCounts(scanned, folds);
  return scanned.map((s) => ({ rules: s.rules, bayesP: counts.probability(s.scanKeys, s.fold), isSpam: s.isSpam }));
}

/** The same as score-fitting samples: the Bayes probability as its BAYES_xx rules. */
export function asFitSamples(features: readonly CrossValidated[]): FitSample[] {
  return features.map((f) => ({ rules: [...f.rules, ...bayesBandRules(f.bayesP)], isSpam: f.isSpam }));
}

export function crossValidatedSamples(conf: EngineConfig, train: readonly CorpusMessage[], folds = 5): FitSample[] {
  return asFitSamples(crossValidatedFeatures(conf, train, folds));
}
