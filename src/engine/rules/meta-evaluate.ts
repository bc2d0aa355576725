/**
 * Meta evaluation with SpamAssassin's readiness rules: a non-meta dependency
 * that never ran counts as 0; a dependency on a meta that is not evaluated
 * (score 0 in this set, or itself blocked) keeps the dependent from ever
 * being evaluated, as in SpamAssassin's final meta pass.
 */
import type { ScanState } from '../scan/scan-state.js';
import type { CompiledRuleSet, MetaRule } from './compiled-types.js';

export function runMetas(state: ScanState, ruleSet: CompiledRuleSet): void {
  const local = ruleSet.scoreSet & 1 ? 0 : 1;
  const hits = state.hits;
  const value = (name: string): number => (name === 'local_tests_only' ? local : hits.value(name));
  for (const meta of evaluableMetas(ruleSet)) {
    state.currentRule = meta.name;
    const result = meta.evaluate(value);
    if (result) hits.hit(meta.name, meta.score, '', meta.multiple, result);
  }
}

const evaluable = new WeakMap<CompiledRuleSet, MetaRule[]>();

/**
 * Which metas get evaluated depends on the rule set alone (a meta is blocked
 * when a meta it reads is defined but never evaluated), so it is worked out
 * once per rule set rather than per message.
 */
function evaluableMetas(ruleSet: CompiledRuleSet): MetaRule[] {
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
