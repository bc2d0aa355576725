/**
 * Everything a learn or forget needs from the message itself, worked out
 * apart from the database: the token keys, the seen ids, the token time and
 * whether bayes_ignore_from/to excludes it. Pure and self-contained, so a
 * learner can prepare messages in worker threads while one thread applies
 * the results to the store in message order.
 */
import type { Buffer } from 'node:buffer';
import type { EngineConfig } from '../config/types.js';
import { parseMessage } from '../message/parse.js';
import { ScanState } from '../scan/scan-state.js';
import { hasCheckerMark, markupSettingsOf, removeMarkup as withoutMarkup } from '../report/remove-markup.js';
import { withoutSpamMarkup } from '../scan/strip-markup.js';
import { isIgnored } from './ignore-lists.js';
import { learnIds, receiveTime } from './message-ids.js';
import type { PreparedLearn } from './prepared-learn.js';
import type { BayesSettings } from './settings.js';
import { tokenKeysPacked, tokenizerInput } from './tokenizer.js';
import { txrepLearnFacts } from '../reputation/txrep-learn.js';
import { txrepActive, txrepSettings } from '../reputation/txrep-settings.js';

/** Whether a configuration runs TxRep, per configuration (a learner prepares thousands of messages with one). */
const txrepByConf = new WeakMap<EngineConfig, boolean>();

function runsTxRep(conf: EngineConfig): boolean {
  let on = txrepByConf.get(conf);
  if (on === undefined) {
    on = txrepActive(txrepSettings(conf));
    txrepByConf.set(conf, on);
  }
  return on;
}

export interface PrepareOptions {
  /** Check bayes_ignore_from / bayes_ignore_to. */
  useIgnores: boolean;
  /** Unix seconds now (the token time of a message without a usable date). */
  now: number;
  /** Learn a marked-up message as it was before the markup, as sa-learn does (spamd's TELL does not). */
  removeMarkup?: boolean;
}

/**
 * A raw message as the learner sees it: X-Spam-* fields dropped, as from every scan; with
 * `removeMarkup` a message a checker marked (X-Spam-Checker-Version) is first put back as it was
 * before (a report_safe wrapper gives its original, rewritten headers their earlier values).
 */
export function learnContext(conf: EngineConfig, raw: Buffer, removeMarkup = false): ScanState {
  let msg = parseMessage(raw);
  if (removeMarkup && hasCheckerMark(msg)) msg = parseMessage(withoutMarkup(msg, markupSettingsOf(conf)));
  return new ScanState(conf, withoutSpamMarkup(msg), 0, new Date());
}

export function prepareLearn(conf: EngineConfig, settings: BayesSettings, raw: Buffer, options: PrepareOptions): PreparedLearn {
  const ctx = learnContext(conf, raw, options.removeMarkup);
  if (options.useIgnores && isIgnored(conf, ctx)) return { keys: new Uint8Array(0), ids: [], atime: 0, ignored: true };
  return {
    keys: tokenKeysPacked(tokenizerInput(ctx, settings), settings),
    ids: learnIds(ctx.msg),
    atime: receiveTime(ctx.msg, options.now),
    ignored: false,
    ...(runsTxRep(conf) ? { txrep: txrepLearnFacts(ctx) } : {}),
  };
}
