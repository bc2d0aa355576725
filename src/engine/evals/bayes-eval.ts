/** The Bayes plugin's eval: check_bayes(min, max), answered by the classifier the engine attaches to a scan. */
import { checkBayesEval } from '../bayes/classifier.js';
import { type EvalTable, evalDef } from './define.js';

export const bayesEvals: EvalTable = {
  check_bayes: evalDef('Bayes', ['body'], checkBayesEval),
};
