/**
 * Header values are "pre-chewed" before line tokenization, so identifiers
 * that are unique per message (queue ids, dates, boundaries) do not flood
 * the database with tokens seen once (Bayes `_pre_chew_*`).
 */
import { parseHeaderAddresses } from '../message/address-parse.js';
import { mailAddressTokens } from './line-tokenizer.js';

const SP = '[\\t\\n\\x0B\\f\\r ]';
const NSP = '[^\\t\\n\\x0B\\f\\r ]';

const OE_MSGID = new RegExp(`<([0-9a-f]{4})[0-9a-f]{4}[0-9a-f]{4}\\$([0-9a-f]{4})[0-9a-f]{4}\\$([0-9a-f]{8})@(${NSP}+)>`, 'g');
const EXIM_MSGID = /<[A-Za-z0-9]{7}-[A-Za-z0-9]{6}-0[A-Za-z0-9]@/;
const SENDMAIL_MSGID = /<20\d\d[01]\d[0123]\d[012]\d[012345]\d[012345]\d\.[A-F0-9]{10,12}@/g;

export function chewMessageId(val: string): string {
  return val
    .replace(OE_MSGID, ' OEA$1 OEB$2 OEC$3 $4 ')
    .replace(EXIM_MSGID, '')
    .replace(SENDMAIL_MSGID, '')
    .replace(/[^_A-Za-z0-9]/g, ' ');
}

const RCVD_REWRITES: readonly [RegExp, string][] = [
  [new RegExp(`${SP}with${SP}SMTP${SP}id${SP}g[\\dA-Z]{10,12}${SP}`, 'g'), ' '],
  [new RegExp(`${SP}with${SP}ESMTP${SP}id${SP}[\\dA-F]{10,12}${SP}`, 'g'), ' '],
  [new RegExp(`\\bid${SP}[a-zA-Z0-9]{7,20}\\b`, 'g'), ' '],
  [new RegExp(`\\bid${SP}[A-Za-z0-9]{7}-[A-Za-z0-9]{6}-0[A-Za-z0-9]`, 'g'), ' '],
  [
    new RegExp(
      `(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),${SP})?[0-3\\t\\n\\x0B\\f\\r ]?[0-9]${SP}` +
        `(?:Jan|Feb|Ma[ry]|Apr|Ju[nl]|Aug|Sep|Oct|Nov|Dec)${SP}(?:19|20)?[0-9]{2}${SP}` +
        `[0-2][0-9](?::[0-5][0-9]){1,2}${SP}(?:${SP}*\\(|\\)|${SP}*(?:[+-][0-9]{4})|${SP}*(?:UT|[A-Z]{2,3}T))*`,
      'g',
    ),
    '',
  ],
];

/**
 * Received: ids and dates go; each IPv4 address becomes its /24 plus an
 * `ip*` copy. SpamAssassin meant to keep 10/8 and 192.168/16 whole, but its
 * test compares a capture that includes the dot, so it never applies.
 */
export function chewReceived(val: string): string {
  let v = val;
  for (const [re, to] of RCVD_REWRITES) v = v.replace(re, to);
  v = v.replace(/\b(\d{1,3}\.)(\d{1,3}\.)(\d{1,3})(\.\d{1,3})\b/g, '$1$2$3 ip*$1$2$3$4 ');
  return v.replace(/\b(?:with|from|for|SMTP|ESMTP)\b/g, ' ');
}

/** Content-Type: the boundary is reduced to its shape (hex digits → H) and appended. */
export function chewContentType(val: string): string {
  let boundary: string | undefined;
  let v = val.replace(/boundary=["']([^\n]*?)["']/gi, (_m, b: string) => {
    boundary = b;
    return ' ';
  });
  if (boundary !== undefined) v += boundary.replace(/[a-fA-F0-9]/g, 'H').replace(/([-_.=]+)/g, ' $1 ');
  return v.replace(/\b(?:text|charset)\b/g, ' ');
}

/** Address headers: display-name words as N*, addresses as U* and D* tokens. */
export function chewAddressHeader(val: string): string {
  const toks: string[] = [];
  for (const addr of parseHeaderAddresses(val)) {
    if (addr.phrase !== undefined) {
      // Perl's split(/\s+/) keeps a leading empty field and drops trailing ones.
      const words = addr.phrase.split(new RegExp(`${SP}+`));
      while (words.length > 0 && words[words.length - 1] === '') words.pop();
      for (const w of words) toks.push(`N*${w}`);
    }
    if (addr.address !== undefined) toks.push(...mailAddressTokens(addr.address));
  }
  return toks.join(' ');
}
