/**
 * Config → CompiledRuleSet for one score set. Mirrors what SpamAssassin does
 * at the end of parsing: zero-score rules are dropped (never run, metas see
 * 0), net/learn evals are dropped from score sets without network/Bayes,
 * priorities are fixed so that a meta's dependencies run no later than it.
 */
import type { ConfigDiagnostic, EngineConfig, RuleDef, RuleType, TFlags } from '../config/types.js';
import { PLUGIN_PREFIX } from '../config/plugins.js';
import { evalRegistry } from '../evals/registry.js';
import { askdnsEval } from '../evals/net/askdns.js';
import { matchUriDetail, type UriDetailCondition, uriDetailConditions } from '../evals/uri-detail.js';
import type { EvalDefinition, EvalRuleType, ScanContext } from '../scan/context-types.js';
import type { CompiledRule, CompiledRuleSet, EvalRule, ExistsRule, HeaderRegexRule, MetaRule, PriorityBucket, TextRegexRule } from './compiled-types.js';
import { HeaderLiteralIndex, TextLiteralIndex } from './literal-index.js';
import { RegexSet } from './regex-set.js';
import { compileMeta } from './meta-compile.js';
import { orderMetas } from './meta-order.js';
import { buildPattern } from './pattern.js';
import { resolvePriorities } from './priorities.js';
import { ruleScore } from './scores.js';
import { ruleOrdinal } from '../scan/running-rule.js';
import { withRememberedParses } from '../regex/parser.js';

export interface CompileResult {
  ruleSet: CompiledRuleSet;
  diagnostics: ConfigDiagnostic[];
}

export function compileRules(conf: EngineConfig, scoreSet: number): CompileResult {
  return withRememberedParses(() => compileAll(conf, scoreSet));
}

function compileAll(conf: EngineConfig, scoreSet: number): CompileResult {
  const diagnostics: ConfigDiagnostic[] = [];
  const byName = new Map<string, CompiledRule>();
  const definedMetas = new Set<string>();
  const priorities = resolvePriorities(conf);
  for (const def of conf.rules.values()) {
    if (def.type === 'meta') definedMetas.add(def.name);
    const score = ruleScore(conf, def.name, scoreSet);
    if (score === 0) continue;
    const tflags = conf.tflags.get(def.name) ?? {};
    if (!runsInScoreSet(def, tflags, scoreSet)) continue;
    const rule = compileOne(def, score, tflags, priorities.get(def.name) ?? 0, diagnostics, conf);
    if (rule) byName.set(def.name, rule);
  }
  const metas = orderMetas([...byName.values()].filter((r): r is MetaRule => r.kind === 'meta'), diagnostics);
  const buckets = bucketize(byName);
  // Literal ids first: the RE2 sets are gated by them.
  const literalIndex = {
    body: new TextLiteralIndex(buckets.flatMap((b) => b.body)),
    rawbody: new TextLiteralIndex(buckets.flatMap((b) => b.rawbody)),
    uri: new TextLiteralIndex(buckets.flatMap((b) => b.uri)),
  };
  const regexSets = {
    body: RegexSet.build(buckets.flatMap((b) => b.body)),
    rawbody: RegexSet.build(buckets.flatMap((b) => b.rawbody)),
    uri: RegexSet.build(buckets.flatMap((b) => b.uri)),
  };
  const headerRules = buckets.flatMap((b) => b.header.filter((r): r is HeaderRegexRule | ExistsRule => r.kind !== 'mimeheader'));
  const headerLiteralIndex = new HeaderLiteralIndex(headerRules);
  return { ruleSet: { scoreSet, buckets, metas, byName, definedMetas, literalIndex, regexSets, headerLiteralIndex }, diagnostics };
}

/** SpamAssassin skips net evals without network and learn (Bayes) evals without Bayes. */
function runsInScoreSet(def: RuleDef, tflags: TFlags, scoreSet: number): boolean {
  if (def.test.kind !== 'eval') return true;
  if (tflags.net && (scoreSet & 1) === 0) return false;
  if (tflags.learn && (scoreSet & 2) === 0) return false;
  return true;
}

