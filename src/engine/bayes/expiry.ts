/**
 * Token expiry (BayesStore `expire_old_tokens`): when the database grows past
 * bayes_expiry_max_db_size, drop the tokens not seen for longest, keeping at
 * least 100 000. The atime delta is estimated from the last run, else found
 * by an exponential search over 12-hour steps.
 */
import type { BayesMagic, BayesStore, BayesTxn, TokenCounts } from './store.js';

export const EXPIRY_PERIOD = 43200;
export const MIN_KEEP = 100000;
export const MIN_REDUCE = 1000;
/** The search tries atime deltas of EXPIRY_PERIOD × 2^0 .. 2^MAX_EXPONENT. */
export const MAX_EXPONENT = 9;
const PCT = 0.75;

/** How many tokens an expiry run aims to remove (negative: none). */
export function expiryReduction(ntokens: number, maxDbSize: number): number {
  return ntokens - Math.max(maxDbSize * PCT, MIN_KEEP);
}

export interface ExpiryResult {
  ran: boolean;
  removed: number;
  kept: number;
  delta: number;
  reason: string;
}

/** Whether an opportunistic expiry is due, from the counters (the forced path skips this). */
export function expiryDue(m: BayesMagic, maxDbSize: number, autoExpire: boolean, now: number): boolean {
  if (!autoExpire || now - m.lastExpire < EXPIRY_PERIOD) return false;
  if (m.ntokens <= MIN_KEEP || m.ntokens < maxDbSize) return false;
  return m.newestAtime - m.oldestAtime >= EXPIRY_PERIOD;
}

export function expireTokens(store: BayesStore, maxDbSize: number, now: number): Promise<ExpiryResult> {
  return store.write((tx) => runExpiry(tx, maxDbSize, now));
}

function runExpiry(tx: BayesTxn, maxDbSize: number, now: number): ExpiryResult {
  const m = tx.getMagic();
  const reduction = expiryReduction(m.ntokens, maxDbSize);
  const done = (reason: string, removed = 0, delta = 0): ExpiryResult => ({ ran: removed > 0, removed, kept: m.ntokens - removed, delta, reason });
  if (reduction < MIN_REDUCE) {
    tx.setMagic({ lastExpire: now });
    return done('not enough tokens to expire');
  }
  const all: [Buffer, TokenCounts][] = [...tx.tokens()];
  const olderThan = (age: number): number => all.filter(([, c]) => m.newestAtime - c.atime >= age).length;
  const delta = chooseAtimeDelta(olderThan, m, reduction, now);
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

/**
 * The atime delta of a run: estimated from the last run when that is close
 * enough, else the largest EXPIRY_PERIOD × 2^i that still removes more than
 * `reduction` tokens. `olderThan(age)` counts tokens at least `age` seconds
 * older than the newest atime (age is always EXPIRY_PERIOD × 2^i).
 */
export function chooseAtimeDelta(olderThan: (age: number) => number, last: Pick<BayesMagic, 'lastExpire' | 'lastAtimeDelta' | 'lastExpireReduce'>, reduction: number, now: number): number | undefined {
  const { lastExpire, lastAtimeDelta: lastDelta, lastExpireReduce: lastReduce } = last;
  const estimate = reduction > 0 ? Math.floor((lastDelta * lastReduce) / reduction) : 0;
  const useSearch = now - lastExpire > 30 * 86400 || lastDelta < EXPIRY_PERIOD || lastReduce < MIN_REDUCE
    || estimate < EXPIRY_PERIOD || lastReduce / reduction > 1.5 || reduction / lastReduce > 1.5;
  if (!useSearch) return estimate;
  let chosen: number | undefined;
  let chosenCount = 0;
  for (let i = 1; i <= 2 ** MAX_EXPONENT; i *= 2) {
    const count = olderThan(EXPIRY_PERIOD * i);
    if (count > reduction) {
      chosen = i;
      chosenCount = count;
    }
  }
  if (chosen === undefined || chosenCount < MIN_REDUCE) return undefined;
  return EXPIRY_PERIOD * chosen * 2;
}
