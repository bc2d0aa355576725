/**
 * The `_AUTOLEARN_` status, in SpamAssassin's words: the Bayes classifier's
 * decision when it ran, else why nothing was learned.
 */
import type { AutoLearnResult } from '../api-types.js';
import type { EngineConfig } from '../config/types.js';

const RESULTS: readonly AutoLearnResult[] = ['ham', 'spam', 'no', 'disabled', 'failed', 'unavailable'];

export function autolearnStatus(conf: EngineConfig, bayesAttached: boolean, decided?: string): { result: AutoLearnResult; text: string } {
  if (!conf.bayesAutoLearn || !conf.useBayes) return { result: 'disabled', text: 'disabled' };
  if (!bayesAttached || decided === undefined) return { result: 'unavailable', text: 'unavailable' };
  const word = decided.split(' ')[0] as AutoLearnResult;
  return { result: RESULTS.includes(word) ? word : 'no', text: decided };
}
