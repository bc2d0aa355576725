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
import { buildVerdict } from './scan/build-verdict.js';
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
}

export class SpamwardEngine implements Engine {
  private rules: LoadedRules;
  private readonly userCache = new Map<string, LoadedRules>();

  constructor(private readonly options: EngineOptions) {
    this.rules = loadRules(options);
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

  async scan(message: Buffer, options: ScanOptions = {}): Promise<Verdict> {
    return this.scanSync(message, options);
  }

  /** Synchronous scan, for worker threads and the CLI. */
  scanSync(message: Buffer, options: ScanOptions = {}): Verdict {
    const startedAt = Date.now();
    const rules = this.rulesFor(options);
    const msg = withoutSpamMarkup(parseMessage(message));
    const state = new ScanState(rules.conf, msg, rules.ruleSet.scoreSet, new Date(startedAt));
    const limit = options.timeoutMs ?? DEFAULT_TIME_LIMIT_MS;
    evaluateRules(state, rules.ruleSet, startedAt + limit);
    const vc = { startedAt, bayesAttached: false, ...pick(options) };
    const verdict = buildVerdict(state, vc);
    // The rewritten message must carry the original bytes, including any X-Spam-* the parser copy dropped.
    return verdict;
  }

  async learn(_message: Buffer, _as: 'spam' | 'ham' | 'forget'): Promise<LearnResult> {
    return { learned: false, reason: 'Bayes learning is not available in this version' };
  }

  async reload(): Promise<void> {
    this.rules = loadRules(this.options);
    this.userCache.clear();
  }

  async close(): Promise<void> {
    this.userCache.clear();
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

function pick(o: ScanOptions): { remoteHost?: string; remoteAddr?: string } {
  const out: { remoteHost?: string; remoteAddr?: string } = {};
  if (o.remoteHost !== undefined) out.remoteHost = o.remoteHost;
  if (o.remoteAddr !== undefined) out.remoteAddr = o.remoteAddr;
  return out;
}

function loadRules(options: EngineOptions): LoadedRules {
  const loaded = loadConfig({
    ...(options.configPath !== undefined ? { configPath: options.configPath } : {}),
    ...(options.siteConfigPath !== undefined ? { siteConfigPath: options.siteConfigPath } : {}),
    preLines: options.preLines ?? [],
    cfLines: options.cfLines ?? [],
    localTestsOnly: options.localTestsOnly ?? false,
    bundledRulesDir: BUNDLED_RULES_DIR,
  });
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
