/**
 * Per-message caches in ctx.scratch, mirroring the `$pms->{…}` values
 * SpamAssassin's plugins compute once and reuse across rules.
 */
import type { ScanContext } from '../../scan/context-types.js';

/**
 * The scratch entry that holds every memo of the message, keyed by the
 * callers' own names. Evals call memo a few hundred times a message with
 * constant names, whose hashes V8 keeps; prefixing each name (`evals:…`)
 * made a new string to hash twice on every call.
 */
const MEMOS = 'evals';

export function memo<T>(ctx: ScanContext, key: string, compute: () => T): T {
  let memos = ctx.scratch.get(MEMOS) as Map<string, unknown> | undefined;
  if (memos === undefined) {
    memos = new Map();
    ctx.scratch.set(MEMOS, memos);
  }
  const found = memos.get(key);
  if (found !== undefined || memos.has(key)) return found as T;
  const value = compute();
  memos.set(key, value);
  return value;
}
