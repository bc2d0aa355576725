/**
 * The per-message state every rule and eval reads: the ScanContext
 * implementation. Every analysis (relays, rendered text, URIs) is computed on
 * first use and kept, so a message whose rules never ask for HTML never
 * renders it.
 */
import type { EngineConfig } from '../config/types.js';
import type { RelayAnalysis, RenderedBody, UriDetail } from '../message/analysis-types.js';
import { renderBody } from '../message/body-text.js';
import { HeaderAccessor } from '../message/header-access.js';
import { analyzeRelays } from '../message/received/analyze.js';
import type { Octets, ParsedMessage } from '../message/types.js';
import { uriList } from '../message/uris/extract.js';
import { messageUris } from '../message/uris/message-uris.js';
import type { Haystack } from '../rules/haystack.js';
import type { StagedMetas } from '../rules/staged-metas.js';
import type { ScanContext } from './context-types.js';
import { HitTable } from './hit-table.js';
import { publishRunningRule } from './running-rule.js';
import type { ShortcircuitOutcome } from './shortcircuit.js';

export class ScanState implements ScanContext {
  readonly hits = new HitTable();
  readonly scratch = new Map<string, unknown>();
  /** The text rules' haystacks by text array (rules/haystack.ts). */
  readonly haystacks = new Map<readonly string[], Haystack>();
  readonly tags = new Map<string, string>();
  /** Metadata plugins record (Message::put_metadata, such as TextCat's X-Languages) by lower-cased name. */
  private readonly pluginMetadataByName = new Map<string, Octets>();
  /** test_log details by rule name, in the order given (the report prints them under the rule's line). */
  readonly testLogs = new Map<string, string[]>();
  private runningRule = '';
  deadlineExceeded = false;
  /** The priority whose rules are running (Infinity once past the priorities: network answers, the final metas). */
  priority = -Infinity;
  /** Set when a hit shortcircuited the scan (scan/shortcircuit.ts): no further rule runs. */
  shortcircuit: ShortcircuitOutcome | undefined = undefined;
  /** The metas evaluated so far, when they run priority by priority (a shortcircuit can end the scan). */
  stagedMetas: StagedMetas | undefined = undefined;
  /** Links plugins found outside the body when the message was parsed (PDFInfo): they join the URI list. */
  pluginUris: readonly string[] = [];
  /** Items plugins add to spamd's result log line (`shortcircuit=no`). */
  readonly resultLogItems: string[] = [];
  /** The problems of the per-user preferences this scan applied (Verdict.configProblems). */
  configProblems: string[] = [];
  /** Eval functions that threw: counted, logged, the rule treated as a miss. */
  readonly ruleErrors: { rule: string; error: string }[] = [];
  private relayCache: RelayAnalysis | undefined;
  private accessorCache: HeaderAccessor | undefined;
  private renderedCache: RenderedBody | undefined;
  private uriCache: Map<string, UriDetail> | undefined;
  private uriListCache: string[] | undefined;
  /** Set once rewriteBodyLine changed a line (FreeMail): a fresh URI parse would then differ from the scan's. */
  private bodyRewritten = false;
  private fullCache: Octets | undefined;

  /** The rule being evaluated, for logs when a scan runs past its budget (published to a watchdog when one listens). */
  get currentRule(): string {
    return this.runningRule;
  }

  testLog(message: string): void {
    if (this.runningRule !== '') this.testLogFor(this.runningRule, message);
  }

  /** A line for a named rule's report entry (SpamAssassin's test_log with a rule name). */
  testLogFor(rule: string, message: string): void {
    const list = this.testLogs.get(rule);
    if (list) list.push(message);
    else this.testLogs.set(rule, [message]);
  }

  /** Marks the rule as the one being evaluated (its ordinal is published to a watchdog when one listens). */
  enterRule(rule: { name: string; ordinal: number }): void {
    this.runningRule = rule.name;
    publishRunningRule(rule.ordinal);
  }

  constructor(
    readonly conf: EngineConfig,
    readonly msg: ParsedMessage,
    readonly scoreSet: number,
    readonly now: Date,
  ) {}

