/**
 * PerMsgStatus::all_from_addrs / all_to_addrs: the sender and recipient
 * addresses the list evals test, cached per message.
 */
import type { ScanContext } from '../../scan/context-types.js';
import { isFqdnValid } from './domains.js';
import { memo } from './memo.js';

const FROM_SOURCES = ['From:addr', 'Envelope-Sender:addr', 'Resent-Sender:addr', 'X-Envelope-From:addr', 'EnvelopeFrom:addr'];

const TO_SOURCES = [
  'To:addr', 'Apparently-To:addr', 'Delivered-To:addr', 'Envelope-Recipients:addr', 'Apparently-Resent-To:addr',
  'X-Envelope-To:addr', 'Envelope-To:addr', 'X-Delivered-To:addr', 'X-Original-To:addr', 'X-Rcpt-To:addr',
  'X-Real-To:addr', 'Cc:addr',
];

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** Resent-From's first address alone, else the From-like headers with dot runs squeezed. */
export function allFromAddrs(ctx: ScanContext): string[] {
  return memo(ctx, 'all_from_addrs', () => {
    const resent = ctx.headerList('Resent-From:first:addr');
    if (resent.length > 0) return unique(resent);
    const addrs = FROM_SOURCES.flatMap((spec) => ctx.headerList(spec))
      .filter((a) => a !== '')
      .map((a) => a.replace(/\.+/g, '.'));
    return unique(addrs);
  });
}

/** Recipients from the first three Received `for` clauses, then the To-like headers. */
function receivedForAddrs(ctx: ScanContext): string[] {
  const out: string[] = [];
  for (const line of ctx.headerList('Received').slice(0, 3)) {
    const m = / for <?(\S+@(\S+?))>?;/.exec(line);
    if (m && isFqdnValid(m[2] ?? '')) out.push(m[1] ?? '');
  }
  return out;
}

export function allToAddrs(ctx: ScanContext): string[] {
  return memo(ctx, 'all_to_addrs', () => {
    const resent = [...ctx.headerList('Resent-To:first:addr'), ...ctx.headerList('Resent-Cc:first:addr')];
    if (resent.length > 0) return unique(resent);
    return unique([...receivedForAddrs(ctx), ...TO_SOURCES.flatMap((spec) => ctx.headerList(spec))]);
  });
}
