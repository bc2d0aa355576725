/**
 * The network half of a scan: every network eval's lookups are launched
 * right after parsing (before any rule runs), and once the answers are
 * joined the network evals record their results. The local rules run in
 * between, on the CPU, while the queries are in flight.
 */
import type { NetLookups } from '../net/dns-types.js';
import type { ScanState } from '../scan/scan-state.js';
import type { CompiledRuleSet, EvalRule } from './compiled-types.js';

const cache = new WeakMap<CompiledRuleSet, EvalRule[]>();

/** The rule set's network evals in evaluation order (priority, then type). */
export function networkRules(ruleSet: CompiledRuleSet): EvalRule[] {
  let rules = cache.get(ruleSet);
  if (!rules) {
    rules = ruleSet.buckets.flatMap((b) => [...b.headerEval, ...b.bodyEval, ...b.rawbodyEval, ...b.fullEval]).filter((r) => r.def.net !== undefined);
    cache.set(ruleSet, rules);
  }
  return rules;
}

export function launchNetworkRules(state: ScanState, ruleSet: CompiledRuleSet, net: NetLookups): void {
  for (const rule of networkRules(ruleSet)) {
    try {
      rule.def.net?.launch(state, rule, net);
    } catch (err) {
      state.ruleErrors.push({ rule: rule.name, error: (err as Error).message });
    }
  }
}

/** Plugins whose answers arrive after the rule ran, and call got_hit themselves with their own area (or none). */
const ASYNC_AREA: Readonly<Record<string, string>> = { AskDNS: 'ASKDNS: ', URIDNSBL: '', HashBL: '', Pyzor: '', Razor2: '', DCC: '' };

/**
 * The area SpamAssassin prints before a network rule's description: DNSBL
 * hits `RBL: ` (Dns.pm), AskDNS `ASKDNS: `, the other asynchronous plugins
 * none; evals that answer at once (SPF, DKIM, DMARC) that of their rule type,
 * as any eval: `BODY: ` and `RAW: ` for body and rawbody, else none.
 */
export function networkArea(rule: EvalRule): string {
  if (rule.def.plugin === 'DNSEval' && rule.fn.startsWith('check_rbl')) return 'RBL: ';
  const async = ASYNC_AREA[rule.def.plugin];
  if (async !== undefined) return async;
  if (rule.type === 'body') return 'BODY: ';
  if (rule.type === 'rawbody') return 'RAW: ';
  return '';
}

/**
 * Whether SpamAssassin still takes this rule's answer after a shortcircuit: the
 * DNSBL and URIDNSBL lookups and AskDNS start together at priority -100 and
 * their answers are harvested whatever happens after; the other network evals
 * (SPF, DKIM, HashBL, Pyzor …) start when their own priority runs.
 */
function answeredAfterShortcircuit(state: ScanState, rule: EvalRule): boolean {
  const sc = state.shortcircuit;
  if (sc === undefined) return true;
  const startedAtMinus100 = (rule.def.plugin === 'DNSEval' && rule.fn.startsWith('check_rbl')) || rule.def.plugin === 'URIDNSBL' || rule.def.plugin === 'AskDNS';
  return startedAtMinus100 ? sc.priority >= LAUNCH_PRIORITY : rule.priority < sc.priority;
}

/** The priority at which SpamAssassin launches the DNS lookups (a shortcircuit before it sends none). */
export const LAUNCH_PRIORITY = -100;

/** After the join: each network eval records its hit (metas then read it). */
export function runNetworkRules(state: ScanState, ruleSet: CompiledRuleSet): void {
  for (const rule of networkRules(ruleSet)) {
    if (!answeredAfterShortcircuit(state, rule)) continue;
    state.enterRule(rule);
    let result: number | boolean = false;
    try {
      result = rule.def.net?.result(state, rule) ?? false;
    } catch (err) {
      state.ruleErrors.push({ rule: rule.name, error: (err as Error).message });
    }
    if (result) state.hits.hit(rule.name, rule.score, networkArea(rule), rule.multiple, typeof result === 'number' ? result : 1);
  }
}
