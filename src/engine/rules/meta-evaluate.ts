/**
 * Meta evaluation with SpamAssassin's readiness rules: a non-meta dependency
 * that never ran counts as 0; a dependency on a meta that is not evaluated
 * (score 0 in this set, or itself blocked) keeps the dependent from ever
 * being evaluated, as in SpamAssassin's final meta pass.
 *
 * Incrementally: a message hits a few dozen of the ~3,000 rules, so most
 * metas see the inputs they would see if nothing had hit. What every meta
 * gives on such an empty message (its baseline) is worked out once per rule
 * set; a message re-evaluates only the metas that read a rule it hit, or a
 * meta whose value left its baseline, and takes the baseline for the rest.
 * Same values, same hit order.
 */
import type { ScanState } from '../scan/scan-state.js';
import type { CompiledRuleSet, MetaRule } from './compiled-types.js';

export interface MetaPlan {
  metas: MetaRule[];
  /** For each rule name, the positions (in `metas`) of the metas reading it. */
  readers: Map<string, number[]>;
  /** Each meta's result on a message where nothing hit. */
  baseline: Float64Array;
}

export function runMetas(state: ScanState, ruleSet: CompiledRuleSet): void {
  const local = ruleSet.scoreSet & 1 ? 0 : 1;
  const plan = metaPlan(ruleSet, local);
  const hits = state.hits;
  const value = (name: string): number => (name === 'local_tests_only' ? local : hits.value(name));
  const dirty = new Uint8Array(plan.metas.length);
  const markReaders = (name: string): void => {
    const readers = plan.readers.get(name);
    if (readers) for (const i of readers) dirty[i] = 1;
  };
  for (const name of hits.values.keys()) markReaders(name);
  for (let i = 0; i < plan.metas.length; i++) {
    const meta = plan.metas[i]!;
    let result = plan.baseline[i]!;
    if (dirty[i]) {
      state.enterRule(meta);
      result = meta.evaluate(value);
      if (result !== plan.baseline[i]) markReaders(meta.name);
    }
    if (result) hits.hit(meta.name, meta.score, '', meta.multiple, result);
  }
}

const plans = new WeakMap<CompiledRuleSet, (MetaPlan | undefined)[]>();

export function metaPlan(ruleSet: CompiledRuleSet, local: number): MetaPlan {
  let byLocal = plans.get(ruleSet);
  if (!byLocal) {
    byLocal = [];
    plans.set(ruleSet, byLocal);
  }
  return (byLocal[local] ??= buildPlan(evaluableMetas(ruleSet), local));
}

function buildPlan(metas: MetaRule[], local: number): MetaPlan {
  const readers = new Map<string, number[]>();
  metas.forEach((meta, i) => {
    for (const dep of new Set(meta.deps)) {
      const list = readers.get(dep);
      if (list) list.push(i);
      else readers.set(dep, [i]);
    }
  });
  // The hit table keeps a hit's value as recorded (a non-positive result counts as 1), and so does the baseline.
  const recorded = new Map<string, number>();
  const value = (name: string): number => (name === 'local_tests_only' ? local : recorded.get(name) ?? 0);
  const baseline = new Float64Array(metas.length);
  metas.forEach((meta, i) => {
    const result = meta.evaluate(value);
    baseline[i] = result;
    if (result && !recorded.has(meta.name)) recorded.set(meta.name, result > 0 ? result : 1);
  });
  return { metas, readers, baseline };
}

const evaluable = new WeakMap<CompiledRuleSet, MetaRule[]>();

/**
 * Which metas get evaluated depends on the rule set alone (a meta is blocked
 * when a meta it reads is defined but never evaluated), so it is worked out
 * once per rule set rather than per message.
 */
export function evaluableMetas(ruleSet: CompiledRuleSet): MetaRule[] {
  let list = evaluable.get(ruleSet);
  if (!list) {
    const evaluated = new Set<string>();
    list = [];
    for (const meta of ruleSet.metas) {
      if (!meta.deps.every((d) => !ruleSet.definedMetas.has(d) || evaluated.has(d))) continue;
      evaluated.add(meta.name);
      list.push(meta);
    }
    evaluable.set(ruleSet, list);
  }
  return list;
}
