/**
 * Runs a compiled rule set over one message in SpamAssassin's order:
 * priorities ascending; within each, header regex, header eval, body regex,
 * uri regex, body eval, rawbody regex, rawbody eval, full regex, full eval;
 * then the metas once every dependency is decided.
 */
import type { ScanState } from '../scan/scan-state.js';
import type { CompiledRule, CompiledRuleSet, EvalRule, HeaderRegexRule, MimeHeaderRule, PriorityBucket, TextRegexRule } from './compiled-types.js';
import { runHeaderRule, runMimeHeaderRule } from './header-rules.js';
import { runMetas } from './meta-evaluate.js';
import { StagedMetas } from './staged-metas.js';
import { shortcircuitArmed } from '../scan/shortcircuit.js';
import { haystackFor, type Haystack } from './haystack.js';
import { HeaderSlots } from './header-slots.js';
import { guardHolds, instantiatePattern, mayMatch, tagsReady, templateValuesAbsent } from './pattern.js';
import { profileClock, ruleProfiler } from './rule-profile.js';

/** What the text rules of one type share per message: the literal prefilter and the RE2 sets. */
interface TextIndexes {
  literals: CompiledRuleSet['literalIndex'];
  sets: CompiledRuleSet['regexSets'];
}

/** Evals left for later: those with a `net` runner wait for the DNS answers, Bayes for a shared store's read. */
export interface Deferral {
  network?: boolean;
  bayes?: boolean;
}

const BAYES_PLUGIN = 'Bayes';

/** Which priorities one call runs: a scan with network tests launches its lookups at -100, as SpamAssassin does. */
export interface PriorityRange {
  below?: number;
  from?: number;
}

/**
 * Evals deferred by `defer` (and then the metas, which read them) are left for
 * after the answers are joined (network-phase.ts, runBayesRules). When the
 * Shortcircuit plugin is armed the metas run priority by priority
 * (staged-metas.ts) and a shortcircuit ends the loop after the stage it
 * happened in.
 */
export function evaluateRules(state: ScanState, ruleSet: CompiledRuleSet, deadline: number, defer: Deferral = {}, range: PriorityRange = {}): void {
  const metasLater = defer.network === true || defer.bayes === true;
  const text: TextIndexes = { literals: ruleSet.literalIndex, sets: ruleSet.regexSets };
  const headers = new HeaderSlots(state, ruleSet.headerLiteralIndex);
  const staged = shortcircuitArmed(state.conf) ? (state.stagedMetas ??= new StagedMetas(state, ruleSet)) : undefined;
  for (const bucket of ruleSet.buckets) {
    if ((range.below !== undefined && bucket.priority >= range.below) || (range.from !== undefined && bucket.priority < range.from)) continue;
    if (Date.now() > deadline) {
      state.deadlineExceeded = true;
      break;
    }
    if (state.shortcircuit) break;
    state.priority = bucket.priority;
    if (ruleProfiler()) runBucketProfiled(state, bucket, text, headers, defer);
    else runBucket(state, bucket, text, headers, defer);
    if (!state.shortcircuit) staged?.runReadyAfter(bucket.priority);
  }
  if (metasLater || range.below !== undefined) return;
  state.priority = Infinity;
  finalMetas(state, ruleSet);
}

/** The metas' final pass (none after a shortcircuit): in passes when they were staged, else all at once. */
export function finalMetas(state: ScanState, ruleSet: CompiledRuleSet): void {
  state.priority = Infinity;
  if (state.shortcircuit) return;
  if (state.stagedMetas) {
    state.stagedMetas.runReadyAfter(Infinity);
    return;
  }
  const prof = ruleProfiler();
  const t0 = prof ? profileClock() : 0;
  runMetas(state, ruleSet);
  prof?.stage('meta', profileClock() - t0);
}

