/** Messages between `spamward learn` and its preparing worker threads. */
import type { EngineConfig } from '../../engine/config/types.js';
import type { PreparedLearn } from '../../engine/bayes/prepared-learn.js';

export interface PrepareSetup {
  /** Check bayes_ignore_from / bayes_ignore_to (learning with --use-ignores). */
  useIgnores: boolean;
}

/**
 * The configuration the main thread read (plain data: settings, lists,
 * regexes), sent once before any chunk, so a worker does not read and parse
 * the configuration files again.
 */
export interface PrepareConfig {
  conf: EngineConfig;
  /** Where the rule files are, for the files plugins read beside them (TextCat's `languages`). */
  supportPaths: SupportPaths;
}

/** The engine's rule and site folders (`-C`, `--siteconfigpath`), as given. */
export interface SupportPaths {
  configPath?: string;
  siteConfigPath?: string;
}

/** A chunk of raw messages, in order. */
export interface PrepareRequest {
  seq: number;
  raws: Uint8Array[];
}

/** One message's preparation, or why it failed (the learner stops there, as a serial learn would). */
export type PrepareOutcome = { ok: PreparedLearn } | { error: string };

export interface PrepareAnswer {
  seq: number;
  out: PrepareOutcome[];
}
