/**
 * The first e-mail address in a header value, as SpamAssassin's
 * `Header:first:addr` accessor yields it (its internal address parser, which
 * is deliberately lenient). Only what the envelope-sender decision needs:
 * Return-Path, X-Envelope-From, Envelope-Sender, X-Sender and a configured
 * envelope_sender_header.
 */
import { isPerlSpace, trimEndWhere } from '../octets.js';
import { byteRe } from './byte-regex.js';

const QUOTED = String.raw`"(?:[^"\\]|\\.)*"`;
const PHRASE = String.raw`(?:${QUOTED}|[^",;<])+`;
const MAIL = String.raw`(?:${QUOTED}|[^@\s<>()[\],:;]+)@(?:[^"\s<>()[\],:;]+|\[[\d:.]+\])`;
/** What may sit between `<` and `>`: anything ending in a non-space, with `>` and `@` only in its last word. */
const ENCLOSED = String.raw`\s*(?:[^>@\s]+\s+)*\S+`;
/** Extra `<…>` enclosures some senders repeat; taken greedily and never re-split (atomic). */
const DUPLICATES = String.raw`(?=(?<dups>(?:\s*<\s*(?:(?:${QUOTED})?\S+|\s*)\s*>)*))\k<dups>`;
/**
 * One list entry. Same language as SpamAssassin's pattern, written so that no
 * two quantifiers can split the same text: its `[^>@]*\S+` and repeated
 * `<\S+>` backtrack exponentially in JavaScript (Perl's possessive and
 * memoised matching hides that).
 */
const ENTRY = byteRe(
  String.raw`\s*(?:(?:(?<phrase>${PHRASE})\s*)?<\s*(?<enclosed>${ENCLOSED}|\s*)\s*>${DUPLICATES}|(?:(?<mail>${MAIL})|(?<bare>${PHRASE})))` +
    String.raw`(?:\s*\((?<comment>(?:[^()\\]|\\.)*)\))?\s*(?:[,;]|$)`,
  'iy',
);
const WHOLE_MAIL = byteRe(`^${MAIL}$`, 'i');
const ANGLED_MAIL = byteRe(`<(${MAIL})>`, 'gi');
const COMMENT = /\((?:[^()\\]|\\.)*\)/g;
const GROUP_PREFIX = byteRe(String.raw`^[^"()<>]+:\s*`);
const QUOTED_OR_PLAIN = /"((?:[^"\\]|\\.)*)"|([^"]+)/g;
const FQDN_HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/i;

function plausible(address: string | undefined): address is string {
  if (address === undefined || address.startsWith('""@')) return false;
  return (address.match(/"/g) ?? []).length !== 1;
}

/** Cut anything after a second `@`, as SpamAssassin does. */
function truncateAtSecondAt(address: string): string {
  const first = address.indexOf('@');
  const second = address.indexOf('@', first + 1);
  return second < 0 ? address : address.slice(0, second);
}

function unquotePhrase(phrase: string): string {
  let out = '';
  for (const m of phrase.matchAll(QUOTED_OR_PLAIN)) {
    if (m[1] !== undefined) out += m[1].replace(/\\(?!\\)/g, '').replace(/\\\\/g, '\\');
    else out += (m[2] ?? '').replace(COMMENT, '');
  }
  return out;
}

/** The address of one list entry, or undefined when the entry holds none. */
function entryAddress(m: RegExpExecArray): string | undefined {
  const { enclosed, mail } = m.groups ?? {};
  let address: string | undefined = enclosed ?? mail;
  if (enclosed !== undefined) {
    address = enclosed.replace(COMMENT, '');
    if (!WHOLE_MAIL.test(address)) address = undefined;
  }
  if (!plausible(address)) address = undefined;
  const phrase = m.groups?.['phrase'] ?? m.groups?.['bare'];
  if (address === undefined && phrase !== undefined) {
    // A lone phrase that is itself a valid address with a real host name counts as the address.
    const bare = unquotePhrase(phrase);
    const host = /^[^@]*@([^@]*)/.exec(bare)?.[1];
    if (WHOLE_MAIL.test(bare) && plausible(bare) && host !== undefined && FQDN_HOST.test(host)) address = bare;
  }
  return address === undefined ? undefined : truncateAtSecondAt(address);
}

const STRICT_LOCAL = `(?:${QUOTED}|[A-Za-z0-9!#$%&'*+/=?^_\\x60{|}~.-]+)`;
const STRICT_DOMAIN = String.raw`(?:[A-Za-z0-9.-]+|\[[^\]]*\])`;
const STRICT_ANGLED = new RegExp(`<[\t\n\r ]*(${STRICT_LOCAL}@${STRICT_DOMAIN})`);
const STRICT_BARE = new RegExp(`^[\t\n\r ]*(${STRICT_LOCAL}@${STRICT_DOMAIN})[\t\n\r ]*$`);

/**
 * SpamAssassin falls back to Email::Address::XS when its own parser finds
 * fewer addresses than the value has comma-separated parts. This is a small
 * approximation of that parser: per part, the addr-spec right after `<`
 * (ignoring junk before `>`), or a part that is just an addr-spec.
 */
function strictAddresses(raw: string): string[] {
  const found: string[] = [];
  for (const part of raw.split(',')) {
    const m = STRICT_ANGLED.exec(part) ?? STRICT_BARE.exec(part);
    if (m?.[1] !== undefined) found.push(m[1]);
  }
  return found;
}

/** All addresses SpamAssassin finds in a raw header value, in order. */
export function headerAddresses(raw: string): string[] {
  const lenient = lenientAddresses(raw);
  if (lenient.length >= (raw.match(/,/g) ?? []).length + 1) return lenient;
  const strict = strictAddresses(raw);
  return strict.length > lenient.length ? strict : lenient;
}

/** SpamAssassin's own lenient parser. */

function lenientAddresses(raw: string): string[] {
  let s = trimEndWhere(raw, isPerlSpace).replace(/\\\\/g, '').replace(GROUP_PREFIX, '');
  if (!/[^\t\n\v\f\r ]/.test(s)) return [];
  const found: string[] = [];
  // Entries are consumed from the front, as SpamAssassin's s///g loop does; a sticky regex avoids re-slicing.
  let consumed = 0;
  ENTRY.lastIndex = 0;
  for (let m = ENTRY.exec(s); m && m[0].length > 0; m = ENTRY.exec(s)) {
    consumed = ENTRY.lastIndex;
    const address = entryAddress(m);
    if (address !== undefined) found.push(address);
  }
  s = s.slice(consumed);
  if (s.includes('@')) {
    for (const m of s.matchAll(ANGLED_MAIL)) {
      if (plausible(m[1])) found.push(truncateAtSecondAt(m[1]));
    }
  }
  return found;
}

export function firstAddress(raw: string | undefined): string | undefined {
  return raw === undefined ? undefined : headerAddresses(raw)[0];
}
