/**
 * Header address parsing for `:addr` and `:name`, following SpamAssassin's
 * relaxed internal parser (Util::_parse_header_addresses): a list of
 * `phrase <addr>`, bare addresses or bare phrases, each optionally followed by
 * a (non-nested) comment, separated by commas or semicolons. When that reads
 * too little, SpamAssassin asks Email::Address::XS as well (address-parse-xs.ts).
 */
import { AngleBranchMatcher } from './address-angle-branch.js';
import { parseHeaderAddressesXs } from './address-parse-xs.js';
import { validParsedAddress } from './address-valid.js';
import { isFqdnValid } from './host-extract.js';
import { isPerlSpace, trimEndWhere } from './octets.js';
import type { Octets } from './types.js';

export interface ParsedAddress {
  phrase: Octets | undefined;
  address: Octets | undefined;
  user: Octets | undefined;
  host: Octets | undefined;
  comment: Octets | undefined;
}

// Perl's byte-string \s, spelled out (JS \s would also take U+00A0).
const W = '\\t\\n\\x0b\\f\\r ';
const SP = `[${W}]`;
const NSP = `[^${W}]`;
const QS = '"(?:[^"\\\\]|\\\\[^\\n])*"';
const MAILRE = `(?:${QS}|[^@${W}<>()\\[\\],:;]+)@(?:[^"${W}<>()\\[\\],:;]+|\\[[\\d:.]+\\])`;
// Perl's possessive `[^",;<]++` is emulated with a captured lookahead (an
// atomic group); without it a failing match backtracks exponentially.
const phrase = (tag: string): string => `(?:${QS}|(?=(?<${tag}>[^",;<]+))\\k<${tag}>)+`;
const COMMENT_BODY = '(?:[^()\\\\]|\\\\[^\\n])*';
/** What follows an address: an optional comment, then a separator or the end. */
const TAIL = `(?:${SP}*\\((?<c5>${COMMENT_BODY})\\))?${SP}*(?:[,;]|$)`;
/**
 * The `phrase <address>` branch up to its `<`; the rest is matched by hand
 * (address-angle-branch.ts). Its leading spaces are taken atomically: the
 * `<` it can reach is the same with fewer (the phrase would only take them
 * in), and giving them back one by one, each time reading the phrase again,
 * made a value of spaces and a `,` quadratic.
 */
const PHRASE_THEN_OPEN = new RegExp(`(?=(?<s0>${SP}*))\\k<s0>(?:(?<p1>${phrase('x1')})${SP}*)?<`, 'iy');
const TAIL_AT = new RegExp(TAIL, 'iy');
/** The other branch: a bare address, or a bare phrase. */
const BARE_ADDRESS = new RegExp(`${SP}*(?:(?<a3>${MAILRE})|(?<p4>${phrase('x2')}))${TAIL}`, 'iy');
const MAILRE_FULL = new RegExp(`^${MAILRE}$`, 'i');
const MAILRE_ANGLED = new RegExp(`<(${MAILRE})>`, 'gi');
const HAS_NON_SPACE = new RegExp(NSP);
const GROUP_PREFIX = new RegExp(`^[^"()<>]+:${SP}*([\\s\\S]*?)${SP}*(?:;[\\s\\S]*)?`);
const COMMENT_STRIP_RE = /\((?:[^()\\]|\\[\s\S])*\)/g;

/**
 * Parse the addresses of one header value (SA's parse_header_addresses): the
 * internal parser, and Email::Address::XS's reading when the internal one
 * found nothing or fewer addresses than the commas suggest and the module
 * finds more. SpamAssassin also means to prefer the module when the value has
 * two `(` (nested comments), but its test, `scalar($str =~ /\(/) >= 2`, counts
 * a boolean match and never holds; so it never does here either.
 */
export function parseHeaderAddresses(input: Octets): ParsedAddress[] {
  if (!HAS_NON_SPACE.test(input)) return [];
  const results = parseInternal(input);
  if (results.length === 0 || results.length < countCommas(input) + 1) {
    const xs = parseHeaderAddressesXs(input);
    if (xs.length > results.length) return xs;
  }
  return results;
}

function countCommas(s: string): number {
  let n = 0;
  for (let i = s.indexOf(','); i !== -1; i = s.indexOf(',', i + 1)) n++;
  return n;
}

