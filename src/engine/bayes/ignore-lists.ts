/** bayes_ignore_from / bayes_ignore_to: messages Bayes neither learns nor (when asked) classifies. */
import type { EngineConfig } from '../config/types.js';
import { addrInList } from '../evals/util/addr-list.js';
import type { ScanContext } from '../scan/context-types.js';

/** True when the sender or a recipient is listed. */
export function isIgnored(conf: EngineConfig, ctx: ScanContext): boolean {
  const from = conf.lists.get('bayes_ignore_from') ?? conf.addrLists.get('bayes_ignore_from');
  const to = conf.lists.get('bayes_ignore_to') ?? conf.addrLists.get('bayes_ignore_to');
  if (from?.length && ctx.headerList('From:addr').some((a) => addrInList(from, a))) return true;
  if (to?.length && ctx.headerList('ToCc:addr').some((a) => addrInList(to, a))) return true;
  return false;
}
