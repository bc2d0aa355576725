/**
 * HeaderEval's received_within_months: the message's best-guess receive
 * date (median of the Date header, the newest Received date, the fetchmail
 * date and the Date corrected by the Received skew), compared with now.
 */
import type { ScanContext } from '../scan/context-types.js';
import { dateDiff, dateHeaderTime, receivedTimes } from './header-eval-dates.js';
import { memo } from './util/memo.js';
import { isUndefArg, perlNum } from './util/perl-values.js';

const SECONDS_PER_YEAR = 31556952;

function dateReceived(ctx: ScanContext): number {
  return memo(ctx, 'date_received', () => {
    const candidates: number[] = [];
    const date = dateHeaderTime(ctx);
    if (date !== undefined) candidates.push(date);
    const { times, fetchmail } = receivedTimes(ctx);
    if (times.length > 0) candidates.push(times[0] as number);
    if (fetchmail !== undefined) candidates.push(fetchmail);
    if (date !== undefined && times.length > 0) candidates.push(date - dateDiff(ctx));
    if (candidates.length === 0) return 0;
    candidates.sort((a, b) => b - a);
    return candidates[Math.trunc((candidates.length - 1) / 2)] as number;
  });
}

export function receivedWithinMonths(ctx: ScanContext, args: readonly string[]): boolean {
  const [min, max] = args;
  const diff = ctx.now.getTime() / 1000 - dateReceived(ctx);
  return (isUndefArg(min) || diff >= SECONDS_PER_YEAR * (perlNum(min) / 12)) &&
    (isUndefArg(max) || diff < SECONDS_PER_YEAR * (perlNum(max) / 12));
}