/** Each stage of a priority in SpamAssassin's order; a shortcircuit lets the stage finish and stops the rest. */
function runBucket(state: ScanState, b: PriorityBucket, index: TextIndexes, headers: HeaderSlots, defer: Deferral): void {
  for (const rule of b.header) {
    if (rule.kind === 'mimeheader') continue;
    runHeaderRule(state, rule, headers);
  }
  if (state.shortcircuit) return;
  runEvals(state, b.headerEval, undefined, '', defer);
  if (state.shortcircuit) return;
  if (b.body.length > 0) runTextRules(state, b.body, state.rendered().body, 'BODY: ', index, 'body');
  if (state.shortcircuit) return;
  if (b.uri.length > 0) runTextRules(state, b.uri, state.uriList(), 'URI: ', index, 'uri');
  if (state.shortcircuit) return;
  for (const rule of b.header) if (rule.kind === 'mimeheader') runMimeHeaderRule(state, rule);
  if (state.shortcircuit) return;
  if (b.bodyEval.length > 0) runEvals(state, b.bodyEval, state.rendered().body, 'BODY: ', defer);
  if (state.shortcircuit) return;
  if (b.rawbody.length > 0) runTextRules(state, b.rawbody, state.rendered().rawbody, 'RAW: ', index, 'rawbody');
  if (state.shortcircuit) return;
  if (b.rawbodyEval.length > 0) runEvals(state, b.rawbodyEval, state.rendered().rawbody, 'RAW: ', defer);
  if (state.shortcircuit) return;
  if (b.full.length > 0) runFullRules(state, b.full);
  if (state.shortcircuit) return;
  if (b.fullEval.length > 0) runEvals(state, b.fullEval, [state.fullText()], '', defer);
}

/**
 * The same steps as runBucket, one rule at a time, timed. The lazily built
 * texts are built first so their cost counts as their own stage, not as the
 * first rule's.
 */
function runBucketProfiled(state: ScanState, b: PriorityBucket, index: TextIndexes, headers: HeaderSlots, defer: Deferral): void {
  const prof = ruleProfiler();
  if (!prof) return;
  const stage = (name: string, fn: () => unknown) => {
    const t0 = profileClock();
    fn();
    prof.stage(name, profileClock() - t0);
  };
  const each = <R extends CompiledRule>(name: string, rules: R[], fn: (r: R) => void) => {
    const s0 = profileClock();
    for (const r of rules) {
      const t0 = profileClock();
      fn(r);
      prof.rule(r.name, profileClock() - t0);
    }
    prof.stage(name, profileClock() - s0);
  };
  stage('relays', () => state.relays());
  stage('render', () => state.rendered());
  stage('uris', () => state.uriList());
  stage('fulltext', () => state.fullText());
  each('header', b.header.filter((r) => r.kind !== 'mimeheader'), (r) => runHeaderRule(state, r as HeaderRegexRule, headers));
  each('headerEval', b.headerEval, (r) => runEvals(state, [r], undefined, '', defer));
  stage('prefilter', () => {
    haystackFor(state.haystacks, state.rendered().body, index.literals.body, index.sets.body).setMatchLines(0);
    haystackFor(state.haystacks, state.rendered().rawbody, index.literals.rawbody, index.sets.rawbody).setMatchLines(0);
    haystackFor(state.haystacks, state.uriList(), index.literals.uri, index.sets.uri).setMatchLines(0);
  });
  each('body', b.body, (r) => runTextRules(state, [r], state.rendered().body, 'BODY: ', index, 'body'));
  each('uri', b.uri, (r) => runTextRules(state, [r], state.uriList(), 'URI: ', index, 'uri'));
  each('mimeheader', b.header.filter((r) => r.kind === 'mimeheader'), (r) => runMimeHeaderRule(state, r as MimeHeaderRule));
  each('bodyEval', b.bodyEval, (r) => runEvals(state, [r], state.rendered().body, 'BODY: ', defer));
  each('rawbody', b.rawbody, (r) => runTextRules(state, [r], state.rendered().rawbody, 'RAW: ', index, 'rawbody'));
  each('rawbodyEval', b.rawbodyEval, (r) => runEvals(state, [r], state.rendered().rawbody, 'RAW: ', defer));
  each('full', b.full, (r) => runFullRules(state, [r]));
  each('fullEval', b.fullEval, (r) => runEvals(state, [r], [state.fullText()], '', defer));
}

