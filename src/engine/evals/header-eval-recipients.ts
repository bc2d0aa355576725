/**
 * HeaderEval's recipient-list shape checks: alphabetically sorted and
 * suspiciously similar To/Cc addresses (dictionary attacks).
 */
import type { ScanContext } from '../scan/context-types.js';
import { memo } from './util/memo.js';
import { lcBytes, perlNum } from './util/perl-values.js';

const SORTED_COUNT = 7;
const SIMILAR_COUNT = 5;
const SIMILAR_LENGTH = 2;
const MAX_ADDRESSES = 256;

interface RecipientShape { sorted: boolean; similar: number }

function collectAddresses(ctx: ScanContext): string[] {
  const inputs: string[] = [];
  for (const spec of ['ToCc:addr', 'Bcc:addr']) {
    inputs.push(...ctx.headerList(spec));
    if (inputs.length >= SIMILAR_COUNT) break;
  }
  const addresses: string[] = [];
  let previous = '';
  for (const current of inputs) {
    // The Perl loop stops at the first false value ('' or '0').
    if (current === '' || current === '0') break;
    if (lcBytes(current) !== lcBytes(previous)) addresses.push((previous = current));
    if (addresses.length === MAX_ADDRESSES) break;
  }
  return addresses;
}

function similarity(addresses: readonly string[]): number {
  const user = addresses.map((a) => a.slice(0, SIMILAR_LENGTH));
  // A map over a failed match yields nothing in Perl, so later hosts shift left.
  const fqhn = addresses.flatMap((a) => {
    const m = /@(.*)/.exec(a);
    return m ? [m[1] ?? ''] : [];
  });
  const host = fqhn.map((h) => h.slice(0, SIMILAR_LENGTH));
  let hits = 0;
  let combinations = 0;
  for (let i = 0; i < addresses.length; i++) {
    for (let j = i + 1; j < addresses.length; j++) {
      if (user[i] === user[j]) hits++;
      if ((host[i] ?? '') === (host[j] ?? '') && (fqhn[i] ?? '') !== (fqhn[j] ?? '')) hits++;
      combinations++;
    }
  }
  return hits / combinations;
}

function recipientShape(ctx: ScanContext): RecipientShape {
  return memo(ctx, 'tocc_shape', () => {
    const addresses = collectAddresses(ctx);
    const sorted = addresses.length >= SORTED_COUNT && addresses.join(',') === [...addresses].sort().join(',');
    const similar = addresses.length >= SIMILAR_COUNT ? similarity(addresses) : 0;
    return { sorted, similar };
  });
}

export const sortedRecipients = (ctx: ScanContext): boolean => recipientShape(ctx).sorted;

export function similarRecipients(ctx: ScanContext, args: readonly string[]): boolean {
  const [min, max] = args;
  const s = recipientShape(ctx).similar;
  return (min === 'undef' || s >= perlNum(min)) && (max === 'undef' || s < perlNum(max));
}
