/**
 * One TxRep reputation entry and the arithmetic on it: the delta an entry
 * suggests for a message, and how a score is added to or removed from it.
 */
import { perlNumber } from '../report/perl-format.js';

export interface TxRepCounts {
  count: number;
  total: number;
}

/** An entry as read: a missing one is 0/0, and so is a broken one (SpamAssassin resets it with a warning). */
export function sanitized(e: TxRepCounts | undefined): TxRepCounts {
  if (!e || !(e.count >= 0) || Number.isNaN(e.total)) return { count: 0, total: 0 };
  return { count: e.count, total: e.total };
}

/**
 * The delta one identity suggests: where the message's score would move the
 * entry's mean once added, relative to the score. When the stored total and
 * the score agree in sign but that move goes the other way (a sender with a
 * positive history sending a more positive message), the score is left out
 * and the total alone is spread over count + 1, so reputation never pulls a
 * score towards 0. Without a score (a message-id lookup) the same spread.
 */
export function identityDelta(e: TxRepCounts, score: number | undefined): number {
  if (score === undefined) return e.total / (1 + e.count);
  const moved = (e.total + score) / (1 + e.count) - score;
  const sameSignPulledBack = (e.total > 0 && score > 0 && moved < 0) || (e.total < 0 && score < 0 && moved > 0);
  return sameSignPulledBack ? e.total / (1 + e.count) : moved;
}

/**
 * The total after adding `score` with dilution `d`: the old messages weigh d
 * each, so the mean becomes (d·total + score) / (d·count + 1), kept over
 * count + 1 messages.
 */
export function dilutedTotal(e: TxRepCounts, score: number, d: number): number {
  return ((e.count + 1) * (d * e.total + score)) / (d * e.count + 1);
}

/** SpamAssassin keeps totals as strings (DB_File): what is read back is the number printed to 15 significant digits. */
export function storedNumber(x: number): number {
  return Number(perlNumber(x));
}

/** Adds one message's score (a NaN score is refused). Dilution applies only to an entry that has messages. */
export function withScoreAdded(e: TxRepCounts, score: number, dilution: number | undefined): TxRepCounts {
  if (Number.isNaN(score)) return e;
  const added = dilution !== undefined && e.count > 0 ? dilutedTotal(e, score, dilution) - e.total : score;
  return { count: e.count + 1, total: storedNumber(e.total + added) };
}

/**
 * Takes one message's score out. The count drops by one, but from at most
 * 2 down to 1 (SpamAssassin subtracts 2, stops at 0, then counts the
 * removal as an addition); dilution is not undone.
 */
export function withScoreRemoved(e: TxRepCounts, score: number): TxRepCounts {
  if (Number.isNaN(score)) return e;
  const count = e.count > 2 ? e.count - 2 : 0;
  return { count: count + 1, total: storedNumber(e.total - score) };
}
