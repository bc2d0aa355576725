/**
 * The engine facade: load configuration once, compile the rules once, scan
 * many messages. Per-user preferences get their own compiled rule set, kept
 * in a small cache keyed by the preference text.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Engine, LearnResult, ScanOptions, Verdict } from './api-types.js';
import { loadConfig } from './config/load.js';
import { applyUserPrefs } from './config/user-prefs.js';
import type { ConfigDiagnostic, EngineConfig } from './config/types.js';
import type { EngineOptions } from './engine-options.js';
import { parseMessage } from './message/parse.js';
import type { CompiledRuleSet } from './rules/compiled-types.js';
import { compileRules } from './rules/compile.js';
import { evaluateRules } from './rules/evaluate.js';
import { autoLearnDecision } from './bayes/autolearn.js';
import { attachClassifier, type BayesClassifier } from './bayes/classifier.js';
import { learnRaw } from './bayes/learn-raw.js';
import { roundScore } from './report/score-text.js';
import { buildVerdict, type VerdictContext } from './scan/build-verdict.js';
import { type OpenedStores, openStores } from './storage/open-stores.js';
import { ScanState } from './scan/scan-state.js';
import { withoutSpamMarkup } from './scan/strip-markup.js';

/** The rules shipped with Spamward, used when no SpamAssassin ruleset is installed. */
export const BUNDLED_RULES_DIR = fileURLToPath(new URL('../../../rules/', import.meta.url));

const USER_CACHE_SIZE = 64;
const DEFAULT_TIME_LIMIT_MS = 300_000;

interface LoadedRules {
  conf: EngineConfig;
  ruleSet: CompiledRuleSet;
  diagnostics: ConfigDiagnostic[];
  files: string[];
  /** The rule set compiled for the Bayes score set, once Bayes is usable. */
  bayesRuleSet?: CompiledRuleSet;
}

/** The score set with Bayes (SpamAssassin's bit 1); Spamward never runs network tests (bit 0). */
const BAYES_SCORE_SET = 2;

export class SpamwardEngine implements Engine {
  private rules: LoadedRules;
  private readonly userCache = new Map<string, LoadedRules>();
  private stores: OpenedStores | undefined;
  /** Why Bayes is not available, when it is not. */
  private storeProblem: string | undefined;
  /** Once Bayes has enough learned messages the Bayes score set stays on, as in SpamAssassin. */
  private bayesUsable = false;

  constructor(private readonly options: EngineOptions) {
    this.rules = loadRules(options);
    this.openBayes();
  }