  relays(): RelayAnalysis {
    this.relayCache ??= analyzeRelays(this.msg, this.conf);
    return this.relayCache;
  }

  private accessor(): HeaderAccessor {
    if (!this.accessorCache) {
      const relays = this.relays();
      const metadata = relayMetadata(relays);
      const plugins = this.pluginMetadataByName;
      this.accessorCache = new HeaderAccessor(this.msg, {
        metadata: (name) => metadata.get(name) ?? valueList(plugins.get(name)),
        lastTrustedRelayIndex: relays.lastTrustedRelayIndex,
        lastInternalRelayIndex: relays.lastInternalRelayIndex,
        conf: this.conf,
        dropSpamHeaders: true,
      });
    }
    return this.accessorCache;
  }

  headerList(spec: string): Octets[] {
    return this.accessor().list(spec);
  }

  headerForRule(spec: string): Octets | undefined {
    return this.accessor().forRule(spec);
  }

  header(spec: string): Octets {
    return this.accessor().scalar(spec);
  }

  rendered(): RenderedBody {
    this.renderedCache ??= renderBody(this.msg, {
      normalizeCharset: this.conf.normalizeCharset,
      bodyPartScanSize: this.conf.bodyPartScanSize,
      rawbodyPartScanSize: this.conf.rawbodyPartScanSize,
      // SpamAssassin's body text starts with the last Subject field, decoded.
      subject: this.accessor().lastDecoded('Subject') ?? '\n',
    });
    return this.renderedCache;
  }

  rewriteBodyLine(index: number, text: Octets): void {
    const rendered = this.rendered();
    const body = rendered.body;
    if (index < 0 || index >= body.length || body[index] === text) return;
    // Bayes' visible text is SpamAssassin's separate array, which the rewrite leaves alone; built lazily
    // (as a copy of the body array when nothing is hidden), so it has to exist before the body changes.
    void rendered.visible;
    body[index] = text;
    this.bodyRewritten = true;
    // The body's literal prefilter and set answers describe the old text: the next body rule builds them again.
    this.haystacks.delete(body);
  }

  uriDetails(): Map<string, UriDetail> {
    this.uriCache ??= messageUris(this.rendered(), this.conf, this.pluginUris);
    return this.uriCache;
  }

  uriList(): string[] {
    this.uriListCache ??= uriList(this.uriDetails());
    return this.uriListCache;
  }

  uriListForLearning(): string[] {
    return this.bodyRewritten || this.pluginUris.length > 0 ? uriList(messageUris(this.rendered(), this.conf)) : this.uriList();
  }

  fullText(): Octets {
    this.fullCache ??= this.msg.pristine.toString('latin1');
    return this.fullCache;
  }

  hitValue(name: string): number {
    return this.hits.value(name);
  }

  /** What header rules then read under that name when the message has no such header. */
  putMetadata(name: string, value: Octets): void {
    this.pluginMetadataByName.set(name.toLowerCase(), value);
  }

  pluginMetadata(name: string): Octets | undefined {
    return this.pluginMetadataByName.get(name.toLowerCase());
  }

  setTag(name: string, value: string): void {
    this.tags.set(name.toUpperCase(), value);
  }

  getTag(name: string): string | undefined {
    return this.tags.get(name.toUpperCase());
  }
}

function valueList(value: Octets | undefined): Octets[] | undefined {
  return value === undefined ? undefined : [value];
}

/** The pseudo-headers SpamAssassin stores as message metadata after relay analysis. */
function relayMetadata(relays: RelayAnalysis): Map<string, Octets[]> {
  const meta = new Map<string, Octets[]>([
    ['x-spam-relays-trusted', [relays.relaysTrustedStr]],
    ['x-spam-relays-untrusted', [relays.relaysUntrustedStr]],
    ['x-spam-relays-internal', [relays.relaysInternalStr]],
    ['x-spam-relays-external', [relays.relaysExternalStr]],
  ]);
  if (relays.envelopeFrom !== undefined) meta.set('envelopefrom', [relays.envelopeFrom]);
  return meta;
}
