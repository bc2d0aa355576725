/** The engine's public entry point: the only module front ends import from src/engine. */
export { createEngine, SpamwardEngine, BUNDLED_RULES_DIR } from './engine.js';
export type { Engine, Verdict, Hit, HeaderLine, ScanOptions, LearnResult, AutoLearnResult, RenderNeed } from './api-types.js';
export { ruleNamesFrom, setRunningRuleSink, type RunningRuleSink } from './scan/running-rule.js';
export type { EngineOptions } from './engine-options.js';
export type { ConfigDiagnostic } from './config/types.js';
export { SPAMWARD_VERSION, SA_COMPAT_VERSION } from './version.js';
