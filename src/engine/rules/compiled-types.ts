/**
 * The rule set after compilation for one score set: regexes built once,
 * scores resolved, rules bucketed by priority, metas turned into closures.
 */
import type { RuleType, TFlags } from '../config/types.js';
import type { EvalDefinition } from '../scan/context-types.js';
import type { HeaderLiteralIndex, TextLiteralIndex } from './literal-index.js';
import type { RegexSet } from './regex-set.js';

interface RuleBase {
  name: string;
  /** The name's number in this thread (running-rule.ts), published as the rule starts. */
  ordinal: number;
  type: RuleType;
  priority: number;
  /** Score in the compiled score set (never 0: zero-score rules are not compiled). */
  score: number;
  tflags: TFlags;
  /** `tflags multiple`: count every match. */
  multiple: boolean;
  /** `maxhits=N` cap for multiple rules (0 = none). */
  maxHits: number;
}

/** A regex with `%{TAG}` capture templates is compiled per scan once the tag is known. */
export interface PatternSource {
  regex: RegExp | undefined;
  /** Perl source and flags, kept when the regex must be rebuilt with tag values. */
  perl: { pattern: string; flags: string };
  /** Tag names referenced as `%{NAME}`. */
  templateTags: string[];
  /** Named groups that become tags on a hit. */
  captureNames: string[];
  /**
   * Prefilter: one of these must occur in any subject the regex matches
   * (lower-cased when `literalsFolded`); null when none could be derived.
   */
  literals: string[] | null;
  literalsFolded: boolean;
  /** For large literal sets: one alternation that finds any of them in a single pass. */
  literalRe?: RegExp;
  /** Template patterns: the regex built for each substituted source seen (undefined when it does not compile). */
  instances?: Map<string, RegExp | undefined>;
  /** Template patterns: every match passes through a `%{TAG}` (its values must occur in the subject). */
  templateRequired: boolean;
  /** The fewest bytes a match consumes (0 for templates): shorter subjects are not tried. */
  minLength: number;
  /**
   * Without literals: bytes every match contains, all of which the subject
   * must hold (Perl's own check before matching; it keeps V8 from
   * backtracking over a subject that cannot match).
   */
  guard: string[] | undefined;
}

export interface HeaderRegexRule extends RuleBase {
  kind: 'header';
  header: string;
  positive: boolean;
  ifUnset: string | undefined;
  pattern: PatternSource;
  /** The rule's literals in the HeaderLiteralIndex of its header (unset: no prefilter). */
  literalIds?: Int32Array;
  /** Its header spec's number in the HeaderLiteralIndex. */
  slot: number;
}

export interface ExistsRule extends RuleBase {
  kind: 'exists';
  header: string;
  /** Its header spec's number in the HeaderLiteralIndex. */
  slot: number;
}

export interface TextRegexRule extends RuleBase {
  kind: 'text';
  /** body, rawbody, uri or full. */
  pattern: PatternSource;
  noSubject: boolean;
  /** The rule's literals in its type's TextLiteralIndex (unset: no prefilter, every line is tried). */
  literalIds?: Int32Array;
  /** The rule's member number in its type's RegexSet (then the set's lines replace the literal prefilter's). */
  setMember?: number;
  /** Whether the set's answer is the rule's; else the set is a gate and the RegExp runs on the lines it names. */
  setExact?: boolean;
}

export interface MimeHeaderRule extends RuleBase {
  kind: 'mimeheader';
  header: string;
  raw: boolean;
  positive: boolean;
  pattern: PatternSource;
}

export interface EvalRule extends RuleBase {
  kind: 'eval';
  fn: string;
  def: EvalDefinition;
  args: string[];
}

export interface MetaRule extends RuleBase {
  kind: 'meta';
  /** Every rule name the expression reads. */
  deps: string[];
  evaluate: (value: (name: string) => number) => number;
}

export type CompiledRule = HeaderRegexRule | ExistsRule | TextRegexRule | MimeHeaderRule | EvalRule | MetaRule;

/** Rules of one priority, in SpamAssassin's fixed type order. */
export interface PriorityBucket {
  priority: number;
  header: (HeaderRegexRule | ExistsRule | MimeHeaderRule)[];
  headerEval: EvalRule[];
  body: TextRegexRule[];
  uri: TextRegexRule[];
  bodyEval: EvalRule[];
  rawbody: TextRegexRule[];
  rawbodyEval: EvalRule[];
  full: TextRegexRule[];
  fullEval: EvalRule[];
}

export interface CompiledRuleSet {
  scoreSet: number;
  buckets: PriorityBucket[];
  /** Metas in dependency order (dependencies first). */
  metas: MetaRule[];
  /** Every compiled rule by name. */
  byName: Map<string, CompiledRule>;
  /** Names of all rules the config defines (compiled or not), for meta readiness. */
  definedMetas: Set<string>;
  /** The literal prefilter of each line-based text type. */
  literalIndex: Record<'body' | 'rawbody' | 'uri', TextLiteralIndex>;
  /** The RE2 sets of each line-based text type (undefined without the RE2 binding). */
  regexSets: Record<'body' | 'rawbody' | 'uri', RegexSet | undefined>;
  headerLiteralIndex: HeaderLiteralIndex;
}
