/**
 * Everything a learn or forget needs from the message itself, worked out
 * apart from the database: the token keys, the seen ids, the token time and
 * whether bayes_ignore_from/to excludes it. Pure and self-contained, so a
 * learner can prepare messages in worker threads while one thread applies
 * the results to the store in message order.
 */
// Imported rather than read from the global, whose getter costs a call on every use in hot loops.
import { Buffer } from 'node:buffer';
import type { EngineConfig } from '../config/types.js';
import { addrInList } from '../evals/util/addr-list.js';
import { parseMessage } from '../message/parse.js';
import type { ScanContext } from '../scan/context-types.js';
import { ScanState } from '../scan/scan-state.js';
import { withoutSpamMarkup } from '../scan/strip-markup.js';
import { TOKEN_KEY_BYTES } from './hash.js';
import { learnIds, receiveTime } from './message-ids.js';
import type { BayesSettings } from './settings.js';
import type { TokenSet } from './tokenizer.js';
import { tokenize, tokenizerInput } from './tokenizer.js';

export interface PreparedLearn {
  /** The distinct token keys, TOKEN_KEY_BYTES each, back to back, in tokenizer order. */
  keys: Uint8Array;
  /** Seen-database ids in order of preference (generated id first). */
  ids: string[];
  /** Unix seconds to stamp the tokens with. */
  atime: number;
  /** bayes_ignore_from / bayes_ignore_to excludes the message (only computed when asked). */
  ignored: boolean;
}

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
    keys: packKeys(tokenize(tokenizerInput(ctx, settings), settings)),
    ids: learnIds(ctx.msg),
    atime: receiveTime(ctx.msg, options.now),
    ignored: false,
  };
}

/** bayes_ignore_from / bayes_ignore_to. */
export function isIgnored(conf: EngineConfig, ctx: ScanContext): boolean {
  const from = conf.lists.get('bayes_ignore_from') ?? conf.addrLists.get('bayes_ignore_from');
  const to = conf.lists.get('bayes_ignore_to') ?? conf.addrLists.get('bayes_ignore_to');
  if (from?.length && ctx.headerList('From:addr').some((a) => addrInList(from, a))) return true;
  if (to?.length && ctx.headerList('ToCc:addr').some((a) => addrInList(to, a))) return true;
  return false;
}

function packKeys(tokens: TokenSet): Uint8Array {
  const out = Buffer.allocUnsafeSlow(tokens.size * TOKEN_KEY_BYTES);
  let at = 0;
  for (const hex of tokens.keys()) at += out.write(hex, at, 'hex');
  return out;
}

/** The packed keys as one Buffer per key (views on the same memory). */
export function unpackKeys(keys: Uint8Array): Buffer[] {
  const out: Buffer[] = new Array(keys.length / TOKEN_KEY_BYTES);
  for (let i = 0, at = keys.byteOffset; i < out.length; i++, at += TOKEN_KEY_BYTES) out[i] = Buffer.from(keys.buffer, at, TOKEN_KEY_BYTES);
  return out;
}
