/**
 * The engine facade: load configuration once, compile the rules once, scan
 * many messages. Per-user preferences get their own compiled rule set, kept
 * in a small cache keyed by the preference text.
 */
import { readFileSync } from 'node:fs';
import { SpamwardError } from '../util/errors.js';
import type { Engine, LearnResult, ScanOptions, Verdict } from './api-types.js';
import { diagnosticText } from './config/diagnostic-line.js';
import { applyUserPrefs } from './config/user-prefs.js';
import type { ConfigDiagnostic, EngineConfig } from './config/types.js';
import type { EngineOptions } from './engine-options.js';
import { loadEngineConfig } from './engine-config.js';
import { parseMessage } from './message/parse.js';
import type { CompiledRuleSet } from './rules/compiled-types.js';
import { compileRules } from './rules/compile.js';
import { evaluateRules, finalMetas, runBayesRules } from './rules/evaluate.js';
import { DnsBlockRules } from './storage/dns-block-files.js';
import { LAUNCH_PRIORITY, launchNetworkRules, networkRules, runNetworkRules } from './rules/network-phase.js';
import { NetworkRuntime } from './net/network-runtime.js';
import type { QuerySession } from './net/query-session.js';
import { joinAsnLookups, launchAsnLookups, wantsAsnLookups } from './evals/net/asn-lookup.js';
import { asnFromGeoDb } from './evals/net/asn-geodb.js';
import { mailauthModules } from './evals/net/mailauth-modules.js';
import { autoLearnWithoutStore } from './bayes/autolearn.js';
import { autoLearnInput } from './scan/autolearn-status.js';
import { attachClassifier } from './bayes/classifier.js';
import { learnRawOutcome } from './bayes/learn-raw.js';
import { awlSettings } from './reputation/awl.js';
import { attachAwl, AwlTracker, awlUpdateOf, finishAwl } from './reputation/awl-scan.js';
import { txrepLearn, txrepLearnFacts } from './reputation/txrep-learn.js';
import { attachTxRep, finishTxRep, finishTxRepSync, txrepAutoLearn, TxRepTracker } from './reputation/txrep-scan.js';
import { txrepActive, txrepSettings } from './reputation/txrep-settings.js';
import { learnContext } from './bayes/learn-prep.js';
import { buildVerdict, type VerdictContext } from './scan/build-verdict.js';
import { type OpenedStores, openStores } from './storage/open-stores.js';
import { ScanState } from './scan/scan-state.js';
import { loadSqlPrefs, sqlPrefsSettings } from './storage/sql-user-prefs.js';
import { parsedMetadata } from './evals/parsed-metadata.js';
import { extractRelayCountries } from './evals/relay-country.js';
import { armShortcircuit, shortcircuitArmed, shortcircuitTags } from './scan/shortcircuit.js';
import { withoutSpamMarkup } from './scan/strip-markup.js';
import { markupSettingsOf, removeMarkup } from './report/remove-markup.js';
import { engineLanguageModels } from './textcat/engine-models.js';
import type { LanguageModels } from './textcat/language-models.js';
import { extractLanguages } from './textcat/message-languages.js';

export { BUNDLED_RULES_DIR, loadEngineConfig } from './engine-config.js';

const USER_CACHE_SIZE = 64;
const DEFAULT_TIME_LIMIT_MS = 300_000;

interface LoadedRules {
  conf: EngineConfig;
  ruleSet: CompiledRuleSet;
  diagnostics: ConfigDiagnostic[];
  files: string[];
  /** The rule set compiled per score set, as they are needed. */
  bySet: Map<number, CompiledRuleSet>;
  /** For per-user rules: the problems their preferences added to the site's (as `FILE:LINE: message`). */
  ownProblems: string[];
}

/** Score set bits: network tests on (bit 0), Bayes usable (bit 1). */
const NET_BIT = 1;
const BAYES_BIT = 2;

