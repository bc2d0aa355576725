/**
 * The `_AUTOLEARN_` status. Auto-learning itself belongs to the Bayes store;
 * until a store is attached the status says why nothing was learned, with the
 * words SpamAssassin uses.
 */
import type { EngineConfig } from '../config/types.js';
import type { AutoLearnResult } from '../api-types.js';

export function autolearnStatus(conf: EngineConfig, bayesAttached: boolean): { result: AutoLearnResult; text: string } {
  if (!conf.bayesAutoLearn || !conf.useBayes) return { result: 'disabled', text: 'disabled' };
  if (!bayesAttached) return { result: 'unavailable', text: 'unavailable' };
  return { result: 'no', text: 'no autolearn_force=no' };
}
