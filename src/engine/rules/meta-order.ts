/**
 * Metas in dependency order. Metas that depend on each other in a cycle are
 * excluded as SpamAssassin excludes them: they always evaluate to 0.
 */
import type { ConfigDiagnostic } from '../config/types.js';
import type { MetaRule } from './compiled-types.js';

export function orderMetas(metas: MetaRule[], diagnostics: ConfigDiagnostic[]): MetaRule[] {
  const byName = new Map(metas.map((m) => [m.name, m]));
  const state = new Map<string, 'visiting' | 'done'>();
  const ordered: MetaRule[] = [];
  const cyclic = new Set<string>();
  const visit = (meta: MetaRule, stack: string[]): void => {
    const seen = state.get(meta.name);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      for (const n of stack.slice(stack.indexOf(meta.name))) cyclic.add(n);
      return;
    }
    state.set(meta.name, 'visiting');
    for (const dep of meta.deps) {
      const depMeta = byName.get(dep);
      if (depMeta) visit(depMeta, [...stack, meta.name]);
    }
    state.set(meta.name, 'done');
    ordered.push(meta);
  };
  for (const meta of metas) visit(meta, []);
  for (const name of cyclic) {
    const meta = byName.get(name);
    if (!meta) continue;
    diagnostics.push({ level: 'warning', file: '', line: 0, message: `excluding meta test ${name}, unsolved meta dependencies` });
    meta.deps = [];
    meta.evaluate = () => 0;
  }
  return ordered;
}
