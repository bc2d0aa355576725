/**
 * A message made ready for learning or forgetting (see learn-prep.ts): plain
 * data, so it can cross from a worker thread to the thread that owns the store.
 */
// Imported rather than read from the global, whose getter costs a call on every use in hot loops.
import { Buffer } from 'node:buffer';
import type { TxRepLearnFacts } from '../reputation/txrep-learn.js';
import { TOKEN_KEY_BYTES } from './hash.js';

export interface PreparedLearn {
  /** The distinct token keys, TOKEN_KEY_BYTES each, back to back, in tokenizer order. */
  keys: Uint8Array;
  /** Seen-database ids in order of preference (generated id first). */
  ids: string[];
  /** Unix seconds to stamp the tokens with. */
  atime: number;
  /** bayes_ignore_from / bayes_ignore_to excludes the message (only computed when asked). */
  ignored: boolean;
  /** The sender as TxRep learns it, when the configuration runs TxRep (its learn hook runs beside Bayes). */
  txrep?: TxRepLearnFacts;
}

/** The packed keys as one Buffer per key (views on the same memory). */
export function unpackKeys(keys: Uint8Array): Buffer[] {
  const out: Buffer[] = new Array(keys.length / TOKEN_KEY_BYTES);
  for (let i = 0, at = keys.byteOffset; i < out.length; i++, at += TOKEN_KEY_BYTES) out[i] = Buffer.from(keys.buffer, at, TOKEN_KEY_BYTES);
  return out;
}