export class SpamwardEngine implements Engine {
  private rules: LoadedRules;
  private readonly userCache = new Map<string, LoadedRules>();
  private stores: OpenedStores | undefined;
  /** Why Bayes is not available, when it is not. */
  private storeProblem: string | undefined;
  /** Once Bayes has enough learned messages the Bayes score set stays on, as in SpamAssassin. */
  private bayesUsable = false;
  /** Sender reputation (AWL), when its plugin is loaded. */
  private awl: AwlTracker | undefined;
  /** Sender reputation (TxRep), when its plugin is loaded and use_txrep is on. */
  private txrep: TxRepTracker | undefined;
  /** DNS for the network tests; absent with -L (localTestsOnly). */
  private net: NetworkRuntime | undefined;
  /** dns_block_rule: the blocks a blocklist's answer set, kept as files in the data folder. */
  private dnsBlocks: DnsBlockRules | undefined;
  /** TextCat's language models, read once per engine when the plugin is loaded. */
  private languageModels: LanguageModels | undefined;

  constructor(private readonly options: EngineOptions) {
    this.rules = loadRules(options);
    this.languageModels = this.loadLanguageModels();
    this.net = this.networkRuntime();
    // Network tests will want SPF/DKIM: load mailauth now rather than on the first message's clock.
    if (this.net) mailauthModules().catch(() => undefined);
    this.openBayes();
  }

  /** Whether scans run network tests (dns_available, a resolver, not -L); a `test` probe may still turn them off. */
  get networkTests(): boolean {
    return this.net?.configured() ?? false;
  }

  /** Open the LMDB stores; a store that cannot open leaves scanning working without Bayes. */
  private openBayes(): void {
    const wantsAwl = awlSettings(this.rules.conf).enabled;
    const txrep = txrepSettings(this.rules.conf);
    const wantsTxRep = txrepActive(txrep);
    // SpamAssassin warns on every message; once, at start-up, says the same.
    if (txrep.enabled && txrep.refusedForAwl) (this.options.log ?? defaultLog)('warn', 'TxRep: cannot run when Auto-Welcomelist is enabled, please disable it (use_auto_welcomelist 0)');
    if (!this.rules.conf.useBayes && !wantsAwl && !wantsTxRep) {
      this.storeProblem = 'Bayes is disabled (use_bayes 0)';
      return;
    }
    try {
      const log = this.options.log ?? defaultLog;
      this.stores = openStores(this.options.dataDir ?? 'data', this.rules.conf, { onStoreState: (up, message) => log(up ? 'info' : 'warn', message) });
      this.storeProblem = this.rules.conf.useBayes ? undefined : 'Bayes is disabled (use_bayes 0)';
      // AWL reads its entries while the (synchronous) rules run: a shared (Redis) store is read before them, in scan().
      if (wantsAwl) this.awl = new AwlTracker(this.stores.reputation, this.stores.env === undefined);
      if (wantsTxRep) this.txrep = new TxRepTracker(this.stores.reputation, this.stores.env === undefined);
    } catch (err) {
      this.storeProblem = `Bayes store unavailable: ${(err as Error).message}`;
      this.rules.diagnostics.push({ level: 'warning', file: '', line: 0, message: this.storeProblem });
    }
  }

  /** Resolves when the stores are open (a shared store's first connection attempt is over, whatever its outcome). */
  async ready(): Promise<void> {
    await this.stores?.ready();
  }

  /** Problems with the Bayes store, for logs (undefined when it works or is off by config). */
  get bayesProblem(): string | undefined {
    return this.stores ? undefined : this.storeProblem;
  }

  /** Configuration problems found while loading (what `spamward lint` prints). */
  get diagnostics(): ConfigDiagnostic[] {
    return this.rules.diagnostics;
  }

  get config(): EngineConfig {
    return this.rules.conf;
  }

  /** The message as it was before SpamAssassin or Spamward marked it up (`spamassassin -d`). */
  removeMarkup(message: Buffer): Buffer {
    return removeMarkup(parseMessage(message), markupSettingsOf(this.rules.conf));
  }

  get files(): string[] {
    return this.rules.files;
  }

