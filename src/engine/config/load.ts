/**
 * Builds the engine configuration the way SpamAssassin 4.0.1 does at start-up:
 * discovers the rules and site directories, reads the files in SpamAssassin's
 * order, parses them as one stream and runs the finish step.
 */
import { findRulesDir, findSiteDir, listConfigFiles } from './discovery.js';
import { defaultConfig } from './default-config.js';
import { finishParsing } from './finish.js';
import { localeLanguage } from './line-syntax.js';
import { ParseState } from './parse-state.js';
import { parseSource, readConfigFile, type ConfigSource } from './parser.js';
import type { ConfigDiagnostic, EngineConfig } from './types.js';

export interface LoadConfigOptions {
  /** Rules directory (`-C`); default: sa-update dir, else the system rules dir, else bundledRulesDir. */
  configPath?: string;
  /** Site directory (`--siteconfigpath`); default /etc/spamassassin, else /etc/mail/spamassassin. */
  siteConfigPath?: string;
  /** Lines parsed before every file (`--pre`). */
  preLines?: string[];
  /** Lines parsed after everything else (`--cf`). */
  cfLines?: string[];
  localTestsOnly?: boolean;
  bundledRulesDir?: string;
  /** user_prefs, parsed last among the files, in user mode. */
  userPrefs?: { path?: string; text?: string };
  /** Language for `lang xx` lines; default from the environment like SpamAssassin. */
  lang?: string;
  /** Every setting but no rule (`spamward learn`: learning tokenizes and runs no rule, like sa-learn). */
  skipRules?: boolean;
}

export interface LoadedConfig {
  config: EngineConfig;
  diagnostics: ConfigDiagnostic[];
  /** Every file read, in order (includes too). */
  files: string[];
}

function fileSources(st: ParseState, paths: string[]): ConfigSource[] {
  const out: ConfigSource[] = [];
  for (const path of paths) {
    const text = readConfigFile(st, path);
    if (text !== undefined) out.push({ file: path, text });
  }
  return out;
}

function userPrefsSource(st: ParseState, prefs: LoadConfigOptions['userPrefs']): ConfigSource | undefined {
  if (prefs === undefined) return undefined;
  if (prefs.text !== undefined) return { file: prefs.path ?? '(user_prefs)', text: prefs.text, userMode: true };
  if (prefs.path === undefined) return undefined;
  const text = readConfigFile(st, prefs.path);
  return text === undefined ? undefined : { file: prefs.path, text, userMode: true };
}

export function loadConfig(opts: LoadConfigOptions = {}): LoadedConfig {
  const st = new ParseState(defaultConfig(), {
    lang: opts.lang ?? localeLanguage(),
    localTestsOnly: opts.localTestsOnly ?? false,
  }, true);
  st.skipRules = opts.skipRules === true;
  const siteDir = opts.siteConfigPath ?? findSiteDir();
  const rulesDir = opts.configPath ?? findRulesDir(opts.bundledRulesDir);
  if (siteDir === undefined) st.warn('could not find site rules directory', 0, '(config)');
  if (rulesDir === undefined) st.warn('could not find sys rules directory', 0, '(config)');
  const sources: ConfigSource[] = [];
  if (opts.preLines !== undefined && opts.preLines.length > 0) {
    sources.push({ file: '(pre_config_text)', text: opts.preLines.join('\n') });
  }
  // Files are read lazily per group so each is read once, in SpamAssassin's order.
  const groups: (() => ConfigSource[])[] = [
    () => (siteDir === undefined ? [] : fileSources(st, listConfigFiles(siteDir, 'pre'))),
    () => (rulesDir === undefined ? [] : fileSources(st, listConfigFiles(rulesDir, 'pre'))),
    () => (rulesDir === undefined ? [] : fileSources(st, listConfigFiles(rulesDir, 'cf'))),
    () => (siteDir === undefined ? [] : fileSources(st, listConfigFiles(siteDir, 'cf'))),
  ];
  for (const g of groups) sources.push(...g());
  const prefs = userPrefsSource(st, opts.userPrefs);
  if (prefs !== undefined) sources.push(prefs);
  if (opts.cfLines !== undefined && opts.cfLines.length > 0) {
    sources.push({ file: '(post_config_text)', text: opts.cfLines.join('\n') });
  }
  st.config.localTestsOnly = opts.localTestsOnly ?? false;
  for (const s of sources) parseSource(st, s);
  finishParsing(st);
  return { config: st.config, diagnostics: st.diagnostics, files: st.files };
}
