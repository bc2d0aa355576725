/**
 * Rule priorities. The config reader already applied SpamAssassin's fix-ups
 * (capture rules at −10000, a meta's dependencies moved down to the meta);
 * what is left is the default: −100 for net rules, else 0.
 */
import { effectivePriority } from '../config/finish.js';
import type { EngineConfig } from '../config/types.js';

export function resolvePriorities(conf: EngineConfig): Map<string, number> {
  const pri = new Map<string, number>();
  for (const name of conf.rules.keys()) pri.set(name, effectivePriority(conf, name));
  return pri;
}
