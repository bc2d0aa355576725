/** Messages between `spamward learn` and its preparing worker threads. */
import type { EngineOptions } from '../../engine/engine-options.js';
import type { PreparedLearn } from '../../engine/bayes/prepared-learn.js';

export interface PrepareSetup {
  engine: EngineOptions;
  /** Check bayes_ignore_from / bayes_ignore_to (learning with --use-ignores). */
  useIgnores: boolean;
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
