/**
 * Registering a rule definition (Conf/Parser.pm add_test): name checks, the
 * last definition winning, the default priority entry, capture-rule
 * priority, and the user_prefs restriction that user rules may only add names.
 */
import type { ParseState } from './parse-state.js';
import { CAPTURE_RULE_PRIORITY, hasNamedCapture } from './rule-regex.js';
import type { RuleDef, RuleTest, RuleType } from './types.js';
import { isRuleName } from './values.js';

/** Regex source of a test, if it has one (for capture detection). */
function patternOf(test: RuleTest): string | undefined {
  return test.kind === 'regex' || test.kind === 'match' ? test.pattern : undefined;
}

/** Validates a rule name; reports and returns false when it is unusable. */
export function checkRuleName(st: ParseState, name: string): boolean {
  if (!isRuleName(name)) {
    st.error(`rule '${name}' has invalid characters (not Alphanumeric + Underscore + starting with a non-digit)`);
    return false;
  }
  if (name.length > 100) {
    st.error(`rule '${name}' is too long (recommended maximum length is 22 characters)`);
    return false;
  }
  if (name.length > 40 && !name.startsWith('__') && !name.startsWith('T_')) {
    st.warn(`rule name '${name}' is over 40 chars (recommended maximum length is 22 characters)`);
  }
  return true;
}

/** Adds or replaces a rule. Returns false when it was refused (already reported). */
export function addRule(st: ParseState, name: string, type: RuleType, test: RuleTest): boolean {
  if (!checkRuleName(st, name)) return false;
  const existing = st.config.rules.get(name);
  if (st.userMode && existing !== undefined && !existing.userRule) {
    st.error(`user rule may not redefine system rule ${name}`);
    return false;
  }
  const def: RuleDef = { name, type, test, pos: { file: st.file, line: st.line }, userRule: st.userMode };
  st.mut('rules').set(name, def);
  st.definedHere.add(name);
  const priority = st.config.priority;
  if (!priority.has(name)) st.mut('priority').set(name, 0);
  const pattern = patternOf(test);
  if (pattern !== undefined && hasNamedCapture(pattern)) {
    st.mut('priority').set(name, CAPTURE_RULE_PRIORITY);
    st.mut('captureRules').add(name);
  }
  return true;
}

/** Splits `NAME rest`; the error mirrors SA (no name → invalid, no rest → missing). */
export function splitRuleLine(value: string): { name: string; rest: string } | 'invalid' | 'missing' {
  const m = /^(\S+)\s+([\s\S]*)$/.exec(value);
  if (m === null) return 'invalid';
  if (m[2] === '') return 'missing';
  return { name: m[1] as string, rest: m[2] as string };
}