  /** Scan and auto-learn; the verdict's autolearn status reflects the learn that happened. */
  async scan(message: Buffer, scanOptions: ScanOptions = {}): Promise<Verdict> {
    const options = scanOptions.sqlPrefsUser === undefined ? scanOptions : await this.withSqlPrefs(scanOptions, scanOptions.sqlPrefsUser);
    const useNet = !options.localTestsOnly && this.net !== undefined && (await this.net.available());
    const classifier = this.stores?.classifier;
    // A shared store cannot be read while the (synchronous) rules run: read what Bayes needs first, in one round trip.
    const refreshed = classifier?.remote === true && !this.bayesUsable;
    if (refreshed) await classifier?.refresh();
    const started = this.startRun(message, options, useNet);
    // The Bayes tokens and the AWL entries of a shared store are asked for together, before the rules: the
    // local rules run while the answer travels, and only the Bayes evals (and what reads them) wait for it.
    const sharedReads = Promise.all([
      classifier?.remote ? classifier.prefetch(started.state, { countersFresh: refreshed }) : undefined,
      this.awl?.remote ? this.awl.prefetch(started.state) : undefined,
    ]);
    // Should the rules throw before the reads are awaited, a failed read must not become an unhandled rejection.
    sharedReads.catch(() => undefined);
    const bayesLater = classifier?.remote === true;
    const run = useNet
      ? await this.finishWithNetwork(started, options, sharedReads, bayesLater)
      : await this.finishAfterSharedReads(started, options, sharedReads, bayesLater);
    // TXREP (priority 1000, like AWL) reads and updates its store in one transaction, before the auto-learn weighs the score.
    await finishTxRep(run.state);
    const autolearnText = this.notLearning(run.state, options) ?? (await classifier?.autoLearn(run.state, autoLearnInput(run.state)));
    if (this.txrep && autolearnText !== undefined && /^(?:spam|ham)\b/.test(autolearnText)) {
      await txrepAutoLearn(run.state, this.txrep, autolearnText.startsWith('spam') ? 'spam' : 'ham');
    }
    // The next scan from the same sender sees this one's reputation.
    await awlUpdateOf(run.state);
    shortcircuitTags(run.state);
    return buildVerdict(run.state, { ...run.vc, autolearnText });
  }

  /** The options with the user's SQL preferences added after their user_prefs file (Conf::SQL's load_scoreonly_sql). */
  private async withSqlPrefs(options: ScanOptions, user: string): Promise<ScanOptions> {
    const settings = sqlPrefsSettings(this.rules.conf);
    if (settings === undefined || this.options.noUserConfig) return options;
    let text: string;
    try {
      text = await loadSqlPrefs(settings, user);
    } catch (err) {
      throw new SpamwardError('ERR_USER_PREFS', `failed to load user (${user}) scores from SQL database: ${(err as Error).message}`, { cause: err });
    }
    if (text === '') return options;
    const before = userPrefsSource(options)?.text ?? '';
    return { ...options, userPrefsText: `${before}${before === '' || before.endsWith('\n') ? '' : '\n'}${text}` };
  }

  /** Synchronous scan (benchmarks, workers): the auto-learn decision is taken now, its write finishes in the background. */
  scanSync(message: Buffer, options: ScanOptions = {}): Verdict {
    const run = this.finishRun(this.startRun(message, options, false), options);
    const classifier = this.stores?.classifier;
    // The decision is taken now; its write finishes in the background.
    const autolearnText = this.notLearning(run.state, options) ?? classifier?.startAutoLearn(run.state, autoLearnInput(run.state)).assumed;
    shortcircuitTags(run.state);
    return buildVerdict(run.state, { ...run.vc, autolearnText });
  }

  /**
   * The `_AUTOLEARN_` text of a scan that has no classifier to learn with: the
   * caller turned learning off, or no Bayes store could be opened (the decision
   * is still taken, as SpamAssassin's wording depends on it). Undefined when
   * the classifier decides.
   */
  private notLearning(state: ScanState, options: ScanOptions): string | undefined {
    if (options.autoLearn === false || state.shortcircuit) return 'disabled';
    if (this.stores) return undefined;
    return autoLearnWithoutStore({ ...autoLearnInput(state), conf: state.conf });
  }

