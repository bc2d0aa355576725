/**
 * Runs a compiled rule set over one message in SpamAssassin's order:
 * priorities ascending; within each, header regex, header eval, body regex,
 * uri regex, body eval, rawbody regex, rawbody eval, full regex, full eval;
 * then the metas once every dependency is decided.
 */
import type { ScanState } from '../scan/scan-state.js';
import type { CompiledRule, CompiledRuleSet, EvalRule, PriorityBucket, TextRegexRule } from './compiled-types.js';
import { runHeaderRule, runMimeHeaderRule } from './header-rules.js';
import { runMetas } from './meta-evaluate.js';
import { haystackFor } from './haystack.js';
import { instantiatePattern, mayMatch } from './pattern.js';

/**
 * With `deferNetwork` the network evals (those with a `net` runner) and the
 * metas are left for after the DNS answers are joined (network-phase.ts).
 */
export function evaluateRules(state: ScanState, ruleSet: CompiledRuleSet, deadline: number, deferNetwork = false): void {
  for (const bucket of ruleSet.buckets) {
    if (Date.now() > deadline) {
      state.deadlineExceeded = true;
      break;
    }
    runBucket(state, bucket, deferNetwork);
  }
  if (!deferNetwork) runMetas(state, ruleSet);
}

function runBucket(state: ScanState, b: PriorityBucket, skipNet: boolean): void {
  for (const rule of b.header) {
    if (rule.kind === 'mimeheader') continue;
    runHeaderRule(state, rule);
  }
  runEvals(state, b.headerEval, undefined, '', skipNet);
  if (b.body.length > 0) runTextRules(state, b.body, state.rendered().body, 'BODY: ');
  if (b.uri.length > 0) runTextRules(state, b.uri, state.uriList(), 'URI: ');
  for (const rule of b.header) if (rule.kind === 'mimeheader') runMimeHeaderRule(state, rule);
  if (b.bodyEval.length > 0) runEvals(state, b.bodyEval, state.rendered().body, 'BODY: ', skipNet);
  if (b.rawbody.length > 0) runTextRules(state, b.rawbody, state.rendered().rawbody, 'RAW: ');
  if (b.rawbodyEval.length > 0) runEvals(state, b.rawbodyEval, state.rendered().rawbody, 'RAW: ', skipNet);
  if (b.full.length > 0) runFullRules(state, b.full);
  if (b.fullEval.length > 0) runEvals(state, b.fullEval, [state.fullText()], '', skipNet);
}

/** body/rawbody/uri rules: each element separately; stop at the first hit unless `multiple`. */
function runTextRules(state: ScanState, rules: TextRegexRule[], lines: readonly string[], area: string): void {
  const hay = haystackFor(lines);
  for (const rule of rules) {
    const re = instantiatePattern(rule.pattern, (t) => state.getTag(t));
    if (!re) continue;
    state.hits.ready(rule.name);
    if (!hay.anyMayMatch(rule.pattern)) continue;
    state.currentRule = rule.name;
    let hits = 0;
    for (let i = rule.noSubject ? 1 : 0; i < lines.length; i++) {
      if (!hay.lineMayMatch(rule.pattern, i)) continue;
      const line = lines[i] ?? '';
      re.lastIndex = 0;
      if (!rule.multiple) {
        const m = re.exec(line);
        if (m) {
          recordHit(state, rule, area, m.groups);
          break;
        }
        continue;
      }
      if (countMatches(state, rule, re, line, area, () => ++hits)) break;
    }
  }
}

/** Counts every match of a `multiple` rule; returns true once maxhits is reached. */
function countMatches(state: ScanState, rule: CompiledRule, re: RegExp, subject: string, area: string, bump: () => number): boolean {
  re.lastIndex = 0;
  for (let m = re.exec(subject); m; m = re.exec(subject)) {
    if (m[0] === '') re.lastIndex++;
    recordHit(state, rule, area, m.groups);
    if (rule.maxHits > 0 && bump() >= rule.maxHits) return true;
  }
  return false;
}

function runFullRules(state: ScanState, rules: TextRegexRule[]): void {
  const text = state.fullText();
  let folded: string | undefined;
  const lower = () => (folded ??= text.toLowerCase());
  for (const rule of rules) {
    const re = instantiatePattern(rule.pattern, (t) => state.getTag(t));
    if (!re) continue;
    state.hits.ready(rule.name);
    if (!mayMatch(rule.pattern, text, lower)) continue;
    state.currentRule = rule.name;
    re.lastIndex = 0;
    if (!rule.multiple) {
      const m = re.exec(text);
      if (m) recordHit(state, rule, 'FULL: ', m.groups);
      continue;
    }
    let hits = 0;
    countMatches(state, rule, re, text, 'FULL: ', () => ++hits);
  }
}

function runEvals(state: ScanState, rules: EvalRule[], text: readonly string[] | undefined, area: string, skipNet: boolean): void {
  for (const rule of rules) {
    if (skipNet && rule.def.net) continue;
    state.currentRule = rule.name;
    let result: number | boolean;
    try {
      result = rule.def.fn(state, rule.args, text);
    } catch (err) {
      state.ruleErrors.push({ rule: rule.name, error: (err as Error).message });
      result = 0;
    }
    if (result) state.hits.hit(rule.name, rule.score, area, rule.multiple, typeof result === 'number' ? result : 1);
    else state.hits.ready(rule.name);
  }
}

export function recordHit(state: ScanState, rule: CompiledRule, area: string, groups: Record<string, string> | undefined): void {
  if (groups) {
    for (const [name, value] of Object.entries(groups)) if (value) state.setTag(name, value);
  }
  state.hits.hit(rule.name, rule.score, area, rule.multiple);
}
