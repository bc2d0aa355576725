/**
 * What a rule or an eval function sees of one message being scanned: the
 * counterpart of SpamAssassin's PerMsgStatus, reduced to read accessors
 * (memoised by the implementation) plus the hit table.
 */
import type { EngineConfig } from '../config/types.js';
import type { RelayAnalysis, RenderedBody, UriDetail } from '../message/analysis-types.js';
import type { Octets, ParsedMessage } from '../message/types.js';
import type { NetLookups } from '../net/dns-types.js';
import type { TFlags } from '../config/types.js';

export interface ScanContext {
  readonly conf: EngineConfig;
  readonly msg: ParsedMessage;
  /** 0..3: (network ? 1 : 0) + (bayes ? 2 : 0). */
  readonly scoreSet: number;
  /** The time the scan started (date checks compare against it). */
  readonly now: Date;

  /**
   * `$pms->get(spec)` in list context: one element per value. Plain headers
   * end in "\n"; `:addr`/`:name`/… results do not. `[]` when absent.
   */
  headerList(spec: string): Octets[];
  /**
   * The string a `header` rule matches: the list joined as SpamAssassin joins
   * it, or undefined when the header is absent.
   */
  headerForRule(spec: string): Octets | undefined;
  /**
   * Legacy scalar `$pms->get(spec)`: first element without its trailing
   * newline for address-like modifiers and EnvelopeFrom, else the joined
   * text; '' when absent.
   */
  header(spec: string): Octets;

  /** Rendered text arrays and HTML results (memoised). */
  rendered(): RenderedBody;
  /**
   * Replaces line `index` of the body-rule array (`rendered().body`) in place:
   * what SpamAssassin's FreeMail plugin does to it (see freemail.ts). Every
   * body rule and eval after the call reads the new text.
   */
  rewriteBodyLine(index: number, text: Octets): void;
  /** Relay analysis (memoised; computed before any rule runs). */
  relays(): RelayAnalysis;
  /** URI details keyed by the URI as found (memoised). */
  uriDetails(): Map<string, UriDetail>;
  /** The cleaned URI list `uri` rules match (memoised). */
  uriList(): string[];
  /**
   * The URI list a fresh look at the message gives, which is what
   * SpamAssassin's learner (auto-learn included) tokenizes: parsed again from
   * the body text, after any rewrite a rule made (FreeMail), and without the
   * links plugins added at parse time (PDFInfo's parsed_metadata does not run
   * for a learn); uriList() itself when neither applies.
   */
  uriListForLearning(): string[];
  /** The whole pristine message as octets, for `full` rules. */
  fullText(): Octets;

  /** Hit value of a rule so far (0 when not hit or not run). */
  hitValue(name: string): number;
  /**
   * Notes a detail for the report line of the rule being evaluated (PerMsgStatus
   * `test_log`, e.g. the freemail address that made FREEMAIL_FROM hit); shown
   * only if that rule hits.
   */
  testLog(message: string): void;
  /** Set a template tag from an eval (e.g. a captured value). */
  setTag(name: string, value: string): void;
  /** A value a plugin put into the message's metadata (Message::put_metadata, such as ASN's X-ASN). */
  pluginMetadata(name: string): Octets | undefined;
  getTag(name: string): string | undefined;
  /** Memo shared by eval functions of one message (plugin scratch space). */
  readonly scratch: Map<string, unknown>;
}

/** Types an eval may be declared for (body evals may also serve rawbody). */
export type EvalRuleType = 'header' | 'body' | 'rawbody' | 'full' | 'uri';

/**
 * An eval function. `text` is the array the rule type sees (body/rawbody
 * arrays, or the full text as one element) for non-header evals. Returns a
 * truthy value or a positive count on a hit.
 */
export type EvalFn = (ctx: ScanContext, args: readonly string[], text?: readonly Octets[]) => number | boolean;

export interface EvalDefinition {
  fn: EvalFn;
  /** The SpamAssassin plugin that implements it, e.g. `HeaderEval`. */
  plugin: string;
  /** Rule types it may be used with. */
  types: readonly EvalRuleType[];
  /** Needs network access: registered as known, never fires while local. */
  network?: boolean;
  /** How a network eval runs when network tests are on (absent: it never fires). */
  net?: NetworkEval;
}

/** The rule a network eval serves. */
export interface NetEvalRule {
  name: string;
  args: readonly string[];
  tflags: TFlags;
}

/**
 * A network eval in two steps, so every query of a message is in flight
 * before any rule runs: `launch` starts the lookups (right after parsing),
 * `result` reads the answers once they are joined.
 */
export interface NetworkEval {
  launch(ctx: ScanContext, rule: NetEvalRule, net: NetLookups): void;
  result(ctx: ScanContext, rule: NetEvalRule): number | boolean;
}
