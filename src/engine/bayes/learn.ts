/**
 * Learning and forgetting one message, as one write transaction: the seen
 * check, the counter changes and every token update commit together or not
 * at all, so parallel learners cannot lose increments.
 */
import { type AnyBayesStore, type BayesMagic, type BayesTxn, isRemoteStore, type SeenClass } from './store.js';

export interface LearnRequest {
  /** Token keys of the message (deduplicated). */
  keys: readonly Buffer[];
  /** Seen-database ids in order of preference (generated id first). */
  ids: readonly string[];
  isSpam: boolean;
  /** Unix seconds to stamp the tokens with. */
  atime: number;
  /** Auto-learn: never relearn a message already learned either way. */
  noRelearn?: boolean;
}

export type LearnOutcome = 'learned' | 'relearned' | 'already-learned';

export function learnMessage(store: AnyBayesStore, req: LearnRequest): Promise<LearnOutcome> {
  // A server-side store runs the same steps as one atomic script.
  if (isRemoteStore(store)) return store.learn(req);
  return store.write((tx) => {
    const cls: SeenClass = req.isSpam ? 's' : 'h';
    const found = firstSeen(tx, req.ids);
    let outcome: LearnOutcome = 'learned';
    if (found) {
      if (found.cls === cls || req.noRelearn) return 'already-learned';
      applyCounts(tx, req.keys, found.cls === 's', -1, req.atime);
      tx.delSeen(found.id);
      outcome = 'relearned';
    }
    applyCounts(tx, req.keys, req.isSpam, 1, req.atime);
    const first = req.ids[0];
    if (first !== undefined) tx.putSeen(first, cls);
    return outcome;
  });
}

/** Forget a previously learned message; false when it was never learned. */
export function forgetMessage(store: AnyBayesStore, keys: readonly Buffer[], ids: readonly string[]): Promise<boolean> {
  if (isRemoteStore(store)) return store.forget(keys, ids);
  return store.write((tx) => {
    const found = firstSeen(tx, ids);
    if (!found) return false;
    applyCounts(tx, keys, found.cls === 's', -1, 0);
    tx.delSeen(found.id);
    return true;
  });
}

function firstSeen(tx: BayesTxn, ids: readonly string[]): { id: string; cls: SeenClass } | undefined {
  for (const id of ids) {
    const cls = tx.getSeen(id);
    if (cls !== undefined) return { id, cls };
  }
  return undefined;
}

/**
 * Add `delta` to every token's spam or ham count and to nspam/nham. Counts
 * clamp at 0, tokens reaching 0/0 are deleted, atime never moves back.
 */
function applyCounts(tx: BayesTxn, keys: readonly Buffer[], spam: boolean, delta: 1 | -1, atime: number): void {
  const m = tx.getMagic();
  const changes: Partial<BayesMagic> = spam ? { nspam: Math.max(0, m.nspam + delta) } : { nham: Math.max(0, m.nham + delta) };
  let ntokens = m.ntokens;
  for (const key of keys) {
    const old = tx.getToken(key);
    const cur = old ?? { spam: 0, ham: 0, atime: 0 };
    const next = {
      spam: spam ? Math.max(0, cur.spam + delta) : cur.spam,
      ham: spam ? cur.ham : Math.max(0, cur.ham + delta),
      atime: delta > 0 ? Math.max(cur.atime, atime) : cur.atime,
    };
    if (next.spam === 0 && next.ham === 0) {
      if (old) { tx.delToken(key); ntokens--; }
      continue;
    }
    if (!old) ntokens++;
    tx.putToken(key, next);
  }
  changes.ntokens = Math.max(0, ntokens);
  if (delta > 0 && keys.length > 0) {
    changes.newestAtime = Math.max(m.newestAtime, atime);
    changes.oldestAtime = m.oldestAtime === 0 ? atime : Math.min(m.oldestAtime, atime);
  }
  tx.setMagic(changes);
}

/** Scan-time touch: the significant tokens' atime moves up to the message time. */
export function touchTokens(store: AnyBayesStore, keys: readonly Buffer[], atime: number): Promise<void> {
  if (isRemoteStore(store)) return store.touch(keys, atime);
  return store.write((tx) => {
    for (const key of keys) {
      const cur = tx.getToken(key);
      if (cur && cur.atime < atime) tx.putToken(key, { ...cur, atime });
    }
    const m = tx.getMagic();
    if (atime > m.newestAtime) tx.setMagic({ newestAtime: atime });
  });
}
