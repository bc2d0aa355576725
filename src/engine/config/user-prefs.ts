/**
 * Per-user preferences over an already loaded configuration, as spamd does
 * for each request with a User: parsed in user mode on a copy-on-write view,
 * so the base configuration is never modified and untouched maps are shared.
 */
import { finishParsing } from './finish.js';
import { localeLanguage } from './line-syntax.js';
import { ParseState } from './parse-state.js';
import { parseSource } from './parser.js';
import type { ConfigDiagnostic, EngineConfig } from './types.js';

export interface UserPrefsResult {
  config: EngineConfig;
  diagnostics: ConfigDiagnostic[];
}

export function applyUserPrefs(
  base: EngineConfig,
  text: string,
  file: string,
  opts: { lang?: string; localTestsOnly?: boolean } = {},
): UserPrefsResult {
  const st = new ParseState(base, {
    lang: opts.lang ?? localeLanguage(),
    localTestsOnly: opts.localTestsOnly ?? base.localTestsOnly ?? false,
  }, false);
  parseSource(st, { file, text, userMode: true });
  st.userMode = true;
  finishParsing(st);
  return { config: st.config, diagnostics: st.diagnostics };
}
