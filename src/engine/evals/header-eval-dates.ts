/**
 * HeaderEval's date checks: how far the Date header is from the times in
 * the Received headers, and the Outlook Message-ID timestamp.
 */
import type { ScanContext } from '../scan/context-types.js';
import { memo } from './util/memo.js';
import { isUndefArg, perlNum } from './util/perl-values.js';
import { parseRfc822Date } from './util/rfc822-date.js';

/** The first parseable Resent-Date, else Date. */
export function dateHeaderTime(ctx: ScanContext): number | undefined {
  return memo(ctx, 'date_header_time', () => {
    for (const name of ['Resent-Date', 'Date']) {
      for (const raw of ctx.headerList(name)) {
        const date = raw.replace(/\n$/, '');
        if (date === '') continue;
        const t = parseRfc822Date(date);
        if (t !== undefined) return t;
      }
    }
    return undefined;
  });
}

const RCVD_DATE = /([\t\n\v\f\r ].?\d+ [^\t\n\v\f\r ][^\t\n\v\f\r ][^\t\n\v\f\r ] \d+ \d+:\d+:\d+ [^\t\n\v\f\r ]+)/;

interface ReceivedTimes {
  /** Times of the Received headers after the local hops, newest first. */
  times: number[];
  /** The latest time of a local delivery / fetchmail hop that is not in the future. */
  fetchmail: number | undefined;
}

function lineTime(line: string): number | undefined {
  const m = RCVD_DATE.exec(line);
  return m ? parseRfc822Date(m[1] ?? '') : undefined;
}

/** Received times, setting aside a leading local delivery hop followed by a fetchmail hop. */
export function receivedTimes(ctx: ScanContext): ReceivedTimes {
  return memo(ctx, 'received_header_times', () => {
    const received = ctx.header('Received').split('\n').filter((l) => /[^\t\n\v\f\r ]/.test(l));
    const local: string[] = [];
    const first = received[0] ?? '';
    if (/\bfrom (?:localhost[\t\n\v\f\r ]|(?:[^\t\n\v\f\r ]+ ){1,2}[^\t\n\v\f\r ]*\b127\.0\.0\.1\b)/.test(first) || /qmail \d+ invoked by uid \d+/.test(first)) {
      local.push(received.shift() as string);
    }
    if (received.length > 0 && /\bby localhost with \w+ \(fetchmail-[\d.]+/.test(received[0] ?? '')) {
      local.push(received.shift() as string);
    } else if (local.length > 0) {
      received.unshift(local.shift() as string);
    }
    const nowSec = ctx.now.getTime() / 1000;
    const fetchTimes = local.map(lineTime).filter((t): t is number => t !== undefined && nowSec >= t);
    const fetchmail = fetchTimes.length > 0 ? Math.max(...fetchTimes) : undefined;
    const times = received.map(lineTime).filter((t): t is number => t !== undefined);
    return { times, fetchmail };
  });
}

/** Date header minus the nearest Received time, in seconds (0 when either is missing). */
export function dateDiff(ctx: ScanContext): number {
  return memo(ctx, 'date_diff', () => {
    const date = dateHeaderTime(ctx);
    if (date === undefined) return 0;
    const times = receivedTimes(ctx).times;
    if (times.length === 0) return 0;
    const diffs = times.map((t) => date - t);
    // An unchanged date in the bottom hop usually means the first MTA wrote the Date header.
    if (diffs.length > 1 && diffs[diffs.length - 1] === 0) diffs.pop();
    diffs.sort((a, b) => Math.abs(a) - Math.abs(b));
    return diffs[0] ?? 0;
  });
}

export function checkForShiftedDate(ctx: ScanContext, args: readonly string[]): boolean {
  const [min, max] = args;
  const diff = dateDiff(ctx);
  return (isUndefArg(min) || diff >= 3600 * perlNum(min)) && (isUndefArg(max) || diff < 3600 * perlNum(max));
}

const OUTLOOK_ID = /^<[0-9a-f]{4}([0-9a-f]{8})\$[0-9a-f]{8}\$[0-9a-f]{8}@/;
const SLOPE = 0.0023283064365387;
const OFFSET = 27111902.8329849;
const FUDGE = 250;

function outlookTokenMismatch(token: number, time: number): boolean {
  return Math.abs(token - Math.trunc(time * SLOPE + OFFSET)) >= FUDGE;
}

/** An Outlook-style Message-ID whose embedded time fits neither Date nor the last Received date. */
export function checkOutlookMessageId(ctx: ScanContext): boolean {
  const m = OUTLOOK_ID.exec(ctx.header('MESSAGEID'));
  if (!m) return false;
  const token = parseInt(m[1] ?? '0', 16);
  if (!outlookTokenMismatch(token, parseRfc822Date(ctx.header('Date')) ?? 0)) return false;
  // SpamAssassin matches a date pattern here but then parses the whole Received text, so the
  // first date in it (the newest hop) is the one compared.
  return outlookTokenMismatch(token, parseRfc822Date(ctx.header('Received')) ?? 0);
}
