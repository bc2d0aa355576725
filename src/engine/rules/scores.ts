/** Rule scores per score set. The config reader fills in SpamAssassin's defaults for every rule. */
import type { EngineConfig } from '../config/types.js';

export function ruleScore(conf: EngineConfig, name: string, scoreSet: number): number {
  const sets = conf.scores.get(name);
  return sets ? (sets[scoreSet] ?? sets[0]) : 0;
}