  /** Parse and set up the scan; `network` picks the score sets with network tests. */
  private startRun(message: Buffer, options: ScanOptions, network: boolean): StartedRun {
    const startedAt = Date.now();
    const rules = this.rulesFor(options);
    const ruleSet = this.ruleSetFor(rules, network);
    const msg = withoutSpamMarkup(parseMessage(message));
    const state = new ScanState(rules.conf, msg, ruleSet.scoreSet, new Date(startedAt));
    state.configProblems = rules.ownProblems;
    extractRelayCountries(state);
    asnFromGeoDb(state);
    if (this.languageModels) extractLanguages(state, this.languageModels);
    state.pluginUris = parsedMetadata(state);
    if (this.stores) attachClassifier(state, this.stores.classifier);
    if (this.awl) attachAwl(state, this.awl);
    if (this.txrep) attachTxRep(state, this.txrep);
    armShortcircuit(state);
    return { state, ruleSet, startedAt };
  }

  private loadLanguageModels(): LanguageModels | undefined {
    const log = this.options.log ?? defaultLog;
    return engineLanguageModels(this.rules.conf, this.options, (message) => log('warn', message));
  }

  private verdictContext(startedAt: number, options: ScanOptions): VerdictContext {
    return { startedAt, ...pick(options) };
  }

  /** A scan without network tests (scanSync, -L, DNS unavailable): local score sets. */
  private finishRun(run: StartedRun, options: ScanOptions): { state: ScanState; vc: VerdictContext } {
    const { state, ruleSet, startedAt } = run;
    evaluateRules(state, ruleSet, startedAt + (options.timeoutMs ?? DEFAULT_TIME_LIMIT_MS));
    finishAwl(state);
    finishTxRepSync(state);
    return { state, vc: this.verdictContext(startedAt, options) };
  }

  /** A scan without network tests whose shared-store reads are in flight: local rules first, then Bayes, the metas and AWL. */
  private async finishAfterSharedReads(run: StartedRun, options: ScanOptions, sharedReads: Promise<unknown>, bayesLater: boolean): Promise<{ state: ScanState; vc: VerdictContext }> {
    const { state, ruleSet, startedAt } = run;
    // A shortcircuit may end the scan at any priority, so Bayes cannot be left for later: wait for the store first.
    const deferBayes = bayesLater && !shortcircuitArmed(state.conf);
    if (!deferBayes) await sharedReads;
    evaluateRules(state, ruleSet, startedAt + (options.timeoutMs ?? DEFAULT_TIME_LIMIT_MS), { bayes: deferBayes });
    await sharedReads;
    if (deferBayes) {
      runBayesRules(state);
      finalMetas(state, ruleSet);
    }
    finishAwl(state);
    return { state, vc: this.verdictContext(startedAt, options) };
  }

