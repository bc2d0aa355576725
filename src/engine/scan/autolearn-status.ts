/**
 * The `_AUTOLEARN_` status, in SpamAssassin's words: the Bayes classifier's
 * decision when it ran, else why nothing was learned.
 */
import type { AutoLearnResult } from '../api-types.js';
import type { AutoLearnInput } from '../bayes/autolearn.js';
import type { EngineConfig } from '../config/types.js';
import { roundScore } from '../report/score-text.js';
import type { ScanState } from './scan-state.js';

const RESULTS: readonly AutoLearnResult[] = ['ham', 'spam', 'no', 'disabled', 'failed', 'unavailable'];

/**
 * `decided` is the engine's text (the classifier's, or the decision alone
 * when no store could be opened: SpamAssassin still says `no` for a message
 * it would not have learned).
 */
export function autolearnStatus(conf: EngineConfig, decided?: string): { result: AutoLearnResult; text: string } {
  if (!conf.bayesAutoLearn || !conf.useBayes) return { result: 'disabled', text: 'disabled' };
  if (decided === undefined) return { result: 'unavailable', text: 'unavailable' };
  const word = decided.split(' ')[0] as AutoLearnResult;
  return { result: RESULTS.includes(word) ? word : 'no', text: decided };
}

/** What the auto-learn decision (and `_AUTOLEARNSCORE_`) weighs from a finished scan. */
export function autoLearnInput(state: ScanState): Omit<AutoLearnInput, 'conf'> {
  return {
    scoreSet: state.scoreSet,
    testsHit: state.hits.scored.map((h) => h.name),
    score: roundScore(state.hits.total),
    requiredScore: state.conf.requiredScore,
  };
}
