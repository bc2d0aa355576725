/**
 * A value derived from a configuration, computed on first use and kept as
 * long as that configuration lives: a reload builds a new configuration,
 * which computes its own, and the old one's goes with it.
 */
import type { EngineConfig } from './types.js';

export function perConfig<T>(compute: (conf: EngineConfig) => T): (conf: EngineConfig) => T {
  const cache = new WeakMap<EngineConfig, { value: T }>();
  return (conf) => {
    let entry = cache.get(conf);
    if (entry === undefined) {
      entry = { value: compute(conf) };
      cache.set(conf, entry);
    }
    return entry.value;
  };
}
