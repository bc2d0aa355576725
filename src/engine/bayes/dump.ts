/** `sa-learn --dump` output: magic counters and/or one line per token, in sa-learn's column layout. */
import { tokenProbability } from './combine.js';
import { type AnyBayesStore, type BayesStore, isRemoteStore } from './store.js';

function row(prob: number, a: number, b: number, c: number, text: string): string {
  const pad = (n: number): string => String(Math.trunc(n)).padStart(10);
  return `${prob.toFixed(3)} ${pad(a)} ${pad(b)} ${pad(c)}  ${text}\n`;
}

export function* dumpMagic(store: Pick<BayesStore, 'magic'>): Iterable<string> {
  const m = store.magic();
  const items: [number, string][] = [
    [m.dbVersion, 'bayes db version'], [m.nspam, 'nspam'], [m.nham, 'nham'], [m.ntokens, 'ntokens'],
    [m.oldestAtime, 'oldest atime'], [m.newestAtime, 'newest atime'], [m.lastJournalSync, 'last journal sync atime'],
    [m.lastExpire, 'last expiry atime'], [m.lastAtimeDelta, 'last expire atime delta'], [m.lastExpireReduce, 'last expire reduction count'],
  ];
  for (const [v, label] of items) yield row(0, 0, v, 0, `non-token data: ${label}`);
}

/** Token lines; `filter` is matched against the 10-hex-digit key (sa-learn --regexp). */
export function* dumpTokens(store: BayesStore, filter?: RegExp): Iterable<string> {
  const { nspam, nham } = store.magic();
  for (const [key, c] of store.tokens()) {
    const hex = key.toString('hex');
    if (filter && !filter.test(hex)) continue;
    const p = tokenProbability(c.spam, c.ham, nspam, nham) ?? 0.5;
    yield row(p, c.spam, c.ham, c.atime, hex);
  }
}

/** Token lines from any store; a remote one is read in batches (its counters must be refreshed first). */
export async function* dumpTokensStream(store: AnyBayesStore, filter?: RegExp): AsyncIterable<string> {
  if (!isRemoteStore(store)) {
    yield* dumpTokens(store, filter);
    return;
  }
  const { nspam, nham } = store.magic();
  for await (const [key, c] of store.tokens()) {
    const hex = key.toString('hex');
    if (filter && !filter.test(hex)) continue;
    yield row(tokenProbability(c.spam, c.ham, nspam, nham) ?? 0.5, c.spam, c.ham, c.atime, hex);
  }
}
