/** The TxRep plugin's eval, answered by the reputation tracker the engine attaches to a scan. */
import { checkTxRepEval } from '../reputation/txrep-scan.js';
import { type EvalTable, evalDef } from './define.js';

export const txrepEvals: EvalTable = {
  check_senders_reputation: evalDef('TxRep', ['header'], checkTxRepEval),
};
