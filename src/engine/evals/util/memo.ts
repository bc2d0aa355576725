/**
 * Per-message caches in ctx.scratch, mirroring the `$pms->{…}` values
 * SpamAssassin's plugins compute once and reuse across rules.
 */
import type { ScanContext } from '../../scan/context-types.js';

export function memo<T>(ctx: ScanContext, key: string, compute: () => T): T {
  const full = `evals:${key}`;
  if (ctx.scratch.has(full)) return ctx.scratch.get(full) as T;
  const value = compute();
  ctx.scratch.set(full, value);
  return value;
}
