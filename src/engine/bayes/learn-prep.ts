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
import { withoutSpamMarkup } from '../scan/strip-markup.js';
import { isIgnored } from './ignore-lists.js';
import { learnIds, receiveTime } from './message-ids.js';
import type { PreparedLearn } from './prepared-learn.js';
import type { BayesSettings } from './settings.js';
import { tokenKeysPacked, tokenizerInput } from './tokenizer.js';

export interface PrepareOptions {
  /** Check bayes_ignore_from / bayes_ignore_to. */
  useIgnores: boolean;
  /** Unix seconds now (the token time of a message without a usable date). */
  now: number;
}

/** A raw message as the learner sees it (earlier X-Spam-* markup dropped, as sa-learn does). */
export function learnContext(conf: EngineConfig, raw: Buffer): ScanState {
  return new ScanState(conf, withoutSpamMarkup(parseMessage(raw)), 0, new Date());
}

export function prepareLearn(conf: EngineConfig, settings: BayesSettings, raw: Buffer, options: PrepareOptions): PreparedLearn {
  const ctx = learnContext(conf, raw);
  if (options.useIgnores && isIgnored(conf, ctx)) return { keys: new Uint8Array(0), ids: [], atime: 0, ignored: true };
  return {
    keys: tokenKeysPacked(tokenizerInput(ctx, settings), settings),
    ids: learnIds(ctx.msg),
    atime: receiveTime(ctx.msg, options.now),
    ignored: false,
  };
}
