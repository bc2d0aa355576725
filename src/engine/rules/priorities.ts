/**
 * Rule priorities as SpamAssassin fixes them: explicit `priority` lines, −100
 * for net rules, −10000 for rules that capture named tags, and a meta's
 * dependencies moved down to the meta's priority (net ones not below −100).
 */
import type { EngineConfig, RuleDef } from '../config/types.js';
import { lexMeta } from './meta-compile.js';

const NAMED_CAPTURE = /\(\?(?:<[A-Za-z_]\w*>|P<[A-Za-z_]\w*>|'[A-Za-z_]\w*')/;

export function resolvePriorities(conf: EngineConfig): Map<string, number> {
  const pri = new Map<string, number>();
  for (const def of conf.rules.values()) pri.set(def.name, initialPriority(conf, def));
  lowerMetaDependencies(conf, pri);
  return pri;
}

function initialPriority(conf: EngineConfig, def: RuleDef): number {
  const explicit = conf.priority.get(def.name);
  if (explicit !== undefined) return explicit;
  const test = def.test;
  if ((test.kind === 'match' || test.kind === 'regex') && NAMED_CAPTURE.test(test.pattern)) return -10000;
  return conf.tflags.get(def.name)?.net !== undefined ? -100 : 0;
}

function lowerMetaDependencies(conf: EngineConfig, pri: Map<string, number>): void {
  const ordered = [...pri.keys()].sort((a, b) => (pri.get(a) ?? 0) - (pri.get(b) ?? 0));
  for (const name of ordered) {
    const def = conf.rules.get(name);
    if (def?.test.kind !== 'meta') continue;
    const base = pri.get(name) ?? 0;
    for (const dep of lexMeta(def.test.expression)) {
      const depPri = pri.get(dep);
      if (depPri === undefined || depPri <= base) continue;
      const net = conf.tflags.get(dep)?.net !== undefined;
      pri.set(dep, base < -100 && net ? -100 : base);
    }
  }
}
