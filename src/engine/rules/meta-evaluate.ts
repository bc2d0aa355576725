/**
 * Meta evaluation with SpamAssassin's readiness rules: a non-meta dependency
 * that never ran counts as 0; a dependency on a meta that is not evaluated
 * (score 0 in this set, or itself blocked) keeps the dependent from ever
 * being evaluated, as in SpamAssassin's final meta pass.
 */
import type { ScanState } from '../scan/scan-state.js';
import type { CompiledRuleSet } from './compiled-types.js';

export function runMetas(state: ScanState, ruleSet: CompiledRuleSet): void {
  const evaluated = new Set<string>();
  const local = ruleSet.scoreSet & 1 ? 0 : 1;
  const value = (name: string): number => (name === 'local_tests_only' ? local : state.hits.value(name));
  for (const meta of ruleSet.metas) {
    if (!meta.deps.every((d) => !ruleSet.definedMetas.has(d) || evaluated.has(d))) continue;
    state.currentRule = meta.name;
    const result = meta.evaluate(value);
    evaluated.add(meta.name);
    if (result) state.hits.hit(meta.name, meta.score, '', meta.multiple, result);
    else state.hits.ready(meta.name);
  }
}
