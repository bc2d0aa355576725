/** Rule scores per score set, with SpamAssassin's defaults for rules that have no `score` line. */
import type { EngineConfig } from '../config/types.js';

/** The default SpamAssassin assigns at the end of parsing: 1, 0.01 for T_ rules, negated for `nice`. */
export function defaultScore(conf: EngineConfig, name: string): number {
  const base = name.startsWith('T_') ? 0.01 : 1;
  return conf.tflags.get(name)?.nice !== undefined && !name.startsWith('__') ? -base : base;
}

export function ruleScore(conf: EngineConfig, name: string, scoreSet: number): number {
  const sets = conf.scores.get(name);
  if (sets) return sets[scoreSet] ?? sets[0];
  return defaultScore(conf, name);
}
