/**
 * URIDNSBL zone definitions (uridnsbl, urirhsbl, urirhssub, …): kept as data
 * for the URIDNSBL implementation; the scored rule itself is a separate
 * `header NAME eval:check_uridnsbl('NAME')` line in the rule files.
 */
import { invalidValue, missingValue, type DirectiveHandler } from './directive-types.js';

export const pluginRuleDirective: DirectiveHandler = (st, value, key) => {
  if (value === '') return missingValue(key);
  const m = /^(\S+)\s+(\S+)(?:\s+([\s\S]*))?$/.exec(value);
  if (m === null) return invalidValue(key);
  const name = m[1] as string;
  if (!/^[_a-zA-Z][_a-zA-Z0-9]{0,127}$/.test(name)) return invalidValue(key);
  st.mut('pluginRules').set(name, { directive: key, value: value.slice(name.length).trim(), pos: { file: st.file, line: st.line } });
  return undefined;
};