/** body/rawbody/uri rules: each element separately; stop at the first hit unless `multiple`. */
function runTextRules(state: ScanState, rules: TextRegexRule[], lines: readonly string[], area: string, index: TextIndexes, type: TextType): void {
  const hay = haystackFor(state.haystacks, lines, index.literals[type], index.sets[type]);
  const tag = (t: string) => state.getTag(t);
  for (const rule of rules) {
    if (!tagsReady(rule.pattern, tag)) continue;
    const candidates = candidateLines(hay, rule);
    if (candidates?.length === 0) continue;
    const first = rule.noSubject ? 1 : 0;
    if (rule.setExact === true && candidates !== undefined && !rule.multiple && rule.pattern.captureNames.length === 0) {
      // The set is exact: a line it names is a hit, and nothing else is wanted from the match.
      // Candidate lists ascend: a line at or past `first` exists if the last one is.
      if (candidates.length > 0 && candidates[candidates.length - 1]! >= first) recordHit(state, rule, area, undefined);
      continue;
    }
    if (!rule.pattern.regex && templateValuesAbsent(rule.pattern, tag, lines, candidates)) continue;
    const re = instantiatePattern(rule.pattern, tag);
    if (!re) continue;
    state.enterRule(rule);
    let hits = 0;
    const minLength = rule.pattern.minLength;
    const count = candidates ? candidates.length : lines.length;
    for (let k = 0; k < count; k++) {
      const i = candidates ? candidates[k]! : k;
      if (i < first) continue;
      const line = lines[i] ?? '';
      if (line.length < minLength || !guardHolds(rule.pattern, line)) continue;
      re.lastIndex = 0;
      if (!rule.multiple) {
        if (firstMatchHits(state, rule, re, line, area)) break;
        continue;
      }
      hits = countMatches(state, rule, re, line, area, hits);
      if (rule.maxHits > 0 && hits >= rule.maxHits) break;
    }
  }
}

type TextType = keyof TextIndexes['literals'];

/** The lines worth running a rule on: those its RE2 set names (all when the set failed), or those holding one of its literals; undefined = all. */
function candidateLines(hay: Haystack, rule: TextRegexRule): readonly number[] | undefined {
  if (rule.setMember !== undefined) return hay.setMatchLines(rule.setMember);
  return rule.literalIds ? hay.candidateLines(rule.literalIds) : undefined;
}

/**
 * Records every match of a `multiple` rule in the subject, stopping at
 * maxhits; returns the rule's hit count so far (a number passed in and out
 * rather than a counting closure: a closure over the loop's counter cost a
 * context allocation per rule and line).
 */
function countMatches(state: ScanState, rule: TextRegexRule, re: RegExp, subject: string, area: string, hits: number): number {
  re.lastIndex = 0;
  if (rule.pattern.captureNames.length === 0 && rule.pattern.minLength > 0) return countByTest(state, rule, re, subject, area, hits);
  for (let m = re.exec(subject); m; m = re.exec(subject)) {
    if (m[0] === '') re.lastIndex++;
    recordHit(state, rule, area, m.groups);
    hits++;
    if (rule.maxHits > 0 && hits >= rule.maxHits) break;
  }
  return hits;
}

/**
 * countMatches for a rule that captures nothing and never matches empty:
 * `test` moves lastIndex past each match as `exec` does, without building a
 * match array per hit (`multiple` rules such as /e/ take hundreds per message).
 */