  /**
   * A scan with network tests: the lookups start right after parsing, the
   * local rules run while they are in flight, then the answers are joined
   * (within rbl_timeout and the message's deadline) and the network evals
   * and the metas run.
   */
  private async finishWithNetwork(run: StartedRun, options: ScanOptions, sharedReads: Promise<unknown>, bayesLater: boolean): Promise<{ state: ScanState; vc: VerdictContext }> {
    const { state, ruleSet, startedAt } = run;
    const deadline = startedAt + (options.timeoutMs ?? DEFAULT_TIME_LIMIT_MS);
    const net = this.net as NetworkRuntime;
    const armed = shortcircuitArmed(state.conf);
    let session: QuerySession | undefined;
    const openSession = (): QuerySession => (session ??= net.session(Math.min(deadline, startedAt + net.messageBudgetMs())));
    // The ASN lookup is part of reading the message, before any rule; Bayes tokenizes its answer (X-ASN).
    const asnAnswers = wantsAsnLookups(state.conf) ? launchAsnLookups(state, openSession()) : undefined;
    const deferBayes = (bayesLater || asnAnswers !== undefined) && !armed;
    if (!deferBayes) await sharedReads;
    const defer = { network: true, bayes: deferBayes };
    // With Shortcircuit armed the rules below -100 run first, as in SpamAssassin, so a shortcircuit there sends no query.
    if (armed) evaluateRules(state, ruleSet, deadline, defer, { below: LAUNCH_PRIORITY });
    if (!state.shortcircuit && networkRules(ruleSet).length > 0) launchNetworkRules(state, ruleSet, openSession());
    if (session) {
      // One turn of the event loop so the queries are on the wire before the rules take the CPU.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (armed && asnAnswers) {
      // Bayes cannot wait for the join when a rule may end the scan: the rules from -100 on see the ASN answers.
      await asnAnswers;
      joinAsnLookups(state);
    }
    evaluateRules(state, ruleSet, deadline, defer, armed ? { from: LAUNCH_PRIORITY } : {});
    if (session) {
      session.setDeadline(Math.min(deadline, Math.max(session.deadline, Date.now() + net.messageBudgetMs() / 2)));
      await session.settle();
      session.close();
      joinAsnLookups(state);
    }
    await sharedReads;
    if (deferBayes) runBayesRules(state);
    if (session) runNetworkRules(state, ruleSet);
    finalMetas(state, ruleSet);
    // Every rule has its say by now: a blocklist's "you are blocked" answer stops further queries to it.
    this.dnsBlocks?.recordHits((rule) => state.hits.value(rule) > 0);
    finishAwl(state);
    return { state, vc: this.verdictContext(startedAt, options) };
  }

  private ruleSetFor(rules: LoadedRules, network: boolean): CompiledRuleSet {
    if (!this.bayesUsable && this.stores?.classifier.isUsable()) this.bayesUsable = true;
    const scoreSet = (network ? NET_BIT : 0) | (this.bayesUsable ? BAYES_BIT : 0);
    let ruleSet = rules.bySet.get(scoreSet);
    if (!ruleSet) {
      ruleSet = compileRules(rules.conf, scoreSet).ruleSet;
      rules.bySet.set(scoreSet, ruleSet);
    }
    return ruleSet;
  }

  async learn(message: Buffer, as: 'spam' | 'ham' | 'forget'): Promise<LearnResult> {
    // The stores may be open for AWL or TxRep alone (use_bayes 0): that is no licence to learn Bayes.
    if (!this.stores || !this.rules.conf.useBayes) {
      // TxRep's learn hook runs beside Bayes's, with use_bayes 0 too, but never counts as a learn
      // (SpamAssassin's hook answers 0, so spamd's TELL lists nothing it did).
      await this.learnTxRep(message, as, false);
      return { learned: false, reason: this.storeProblem ?? 'Bayes is not available' };
    }
    const bayes = await learnRawOutcome(this.stores.classifier, this.rules.conf, message, as, this.languageModels);
    await this.learnTxRep(message, as, bayes.outcome === 'relearned');
    return bayes.result;
  }

  /** TxRep's learn or forget of a message's sender (a failure is kept with the tracker's errors, as a scan's). */
  private async learnTxRep(message: Buffer, as: 'spam' | 'ham' | 'forget', bayesRelearned: boolean): Promise<void> {
    if (!this.txrep) return;
    try {
      const facts = txrepLearnFacts(learnContext(this.rules.conf, message));
      await txrepLearn(this.txrep.store, this.txrep.settings(this.rules.conf), facts, as, bayesRelearned);
    } catch (e) {
      this.txrep.updateErrors.push(e);
    }
  }

  async reload(): Promise<void> {
    this.rules = loadRules(this.options);
    this.languageModels = this.loadLanguageModels();
    this.userCache.clear();
    this.net?.close();
    this.net = this.networkRuntime();
  }

  /** DNS for the network tests, with dns_block_rule's files in the data folder; none with -L. */
  private networkRuntime(): NetworkRuntime | undefined {
    if (this.options.localTestsOnly) return undefined;
    this.dnsBlocks = DnsBlockRules.of(this.rules.conf, this.options.dataDir ?? 'data', this.options.log ?? defaultLog);
    return new NetworkRuntime(this.rules.conf, undefined, this.dnsBlocks);
  }

