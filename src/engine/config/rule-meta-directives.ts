/**
 * Per-rule attributes: score, describe, tflags, priority and the `test`
 * self-test lines. Hash-valued in SpamAssassin, so the last line per rule wins.
 */
import { invalidValue, missingValue, type DirectiveHandler } from './directive-types.js';
import type { ScoreSets, TFlags } from './types.js';
import { isRuleName, words } from './values.js';

const SCORE = /^-?\d+(?:\.\d+)?$/;
const RELATIVE = /^\((-?\d+(?:\.\d+)?)\)$/;

/** score NAME s0 [s1 s2 s3]; parenthesised values are added to the existing scores. */
export const scoreDirective: DirectiveHandler = (st, value, key) => {
  const [rule, ...raw] = words(value);
  if (rule === undefined || (raw.length !== 1 && raw.length !== 4)) {
    return `${missingValue(key)}: score requires a symbolic rule name and 1 or 4 scores`;
  }
  let relative = false;
  const nums: number[] = [];
  for (const text of raw) {
    const rel = RELATIVE.exec(text);
    if (rel !== null) relative = true;
    const plain = rel === null ? text : (rel[1] as string);
    if (!SCORE.test(plain)) return `${invalidValue(key)}: the non-numeric score (${plain}) is not valid`;
    // Perl numifies "-0.000" to plain 0; keep JS from producing -0.
    nums.push(Number(plain) + 0 || 0);
  }
  const previous = st.config.scores.get(rule);
  if (relative && previous === undefined) {
    return `${invalidValue(key)}: relative score without previous setting in configuration`;
  }
  const four = nums.length === 4 ? nums : [nums[0], nums[0], nums[0], nums[0]];
  const sets = four.map((n, i) => (relative ? (previous?.[i] ?? 0) + (n ?? 0) : (n ?? 0))) as ScoreSets;
  st.mut('scores').set(rule, sets);
  return undefined;
};

/** Splits `NAME rest` for hash-valued settings; rest must be non-empty. */
function keyValue(value: string): [string, string] | undefined {
  const m = /^(\S*)\s+([\s\S]+)$/.exec(value);
  if (m === null || (m[2] as string) === '') return undefined;
  return [m[1] as string, m[2] as string];
}

export const describeDirective: DirectiveHandler = (st, value, key) => {
  const kv = keyValue(value);
  if (kv === undefined) return missingValue(key);
  st.mut('describe').set(kv[0], kv[1]);
  return undefined;
};

/** Parses tflags words: bare flags → true, `maxhits=N` → number, other `k=v` → string. */
export function parseTFlags(text: string): TFlags {
  const flags: TFlags = {};
  for (const w of words(text)) {
    const eq = w.indexOf('=');
    if (eq < 0) {
      flags[w] = true;
      continue;
    }
    const v = w.slice(eq + 1);
    flags[w.slice(0, eq)] = /^\d+$/.test(v) ? Number(v) : v;
  }
  return flags;
}

/** tflags as SpamAssassin's string form, for display and comparisons. */
export function formatTFlags(flags: TFlags): string {
  return Object.entries(flags)
    .map(([k, v]) => (v === true ? k : `${k}=${v}`))
    .join(' ');
}

export const tflagsDirective: DirectiveHandler = (st, value, key) => {
  const kv = keyValue(value);
  if (kv === undefined) return missingValue(key);
  if (st.userMode && !userMayModify(st, kv[0])) return `user rules may not change tflags of system rule ${kv[0]}`;
  st.mut('tflags').set(kv[0], parseTFlags(kv[1]));
  return undefined;
};

export const priorityDirective: DirectiveHandler = (st, value, key) => {
  const [rule, prio] = value.split(/\s+/, 2) as [string, string | undefined];
  if (prio === undefined) return missingValue(key);
  if (!isRuleName(rule) || !/^-?\d+$/.test(value.slice(rule.length).trim())) return invalidValue(key);
  if (st.userMode && !userMayModify(st, rule)) return `user rules may not change priority of system rule ${rule}`;
  st.mut('priority').set(rule, Number(value.slice(rule.length).trim()));
  return undefined;
};

/** In user mode only the user's own (or unknown) rules may be modified. */
function userMayModify(st: { config: { rules: Map<string, { userRule: boolean }> } }, name: string): boolean {
  const def = st.config.rules.get(name);
  return def === undefined || def.userRule;
}

export const testDirective: DirectiveHandler = (st, value, key) => {
  const m = /^(\S+)\s+(ok|fail)\s+([\s\S]*)$/.exec(value);
  if (m === null) return invalidValue(key);
  st.mut('selfTests').push({ rule: m[1] as string, expect: m[2] as 'ok' | 'fail', text: m[3] as string });
  return undefined;
};
