/**
 * `shortcircuit RULE on|off|spam|ham` (the Shortcircuit plugin): the rules
 * whose hit ends a scan. `spam` and `ham` are shorthands that also move the
 * rule to priority -200 when it has none of its own (SpamAssassin tests the
 * priority with `||=`, so an explicit 0 counts as none) and add `noautolearn`
 * (and `nice` for ham) to its tflags, when the line is read: a later
 * `priority` or `tflags` line for the rule still wins.
 */
import { invalidValue, missingValue, type DirectiveHandler } from './directive-types.js';

export type ShortcircuitType = 'on' | 'spam' | 'ham';

/** Where the rule → type table lives in the configuration's generic hashes. */
export const SHORTCIRCUIT_HASH = 'shortcircuit';

/** The priority the spam and ham shorthands give a rule without one: before DNS queries start (-100). */
const SHORTHAND_PRIORITY = -200;

export const shortcircuitDirective: DirectiveHandler = (st, value, key) => {
  if (value === '') return missingValue(key);
  const m = /^(\w+)\s+(\w+)$/.exec(value);
  if (m === null) return invalidValue(key);
  const rule = m[1] as string;
  const type = m[2] as string;
  if (type === 'off') {
    if (st.config.hashes.get(SHORTCIRCUIT_HASH)?.has(rule)) st.mutEntry('hashes', SHORTCIRCUIT_HASH, () => new Map()).delete(rule);
    return undefined;
  }
  if (type !== 'on' && type !== 'spam' && type !== 'ham') return invalidValue(key);
  st.mutEntry('hashes', SHORTCIRCUIT_HASH, () => new Map()).set(rule, type);
  if (type === 'on') return undefined;
  if (!st.config.priority.get(rule)) st.mut('priority').set(rule, SHORTHAND_PRIORITY);
  const flags = { ...(st.config.tflags.get(rule) ?? {}) };
  if (type === 'ham') flags.nice = true;
  flags.noautolearn = true;
  st.mut('tflags').set(rule, flags);
  return undefined;
};

/** The configured shortcircuit rules (empty when the plugin is not loaded or none is set). */
export function shortcircuitRules(conf: { hashes: Map<string, Map<string, string>> }): ReadonlyMap<string, string> {
  return conf.hashes.get(SHORTCIRCUIT_HASH) ?? new Map();
}