function countByTest(state: ScanState, rule: TextRegexRule, re: RegExp, subject: string, area: string, hits: number): number {
  while (re.test(subject)) {
    recordHit(state, rule, area, undefined);
    hits++;
    if (rule.maxHits > 0 && hits >= rule.maxHits) break;
  }
  return hits;
}

/**
 * Whether a rule's regex matches the subject once, recording the hit (with
 * its named captures, when it has any). `test` builds no match array: most
 * rules capture nothing.
 */
export function firstMatchHits(state: ScanState, rule: TextRegexRule | HeaderRegexRule, re: RegExp, subject: string, area: string): boolean {
  if (rule.pattern.captureNames.length === 0) {
    if (!re.test(subject)) return false;
    recordHit(state, rule, area, undefined);
    return true;
  }
  const m = re.exec(subject);
  if (m) recordHit(state, rule, area, m.groups);
  return m !== null;
}

function runFullRules(state: ScanState, rules: TextRegexRule[]): void {
  const text = state.fullText();
  let folded: string | undefined;
  const lower = () => (folded ??= text.toLowerCase());
  for (const rule of rules) {
    const re = instantiatePattern(rule.pattern, (t) => state.getTag(t));
    if (!re) continue;
    if (!mayMatch(rule.pattern, text, lower)) continue;
    state.enterRule(rule);
    re.lastIndex = 0;
    if (!rule.multiple) firstMatchHits(state, rule, re, text, 'FULL: ');
    else countMatches(state, rule, re, text, 'FULL: ', 0);
  }
}

function runEvals(state: ScanState, rules: EvalRule[], text: readonly string[] | undefined, area: string, defer: Deferral): void {
  for (const rule of rules) {
    if (defer.network && rule.def.net) continue;
    if (defer.bayes && rule.def.plugin === BAYES_PLUGIN && !rule.def.net) {
      deferBayes(state, { rule, text, area, slot: state.hits.scored.length });
      continue;
    }
    state.enterRule(rule);
    let result: number | boolean;
    try {
      result = rule.def.fn(state, rule.args, text);
    } catch (err) {
      state.ruleErrors.push({ rule: rule.name, error: (err as Error).message });
      result = 0;
    }
    if (result) state.hits.hit(rule.name, rule.score, area, rule.multiple, typeof result === 'number' ? result : 1);
  }
}

/** A Bayes eval left for after a shared store's read, and where its hits belong in hit order. */
interface DeferredEval {
  rule: EvalRule;
  text: readonly string[] | undefined;
  area: string;
  /** How many scored hits came before it: the report lists hits in SpamAssassin's order. */
  slot: number;
}

const deferredBayes = new WeakMap<ScanState, DeferredEval[]>();

function deferBayes(state: ScanState, deferred: DeferredEval): void {
  const list = deferredBayes.get(state);
  if (list) list.push(deferred);
  else deferredBayes.set(state, [deferred]);
}

/**
 * After a shared store's read: the Bayes evals evaluateRules deferred, each
 * hit moved back to where it would have come had it run in its turn.
 */
export function runBayesRules(state: ScanState): void {
  const scored = state.hits.scored;
  let shift = 0;
  for (const { rule, text, area, slot } of deferredBayes.get(state) ?? []) {
    const before = scored.length;
    runEvals(state, [rule], text, area, {});
    const moved = scored.splice(before);
    scored.splice(slot + shift, 0, ...moved);
    shift += moved.length;
  }
  deferredBayes.delete(state);
}

/** Records one hit of a rule, setting the tags its named captures carry. */
export function recordHit(state: ScanState, rule: CompiledRule, area: string, groups: Record<string, string> | undefined): void {
  if (groups) {
    for (const [name, value] of Object.entries(groups)) if (value) state.setTag(name, value);
  }
  state.hits.hit(rule.name, rule.score, area, rule.multiple);
}