function compileOne(
  def: RuleDef,
  score: number,
  tflags: TFlags,
  priority: number,
  diagnostics: ConfigDiagnostic[],
  conf: EngineConfig,
): CompiledRule | undefined {
  const maxHits = typeof tflags.maxhits === 'number' ? tflags.maxhits : Number(tflags.maxhits ?? 0) || 0;
  // Each kind is one object literal with every field written out, never a spread of a shared base: spread
  // objects got a hidden class each (760 for 780 header rules), and the loops over them went megamorphic.
  const name = def.name;
  const ordinal = ruleOrdinal(name);
  const type = def.type;
  const multiple = tflags.multiple !== undefined;
  const fail = (message: string): undefined => {
    diagnostics.push({ level: 'error', file: def.pos.file, line: def.pos.line, message: `rule ${def.name}: ${message}` });
    return undefined;
  };
  const test = def.test;
  switch (test.kind) {
    case 'match': {
      const pattern = buildPattern(test.pattern, test.flags);
      if ('error' in pattern) return fail(pattern.error);
      if (def.type === 'mimeheader') {
        const [header, ...mods] = test.header.split(':');
        const raw = mods.includes('raw');
        return { kind: 'mimeheader', name, ordinal, type, priority, score, tflags, multiple, maxHits, header: header ?? '', raw, positive: test.positive, pattern };
      }
      const { header, positive, ifUnset } = test;
      return { kind: 'header', name, ordinal, type, priority, score, tflags, multiple, maxHits, header, positive, ifUnset, pattern, literalIds: undefined, slot: -1 };
    }
    case 'exists':
      return { kind: 'exists', name, ordinal, type, priority, score, tflags, multiple, maxHits, header: test.header, slot: -1 };
    case 'regex': {
      const pattern = buildPattern(test.pattern, test.flags);
      if ('error' in pattern) return fail(pattern.error);
      const noSubject = tflags.nosubject !== undefined;
      return { kind: 'text', name, ordinal, type, priority, score, tflags, multiple, maxHits, pattern, noSubject, literalIds: undefined, setMember: undefined, setExact: undefined };
    }
    case 'eval': {
      const evalDef = evalRegistry.get(test.fn);
      // An eval exists only while its plugin is loaded: SpamAssassin skips a rule calling another plugin's eval.
      if (!evalDef || !conf.plugins.has(PLUGIN_PREFIX + evalDef.plugin)) return fail(`unknown eval '${test.fn}'`);
      const usedAs = evalTypeOf(def.type);
      if (usedAs && !evalDef.types.includes(usedAs) && !(usedAs === 'rawbody' && evalDef.types.includes('body'))) {
        return fail(`eval '${test.fn}' cannot be used as a ${def.type} rule`);
      }
      return evalRule(name, ordinal, type, priority, score, tflags, multiple, maxHits, test.fn, evalDef, test.args);
    }
    case 'meta': {
      const compiled = compileMeta(test.expression);
      if (!compiled.ok) return fail(compiled.error);
      const { deps, evaluate } = compiled.meta;
      return { kind: 'meta', name, ordinal, type, priority, score, tflags, multiple, maxHits, deps, evaluate };
    }
    case 'uriDetail': {
      // URIDetail rules are conjunctions of per-URI criteria; they run with the body evals.
      let conditions: UriDetailCondition[];
      try {
        conditions = uriDetailConditions(test.criteria);
      } catch (err) {
        return fail((err as Error).message);
      }
      const def = { fn: (ctx: ScanContext) => matchUriDetail(ctx, conditions), plugin: 'URIDetail', types: ['uri'] as const };
      return evalRule(name, ordinal, type, priority, score, tflags, multiple, maxHits, 'uri_detail', def, []);
    }
    case 'empty':
      // askdns rules have no test of their own: they run as a network eval among the header evals (network only).
      if (!conf.hashes.get('askdns')?.has(def.name)) return undefined;
      return evalRule(name, ordinal, 'header', priority, score, tflags, multiple, maxHits, 'askdns', askdnsEval, []);
    default:
      return undefined;
  }
}

/** Eval rules come from three places; one literal keeps them one shape. */
function evalRule(
  name: string,
  ordinal: number,
  type: RuleType,
  priority: number,
  score: number,
  tflags: TFlags,
  multiple: boolean,
  maxHits: number,
  fn: string,
  def: EvalDefinition,
  args: string[],
): EvalRule {
  return { kind: 'eval', name, ordinal, type, priority, score, tflags, multiple, maxHits, fn, def, args };
}

function evalTypeOf(type: string): EvalRuleType | undefined {
  if (type === 'header' || type === 'body' || type === 'rawbody' || type === 'full' || type === 'uri') return type;
  return undefined;
}

const BUCKET_OF: Record<string, keyof Omit<PriorityBucket, 'priority'>> = {
  header: 'header',
  mimeheader: 'header',
  body: 'body',
  uri: 'uri',
  rawbody: 'rawbody',
  full: 'full',
};

const EVAL_BUCKET_OF: Record<string, keyof Omit<PriorityBucket, 'priority'>> = {
  uri_detail: 'bodyEval',
  header: 'headerEval',
  body: 'bodyEval',
  uri: 'bodyEval',
  rawbody: 'rawbodyEval',
  full: 'fullEval',
};

function bucketize(rules: Map<string, CompiledRule>): PriorityBucket[] {
  const buckets = new Map<number, PriorityBucket>();
  for (const rule of rules.values()) {
    if (rule.kind === 'meta') continue;
    let bucket = buckets.get(rule.priority);
    if (!bucket) {
      bucket = emptyBucket(rule.priority);
      buckets.set(rule.priority, bucket);
    }
    const key = rule.kind === 'eval' ? EVAL_BUCKET_OF[rule.type] : BUCKET_OF[rule.type];
    if (key) (bucket[key] as CompiledRule[]).push(rule);
  }
  return [...buckets.values()].sort((a, b) => a.priority - b.priority);
}

function emptyBucket(priority: number): PriorityBucket {
  return { priority, header: [], headerEval: [], body: [], uri: [], bodyEval: [], rawbody: [], rawbodyEval: [], full: [], fullEval: [] };
}
