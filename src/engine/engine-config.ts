/**
 * The configuration alone, without compiling rules or opening stores: what
 * `spamward learn` needs. Kept apart from engine.ts so that loading it does
 * not load the rule compiler, the evals and their libraries.
 */
import { fileURLToPath } from 'node:url';
import { loadConfig } from './config/load.js';
import type { EngineOptions } from './engine-options.js';

/** The rules shipped with Spamward, used when no SpamAssassin ruleset is installed. */
export const BUNDLED_RULES_DIR = fileURLToPath(new URL('../../../rules/', import.meta.url));

export function loadEngineConfig(options: EngineOptions, extra: { skipRules?: boolean } = {}): ReturnType<typeof loadConfig> {
  return loadConfig({
    ...extra,
    ...(options.configPath !== undefined ? { configPath: options.configPath } : {}),
    ...(options.siteConfigPath !== undefined ? { siteConfigPath: options.siteConfigPath } : {}),
    preLines: options.preLines ?? [],
    cfLines: options.cfLines ?? [],
    localTestsOnly: options.localTestsOnly ?? false,
    bundledRulesDir: BUNDLED_RULES_DIR,
  });
}
