/** The AWL plugin's eval, answered by the reputation tracker the engine attaches to a scan. */
import { checkAwlEval } from '../reputation/awl-scan.js';
import { type EvalTable, evalDef } from './define.js';

export const awlEvals: EvalTable = {
  check_from_in_auto_welcomelist: evalDef('AWL', ['header'], checkAwlEval),
  check_from_in_auto_whitelist: evalDef('AWL', ['header'], checkAwlEval),
};
