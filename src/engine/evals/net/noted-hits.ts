/**
 * The hits of a network plugin whose answers arrive after launch: per rule,
 * the detail each matching answer adds under the rule's report line, in the
 * order the answers came. The plugin notes them as answers arrive and reads
 * them back once the lookups are joined.
 */
import type { NetEvalRule, ScanContext } from '../../scan/context-types.js';
import { memo } from '../util/memo.js';

function noted(ctx: ScanContext, plugin: string): Map<string, string[]> {
  return memo(ctx, `${plugin}_noted_hits`, () => new Map());
}

/** A matching answer for `rule`, with its report detail. */
export function noteHit(ctx: ScanContext, plugin: string, rule: string, detail: string): void {
  const hits = noted(ctx, plugin);
  const list = hits.get(rule);
  if (list) list.push(detail);
  else hits.set(rule, [detail]);
}

/** After the join: a hit when some answer matched; each detail goes under the rule's report line (test_log). */
export function hitWithDetails(ctx: ScanContext, plugin: string, rule: NetEvalRule): boolean {
  const details = noted(ctx, plugin).get(rule.name);
  if (details === undefined) return false;
  for (const d of details) ctx.testLog(d);
  return true;
}