  /** Open the LMDB stores; a store that cannot open leaves scanning working without Bayes. */
  private openBayes(): void {
    if (!this.rules.conf.useBayes) {
      this.storeProblem = 'Bayes is disabled (use_bayes 0)';
      return;
    }
    try {
      this.stores = openStores(this.options.dataDir ?? 'data', this.rules.conf);
      this.storeProblem = undefined;
    } catch (err) {
      this.storeProblem = `Bayes store unavailable: ${(err as Error).message}`;
      this.rules.diagnostics.push({ level: 'warning', file: '', line: 0, message: this.storeProblem });
    }
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

  get files(): string[] {
    return this.rules.files;
  }

  /** Scan and auto-learn; the verdict's autolearn status reflects the learn that happened. */
  async scan(message: Buffer, options: ScanOptions = {}): Promise<Verdict> {
    const run = this.runRules(message, options);
    const classifier = options.autoLearn === false ? undefined : this.stores?.classifier;
    const autolearnText = classifier ? await classifier.autoLearn(run.state, autoLearnInput(run.state)) : undefined;
    return buildVerdict(run.state, { ...run.vc, ...(autolearnText !== undefined ? { autolearnText } : {}) });
  }

  /** Synchronous scan (benchmarks, workers): the auto-learn decision is taken now, its write finishes in the background. */
  scanSync(message: Buffer, options: ScanOptions = {}): Verdict {
    const run = this.runRules(message, options);
    const classifier = this.stores?.classifier;
    let autolearnText: string | undefined;
    if (classifier) {
      const learning = classifier.autoLearn(run.state, autoLearnInput(run.state));
      learning.catch(() => undefined);
      autolearnText = syncAutoLearnText(run.state, classifier);
    }
    return buildVerdict(run.state, { ...run.vc, ...(autolearnText !== undefined ? { autolearnText } : {}) });
  }

  private runRules(message: Buffer, options: ScanOptions): { state: ScanState; vc: VerdictContext } {
    const startedAt = Date.now();
    const rules = this.rulesFor(options);
    const ruleSet = this.ruleSetFor(rules);
    const msg = withoutSpamMarkup(parseMessage(message));
    const state = new ScanState(rules.conf, msg, ruleSet.scoreSet, new Date(startedAt));
    if (this.stores) attachClassifier(state, this.stores.classifier);
    evaluateRules(state, ruleSet, startedAt + (options.timeoutMs ?? DEFAULT_TIME_LIMIT_MS));
    return { state, vc: { startedAt, bayesAttached: this.stores !== undefined, ...pick(options) } };
  }

  private ruleSetFor(rules: LoadedRules): CompiledRuleSet {
    if (!this.bayesUsable && this.stores?.classifier.isUsable()) this.bayesUsable = true;
    if (!this.bayesUsable) return rules.ruleSet;
    rules.bayesRuleSet ??= compileRules(rules.conf, BAYES_SCORE_SET).ruleSet;
    return rules.bayesRuleSet;
  }

  async learn(message: Buffer, as: 'spam' | 'ham' | 'forget'): Promise<LearnResult> {
    if (!this.stores) return { learned: false, reason: this.storeProblem ?? 'Bayes is not available' };
    return learnRaw(this.stores.classifier, this.rules.conf, message, as);
  }

  async reload(): Promise<void> {
    this.rules = loadRules(this.options);
    this.userCache.clear();
  }

  async close(): Promise<void> {
    this.userCache.clear();
    const stores = this.stores;
    this.stores = undefined;
    await stores?.close();
  }

  private rulesFor(options: ScanOptions): LoadedRules {
    if (this.options.noUserConfig) return this.rules;
    let text = options.userPrefsText;
    let file = '(user prefs)';
    if (text === undefined && options.userPrefsPath) {
      try {
        text = readFileSync(options.userPrefsPath, 'latin1');
        file = options.userPrefsPath;
      } catch {
        return this.rules;
      }
    }
    if (text === undefined || text.trim() === '') return this.rules;
    const key = `${file}\0${text}`;
    let cached = this.userCache.get(key);
    if (!cached) {
      const applied = applyUserPrefs(this.rules.conf, text, file);
      const compiled = compileRules(applied.config, this.rules.ruleSet.scoreSet);
      cached = { conf: applied.config, ruleSet: compiled.ruleSet, diagnostics: [...applied.diagnostics, ...compiled.diagnostics], files: [file] };
      if (this.userCache.size >= USER_CACHE_SIZE) this.userCache.delete(this.userCache.keys().next().value as string);
      this.userCache.set(key, cached);
    }
    return cached;
  }
}

function autoLearnInput(state: ScanState) {
  return {
    scoreSet: state.scoreSet,
    testsHit: state.hits.scored.map((h) => h.name),
    score: roundScore(state.hits.total),
    requiredScore: state.conf.requiredScore,
  };
}

/** The status text for a synchronous scan: the decision, assuming the background write succeeds. */
function syncAutoLearnText(state: ScanState, classifier: BayesClassifier): string {
  const conf = state.conf;
  if (!conf.bayesAutoLearn || !conf.useBayes) return 'disabled';
  const decision = autoLearnDecision({ ...autoLearnInput(state), conf }, classifier.settings);
  return `${decision.learnAs ?? 'no'} autolearn_force=${decision.forceStatus}`;
}

function pick(o: ScanOptions): { remoteHost?: string; remoteAddr?: string } {
  const out: { remoteHost?: string; remoteAddr?: string } = {};
  if (o.remoteHost !== undefined) out.remoteHost = o.remoteHost;
  if (o.remoteAddr !== undefined) out.remoteAddr = o.remoteAddr;
  return out;
}

/** The configuration alone, without compiling rules or opening stores (what `spamward learn` needs). */
export function loadEngineConfig(options: EngineOptions): ReturnType<typeof loadConfig> {
  return loadConfig({
    ...(options.configPath !== undefined ? { configPath: options.configPath } : {}),
    ...(options.siteConfigPath !== undefined ? { siteConfigPath: options.siteConfigPath } : {}),
    preLines: options.preLines ?? [],
    cfLines: options.cfLines ?? [],
    localTestsOnly: options.localTestsOnly ?? false,
    bundledRulesDir: BUNDLED_RULES_DIR,
  });
}

function loadRules(options: EngineOptions): LoadedRules {
  const loaded = loadEngineConfig(options);
  nameSpamwardInCheckerVersion(loaded.config);
  // No network tests exist yet, so the local score sets apply (SpamAssassin's -L behaviour).
  const scoreSet = 0;
  const compiled = compileRules(loaded.config, scoreSet);
  return { conf: loaded.config, ruleSet: compiled.ruleSet, diagnostics: [...loaded.diagnostics, ...compiled.diagnostics], files: loaded.files };
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
  return new SpamwardEngine(options);
}
