/**
 * The end-of-parse step (Conf/Parser.pm fix_tests + finish_parsing, and the
 * ReplaceTags hook): default scores, rules_matching() expansion, meta
 * dependency checks, priority fixes, net tflags inherited by metas, tag
 * replacement and rule-name validation of per-rule settings.
 */
import { expandRulesMatching, metaDependencies } from './meta-tokens.js';
import { containsNet, parseNetSpec } from './network-spec.js';
import type { ParseState } from './parse-state.js';
import { runPluginFinishHooks } from './plugin-finish.js';
import { applyReplaceTags } from './replace-tags.js';
import type { EngineConfig, ScoreSets } from './types.js';
import { isRuleName } from './values.js';

/** SpamAssassin's default for a rule without a score line. */
export function defaultScore(config: EngineConfig, name: string): number {
  const base = name.startsWith('T_') ? 0.01 : 1.0;
  return config.tflags.get(name)?.nice !== undefined ? -base : base;
}

function assignDefaultScores(st: ParseState, names: Iterable<string>): void {
  for (const name of names) {
    if (st.config.scores.has(name)) continue;
    const s = defaultScore(st.config, name);
    st.mut('scores').set(name, [s, s, s, s] as ScoreSets);
  }
}

function expandMetas(st: ParseState, names: Iterable<string>): void {
  const c = st.config;
  // SA globs over the names in the score table, which by now holds every rule plus any score-only name.
  let universe: Set<string> | undefined;
  for (const name of names) {
    const rule = c.rules.get(name);
    if (rule?.test.kind !== 'meta' || !rule.test.expression.includes('rules_matching')) continue;
    universe ??= new Set<string>([...c.rules.keys(), ...c.scores.keys()]);
    const expression = expandRulesMatching(rule.test.expression, name, universe);
    st.mut('rules').set(name, { ...rule, test: { kind: 'meta', expression } });
  }
}

/** Metas in dependency cycles (or depending on such metas) can never be decided. */
function reportUnsolvedMetas(st: ParseState): void {
  const c = st.config;
  const pending = new Map<string, string[]>();
  for (const r of c.rules.values()) {
    if (r.test.kind === 'meta') {
      pending.set(r.name, metaDependencies(r.test.expression).filter((d) => c.rules.get(d)?.type === 'meta'));
    }
  }
  let progress = true;
  while (progress) {
    progress = false;
    for (const [name, deps] of pending) {
      if (deps.some((d) => pending.has(d))) continue;
      pending.delete(name);
      progress = true;
    }
  }
  for (const [name, deps] of pending) {
    const pos = c.rules.get(name)?.pos;
    const unsolved = deps.filter((d) => pending.has(d)).join(', ');
    st.warn(`excluding meta test ${name}, unsolved meta dependencies: ${unsolved}`, pos?.line ?? 0, pos?.file ?? st.file);
  }
}

function isNet(c: EngineConfig, name: string): boolean {
  return c.tflags.get(name)?.net !== undefined;
}

/** A meta becomes `net` when any rule it (transitively) depends on is net. */
function inheritNetFlags(st: ParseState): void {
  const c = st.config;
  const memo = new Map<string, boolean>();
  const visit = (name: string, stack: Set<string>): boolean => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    if (isNet(c, name)) return memo.set(name, true), true;
    const rule = c.rules.get(name);
    if (rule?.test.kind !== 'meta' || stack.has(name)) return false;
    stack.add(name);
    const net = metaDependencies(rule.test.expression).some((d) => visit(d, stack));
    stack.delete(name);
    memo.set(name, net);
    return net;
  };
  for (const r of c.rules.values()) {
    if (r.test.kind !== 'meta' || isNet(c, r.name) || !visit(r.name, new Set())) continue;
    st.mut('tflags').set(r.name, { ...(c.tflags.get(r.name) ?? {}), net: true });
  }
}

/** A dependency running later than the meta needing it is moved up to the meta's priority. */
function fixPriorities(st: ParseState): void {
  const c = st.config;
  const order = [...new Set([...c.priority.keys(), ...c.rules.keys()])].sort(
    (a, b) => (c.priority.get(a) ?? 0) - (c.priority.get(b) ?? 0),
  );
  for (const name of order) {
    const rule = c.rules.get(name);
    if (rule?.test.kind !== 'meta') continue;
    const base = c.priority.get(name) ?? 0;
    for (const dep of metaDependencies(rule.test.expression)) {
      const depPri = c.priority.get(dep) ?? (c.rules.has(dep) ? 0 : undefined);
      if (depPri === undefined || depPri <= base) continue;
      st.mut('priority').set(dep, base < -100 && isNet(c, dep) ? -100 : base);
    }
  }
}

function validateSettingNames(st: ParseState): void {
  for (const field of ['scores', 'describe', 'tflags', 'priority'] as const) {
    for (const name of st.config[field].keys()) {
      if (!isRuleName(name)) st.warn(`${field} set for invalid rule name '${name}'`, 0);
    }
  }
}

/**
 * internal_networks (and msa_networks) must lie inside trusted_networks (or
 * inside internal_networks when only that is set); entries that do not are
 * reported and dropped, as SpamAssassin does.
 */
function lintTrustedNetworks(st: ParseState): void {
  const c = st.config;
  const against = c.trustedNetworks.configured ? 'trustedNetworks' : c.internalNetworks.configured ? 'internalNetworks' : undefined;
  if (against === undefined) return;
  const outer = c[against].entries;
  for (const field of ['internalNetworks', 'msaNetworks'] as const) {
    if (field === against || !c[field].configured) continue;
    const kept = c[field].entries.filter((e) => {
      const net = parseNetSpec(e);
      if (net === undefined || net.exclude || containsNet(outer, net)) return true;
      st.error(`${against === 'trustedNetworks' ? 'trusted_networks' : 'internal_networks'} doesn't contain ${field === 'msaNetworks' ? 'msa_networks' : 'internal_networks'} entry '${e}'`, 0, '(config)');
      return false;
    });
    if (kept.length !== c[field].entries.length) c[field] = { ...c[field], entries: kept };
  }
}

/**
 * SpamAssassin treats priority 0 as "not set" (net rules then run at −100),
 * so zero entries are dropped once they have served the dependency fix-up:
 * the map then holds exactly the priorities that override the default.
 */
function dropZeroPriorities(st: ParseState, names: Iterable<string>): void {
  for (const name of names) if (st.config.priority.get(name) === 0) st.mut('priority').delete(name);
}

/** Runs the finish step; in user mode only over the rules user_prefs defined. */
export function finishParsing(st: ParseState): void {
  const names = st.userMode ? [...st.definedHere] : [...st.config.rules.keys()];
  assignDefaultScores(st, names);
  if (!st.userMode) runPluginFinishHooks(st);
  expandMetas(st, names);
  if (!st.userMode) reportUnsolvedMetas(st);
  if (!st.userMode || names.length > 0) {
    fixPriorities(st);
    inheritNetFlags(st);
  }
  applyReplaceTags(st, st.userMode ? new Set(names) : undefined);
  if (!st.userMode) validateSettingNames(st);
  lintTrustedNetworks(st);
  dropZeroPriorities(st, st.userMode ? names : [...st.config.priority.keys()]);
}

/** The priority a rule runs at: its (fixed-up) priority, else −100 for net rules, else 0. */
export function effectivePriority(config: EngineConfig, name: string): number {
  const p = config.priority.get(name) ?? 0;
  if (p !== 0) return p;
  return isNet(config, name) ? -100 : 0;
}