/** Util::_parse_header_addresses. */
function parseInternal(input: Octets): ParsedAddress[] {
  // `s/\s+\z//` by hand: as a regex, V8 retries it from every space of a long run that is not at the end.
  let s = trimEndWhere(input, isPerlSpace).replace(/\\\\/g, '');
  s = s.replace(GROUP_PREFIX, '$1');
  if (!HAS_NON_SPACE.test(s)) return [];
  const results: ParsedAddress[] = [];
  const angled = listItemMatcher(s);
  let at = 0;
  for (let guard = 0; guard < 10000; guard++) {
    const m = listItemAt(s, at, angled);
    if (!m || m.end === at) break;
    at = m.end;
    results.push(oneAddress(m.groups));
  }
  const rest = s.slice(at);
  if (rest.includes('@')) collectAngled(rest, results);
  return results;
}

/** The hand matcher of the `<…>` branch for one value (exported with listItemAt for the differential test against the regex). */
export function listItemMatcher(s: string): AngleBranchMatcher {
  return new AngleBranchMatcher(s, PHRASE_THEN_OPEN, TAIL_AT);
}

/**
 * One item of the list at `at`, as SpamAssassin's `$header_address_re`
 * matches it there (its `^`): the captures, and where the match ended.
 */
export function listItemAt(s: string, at: number, angled: AngleBranchMatcher): { groups: AddressGroups; end: number } | undefined {
  const a = angled.matchAt(at);
  if (a) return { groups: { p1: a.phrase, a2: a.address, c5: a.tail.groups?.c5 }, end: a.tail.index + a.tail[0].length };
  BARE_ADDRESS.lastIndex = at;
  const m = BARE_ADDRESS.exec(s);
  if (!m) return undefined;
  const g = m.groups ?? {};
  return { groups: { a3: g.a3, p4: g.p4, c5: g.c5 }, end: BARE_ADDRESS.lastIndex };
}

export interface AddressGroups {
  p1?: string | undefined;
  a2?: string | undefined;
  a3?: string | undefined;
  p4?: string | undefined;
  c5?: string | undefined;
}

function oneAddress(g: AddressGroups): ParsedAddress {
  let phrase = g.p1 ?? g.p4;
  let address = g.a2 ?? g.a3;
  const comment = g.c5;
  if (g.a2 !== undefined) {
    address = g.a2.replace(COMMENT_STRIP_RE, '');
    if (!MAILRE_FULL.test(address)) address = undefined;
  }
  if (!validParsedAddress(address)) address = undefined;
  if (phrase !== undefined) {
    phrase = cleanPhrase(phrase);
    const hostOfPhrase = /^[^@]*@([^@]*)/.exec(phrase)?.[1];
    if (address === undefined && MAILRE_FULL.test(phrase) && validParsedAddress(phrase) && hostOfPhrase !== undefined && isFqdnValid(hostOfPhrase)) {
      address = phrase;
      phrase = undefined;
    } else if ((address !== undefined && phrase === address) || phrase === '') {
      phrase = undefined;
    }
  }
  if (phrase === undefined && comment !== undefined) phrase = comment;
  if (address === undefined) return { phrase, address, user: undefined, host: undefined, comment };
  const split = splitAt(address);
  return { phrase, address: split.address, user: split.user, host: split.host, comment };
}

/**
 * How SpamAssassin cuts an address after its host (`^(([^\@]*)\@([^\@]*)).*`
 * replaced by `$1`): user and host around the first `@`, the rest dropped;
 * but `.` stops at a newline, so whatever follows one stays in the address.
 */
function splitAt(address: string): { address: string; user: string; host: string } {
  const at = address.indexOf('@');
  const next = address.indexOf('@', at + 1);
  const end = next === -1 ? address.length : next;
  const newline = address.indexOf('\n', end);
  const rest = newline === -1 ? '' : address.slice(newline);
  return { address: address.slice(0, end) + rest, user: address.slice(0, at), host: address.slice(at + 1, end) };
}

/** Quoted strings lose quotes and escapes, unquoted text loses comments. */
function cleanPhrase(phrase: string): string {
  let out = '';
  const re = /"((?:[^"\\]|\\[\s\S])*)"|([^"]+)/g;
  for (let m = re.exec(phrase); m; m = re.exec(phrase)) {
    if (m[1] !== undefined) out += m[1].replace(/\\(?!\\)/g, '').replace(/\\\\/g, '\\');
    else out += m[2]!.replace(COMMENT_STRIP_RE, '');
  }
  return out;
}

/** Whatever the list parse left over: any `<user@host>` still counts. */
function collectAngled(rest: string, results: ParsedAddress[]): void {
  MAILRE_ANGLED.lastIndex = 0;
  for (let m = MAILRE_ANGLED.exec(rest); m; m = MAILRE_ANGLED.exec(rest)) {
    if (!validParsedAddress(m[1])) continue;
    const split = splitAt(m[1]);
    results.push({ phrase: undefined, address: split.address, user: split.user, host: split.host, comment: undefined });
  }
}
