/**
 * Token expiry (BayesStore `expire_old_tokens`): when the database grows past
 * bayes_expiry_max_db_size, drop the tokens not seen for longest, keeping at
 * least 100 000. The atime delta is estimated from the last run, else found
 * by an exponential search over 12-hour steps.
 */
import type { BayesStore, BayesTxn, TokenCounts } from './store.js';

const EXPIRY_PERIOD = 43200;
const MIN_KEEP = 100000;
const MIN_REDUCE = 1000;
const MAX_EXPONENT = 9;
const PCT = 0.75;

export interface ExpiryResult {
  ran: boolean;
  removed: number;
  kept: number;
  delta: number;
  reason: string;
}

/** Whether an opportunistic expiry is due (the forced path skips this). */
export function expiryDue(store: BayesStore, maxDbSize: number, autoExpire: boolean, now: number): boolean {
  const m = store.magic();
  if (!autoExpire || now - m.lastExpire < EXPIRY_PERIOD) return false;
  if (m.ntokens <= MIN_KEEP || m.ntokens < maxDbSize) return false;
  return m.newestAtime - m.oldestAtime >= EXPIRY_PERIOD;
}

export function expireTokens(store: BayesStore, maxDbSize: number, now: number): Promise<ExpiryResult> {
  return store.write((tx) => runExpiry(tx, maxDbSize, now));
}

function runExpiry(tx: BayesTxn, maxDbSize: number, now: number): ExpiryResult {
  const m = tx.getMagic();
  const goal = Math.max(maxDbSize * PCT, MIN_KEEP);
  const reduction = m.ntokens - goal;
  const done = (reason: string, removed = 0, delta = 0): ExpiryResult => ({ ran: removed > 0, removed, kept: m.ntokens - removed, delta, reason });
  if (reduction < MIN_REDUCE) {
    tx.setMagic({ lastExpire: now });
    return done('not enough tokens to expire');
  }
  const all: [Buffer, TokenCounts][] = [...tx.tokens()];
  const delta = chooseDelta(all, m.newestAtime, m.lastExpire, m.lastAtimeDelta, m.lastExpireReduce, reduction, now);
  if (delta === undefined) {
    tx.setMagic({ lastExpire: now });
    return done('no atime delta would remove enough tokens');
  }
  const cutoff = m.newestAtime - delta;
  const doomed = all.filter(([, c]) => c.atime < cutoff);
  if (all.length - doomed.length < MIN_KEEP) return done('expiry would keep fewer than 100000 tokens');
  for (const [k] of doomed) tx.delToken(k);
  let oldest = m.newestAtime;
  for (const [k, c] of all) {
    if (c.atime < cutoff) continue;
    if (c.atime > m.newestAtime) tx.putToken(k, { ...c, atime: m.newestAtime });
    oldest = Math.min(oldest, Math.min(c.atime, m.newestAtime));
  }
  tx.setMagic({ ntokens: all.length - doomed.length, oldestAtime: oldest, lastExpire: now, lastExpireReduce: doomed.length, lastAtimeDelta: delta });
  return done('expired', doomed.length, delta);
}

function chooseDelta(all: [Buffer, TokenCounts][], newest: number, lastExpire: number, lastDelta: number, lastReduce: number, reduction: number, now: number): number | undefined {
  const estimate = reduction > 0 ? Math.floor((lastDelta * lastReduce) / reduction) : 0;
  const useSearch = now - lastExpire > 30 * 86400 || lastDelta < EXPIRY_PERIOD || lastReduce < MIN_REDUCE
    || estimate < EXPIRY_PERIOD || lastReduce / reduction > 1.5 || reduction / lastReduce > 1.5;
  if (!useSearch) return estimate;
  let chosen: number | undefined;
  let chosenCount = 0;
  for (let i = 1; i <= 2 ** MAX_EXPONENT; i *= 2) {
    const count = all.filter(([, c]) => newest - c.atime >= EXPIRY_PERIOD * i).length;
    if (count > reduction) {
      chosen = i;
      chosenCount = count;
    }
  }
  if (chosen === undefined || chosenCount < MIN_REDUCE) return undefined;
  return EXPIRY_PERIOD * chosen * 2;
}
