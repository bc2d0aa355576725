/**
 * Building blocks of the per-plugin eval tables.
 */
import type { EvalDefinition, EvalFn, EvalRuleType } from '../scan/context-types.js';

/** SpamAssassin's TYPE_HEAD_EVALS. */
export const HEAD: readonly EvalRuleType[] = ['header'];
/** TYPE_BODY_EVALS: body evals may also serve rawbody rules. */
export const BODY: readonly EvalRuleType[] = ['body', 'rawbody'];
/** TYPE_FULL_EVALS. */
export const FULL: readonly EvalRuleType[] = ['full'];
/** Registered without a type: "type does not matter". */
export const ANY: readonly EvalRuleType[] = ['header', 'body', 'rawbody', 'full', 'uri'];

export type EvalTable = Readonly<Record<string, EvalDefinition>>;

export function evalDef(plugin: string, types: readonly EvalRuleType[], fn: EvalFn): EvalDefinition {
  return { fn, plugin, types };
}
