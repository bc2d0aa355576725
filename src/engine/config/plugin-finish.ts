/**
 * The finish_parsing_start hooks of shipped plugins that change the rule
 * table: Pyzor and Razor2 move their rules to priority −100 when they fork
 * (the default) so the lookups start early; Reuse makes every reused or net
 * rule name exist.
 */
import { PLUGIN_PREFIX } from './plugins.js';
import { addRule } from './add-rule.js';
import type { ParseState } from './parse-state.js';
import type { ScoreSets } from './types.js';


/** Net lookups launched in a forked helper: plugin → fork setting and its eval functions. */
const FORKING_EVALS: readonly { plugin: string; setting: string; fns: readonly string[] }[] = [
  { plugin: 'Pyzor', setting: 'pyzor_fork', fns: ['check_pyzor'] },
  { plugin: 'Razor2', setting: 'razor_fork', fns: ['check_razor2', 'check_razor2_range'] },
];

function loaded(st: ParseState, plugin: string): boolean {
  return st.config.plugins.has(PLUGIN_PREFIX + plugin);
}

function raiseForkingRules(st: ParseState): void {
  for (const { plugin, setting, fns } of FORKING_EVALS) {
    // The fork settings default to 1; "0" turns the adjustment off.
    if (!loaded(st, plugin) || (st.config.other.get(setting) ?? '1') === '0') continue;
    for (const r of st.config.rules.values()) {
      if (r.test.kind === 'eval' && fns.includes(r.test.fn)) st.mut('priority').set(r.name, -100);
    }
  }
}

function materialiseReused(st: ParseState): void {
  if (!loaded(st, 'Reuse')) return;
  const names = new Set(st.config.lists.get('reuse') ?? []);
  for (const [name, flags] of st.config.tflags) if (flags.net !== undefined) names.add(name);
  for (const name of names) {
    if (!st.config.rules.has(name)) addRule(st, name, 'empty', { kind: 'empty' });
    if (st.config.scores.has(name)) continue;
    const base = name.startsWith('T_') ? 0.01 : 1.0;
    const s = st.config.tflags.get(name)?.nice !== undefined ? -base : base;
    st.mut('scores').set(name, [s, s, s, s] as ScoreSets);
  }
}

export function runPluginFinishHooks(st: ParseState): void {
  raiseForkingRules(st);
  materialiseReused(st);
}