  async close(): Promise<void> {
    this.userCache.clear();
    this.net?.close();
    this.net = undefined;
    const stores = this.stores;
    this.stores = undefined;
    await this.awl?.flush();
    this.awl = undefined;
    await this.txrep?.flush();
    this.txrep = undefined;
    await stores?.close();
  }

  private rulesFor(options: ScanOptions): LoadedRules {
    if (this.options.noUserConfig) return this.rules;
    const source = userPrefsSource(options);
    if (source === undefined || source.text.trim() === '') return this.rules;
    const { text, file } = source;
    const key = `${file}\0${text}`;
    let cached = this.userCache.get(key);
    if (!cached) {
      const applied = applyUserPrefs(this.rules.conf, text, file);
      const compiled = compileRules(applied.config, this.rules.ruleSet.scoreSet);
      const bySet = new Map([[compiled.ruleSet.scoreSet, compiled.ruleSet]]);
      const diagnostics = [...applied.diagnostics, ...compiled.diagnostics];
      const siteProblems = new Set(this.rules.diagnostics.map(diagnosticText));
      const ownProblems = diagnostics.map(diagnosticText).filter((p) => !siteProblems.has(p));
      cached = { conf: applied.config, ruleSet: compiled.ruleSet, bySet, diagnostics, files: [file], ownProblems };
      if (this.userCache.size >= USER_CACHE_SIZE) this.userCache.delete(this.userCache.keys().next().value as string);
      this.userCache.set(key, cached);
    }
    return cached;
  }
}

interface StartedRun {
  state: ScanState;
  ruleSet: CompiledRuleSet;
  startedAt: number;
}

/** A scan's per-user preference text and the name its problems are reported under: the given text, else the file's. */
function userPrefsSource(options: ScanOptions): { text: string; file: string } | undefined {
  if (options.userPrefsText !== undefined) return { text: options.userPrefsText, file: '(user prefs)' };
  if (!options.userPrefsPath) return undefined;
  try {
    return { text: readFileSync(options.userPrefsPath, 'latin1'), file: options.userPrefsPath };
  } catch {
    return undefined;
  }
}

function defaultLog(level: 'info' | 'warn', message: string): void {
  process.stderr.write(`spamward: ${level}: ${message}\n`);
}

function pick(o: ScanOptions): { remoteHost?: string; remoteAddr?: string } {
  const out: { remoteHost?: string; remoteAddr?: string } = {};
  if (o.remoteHost !== undefined) out.remoteHost = o.remoteHost;
  if (o.remoteAddr !== undefined) out.remoteAddr = o.remoteAddr;
  return out;
}

function loadRules(options: EngineOptions): LoadedRules {
  const loaded = loadEngineConfig(options);
  nameSpamwardInCheckerVersion(loaded.config);
  // Compiled once up front for the diagnostics; other score sets are compiled when first needed.
  const scoreSet = options.localTestsOnly ? 0 : NET_BIT;
  const compiled = compileRules(loaded.config, scoreSet);
  const bySet = new Map([[scoreSet, compiled.ruleSet]]);
  return { conf: loaded.config, ruleSet: compiled.ruleSet, bySet, diagnostics: [...loaded.diagnostics, ...compiled.diagnostics], files: loaded.files, ownProblems: [] };
}

/**
 * X-Spam-Checker-Version names the program that checked the message. The
 * stock template names SpamAssassin; Spamward keeps its shape and says itself.
 */
function nameSpamwardInCheckerVersion(conf: EngineConfig): void {
  for (const list of [conf.headersSpam, conf.headersHam]) {
    for (const h of list) {
      if (h.name.toLowerCase() === 'checker-version') h.template = h.template.replace(/^SpamAssassin _VERSION_ \(_SUBVERSION_\)/, 'Spamward _SWVERSION_ (_SWSUBVERSION_)');
    }
  }
}

export async function createEngine(options: EngineOptions = {}): Promise<SpamwardEngine> {
  const engine = new SpamwardEngine(options);
  await engine.ready();
  return engine;
}
