/**
 * IP address shapes as SpamAssassin 4.0.1 recognises them in Received
 * headers (its IP_ADDRESS, IP_PRIVATE and LOCALHOST constants), written as
 * JavaScript pattern sources so they can be embedded in larger patterns.
 *
 * The sources are case-insensitive by construction (explicit [aA] classes)
 * because SpamAssassin compiles them with /i even when the enclosing pattern
 * is case-sensitive.
 */
import { anyCase, byteRe } from './byte-regex.js';

const HEX = '[a-fA-F0-9]';
const OCTET = '(?:1\\d\\d|2[0-4]\\d|25[0-5]|[1-9]\\d|\\d)';
const DOTTED = `${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}`;
const V6_LEAD = `(?:${anyCase('IPv6:')}|(?<![a-fA-F0-9:]))`;

/** The 12-byte prefixes under which an IPv4 address may be written inside IPv6. */
const MAPPED_PREFIX = [
  `(?:${HEX}{1,4}:){6}`,
  `::(?:${HEX}{1,4}:){0,5}`,
  `(?:${HEX}{1,4}:){1,5}:`,
  `${HEX}{1,4}::(?:${HEX}{1,4}:){1,4}`,
  `(?:${HEX}{1,4}:){2}:(?:${HEX}{1,4}:){1,3}`,
  `(?:${HEX}{1,4}:){3}:(?:${HEX}{1,4}:){1,2}`,
  `(?:${HEX}{1,4}:){4}:${HEX}{1,4}:`,
].join('|');

/** Pure IPv6 spellings, in SpamAssassin's order (the order decides what an unanchored search captures). */
const PURE_V6 = [
  `(?:${HEX}{1,4}:){7}${HEX}{1,4}`,
  `:(?::${HEX}{1,4}){1,7}`,
  `(?:${HEX}{1,4}:){1,7}:`,
  `${HEX}{1,4}:(?::${HEX}{1,4}){1,6}`,
  `(?:${HEX}{1,4}:){2}(?::${HEX}{1,4}){1,5}`,
  `(?:${HEX}{1,4}:){3}(?::${HEX}{1,4}){1,4}`,
  `(?:${HEX}{1,4}:){4}(?::${HEX}{1,4}){1,3}`,
  `(?:${HEX}{1,4}:){5}(?::${HEX}{1,4}){1,2}`,
  `(?:${HEX}{1,4}:){6}:${HEX}{1,4}`,
  '::',
].join('|');

/** An IPv4, IPv4-in-IPv6 or IPv6 address (optionally `IPv6:`-prefixed). No capture groups. */
export const IP_ADDRESS =
  `(?:\\b(?<!:)${DOTTED}\\b|${V6_LEAD}(?:(?:${MAPPED_PREFIX})${DOTTED}|${PURE_V6})(?![a-fA-F0-9:]))`;

const ZERO = '0{1,4}';
const MAPPED_ZERO_PREFIX = [
  `(?:${ZERO}:){5}ffff:`,
  `::(?:${ZERO}:){0,4}ffff:`,
  `(?:${ZERO}:){1,4}:ffff:`,
  `${ZERO}::(?:${ZERO}:){1,3}ffff:`,
  `(?:${ZERO}:){2}:0{1,2}:ffff:`,
  `(?:${ZERO}:){3}:0:ffff:`,
  `(?:${ZERO}:){4}:ffff:`,
].join('|');

const LOOPBACK_V6 = [
  `(?:${ZERO}:){7}0{0,3}1`,
  `:(?::${ZERO}){0,6}:0{0,3}1`,
  `${ZERO}:(?::${ZERO}){0,5}:0{0,3}1`,
  `(?:${ZERO}:){2}(?::${ZERO}){0,4}:0{0,3}1`,
  `(?:${ZERO}:){3}(?::${ZERO}){0,3}:0{0,3}1`,
  `(?:${ZERO}:){4}(?::${ZERO}){0,2}:0{0,3}1`,
  `(?:${ZERO}:){5}(?::${ZERO}){0,1}:0{0,3}1`,
  `(?:${ZERO}:){6}:0{0,3}1`,
].join('|');

const PRIVATE_V4 =
  '(?:10|127|169\\.254|172\\.(?:1[6-9]|2[0-9]|3[01])|192\\.168|100\\.(?:6[4-9]|[7-9][0-9]|1[01][0-9]|12[0-7]))\\..*';

/**
 * SpamAssassin's notion of a private address: RFC 1918, loopback, link-local,
 * CGNAT (100.64/10), the same inside ::ffff:, fe80::/10 and ::1. It does not
 * include TEST-NET ranges or IPv6 ULA (fc00::/7), which SpamAssassin 4.0.1
 * treats as public.
 */
const IP_PRIVATE_RE = new RegExp(
  `^(?:${PRIVATE_V4}|(?:IPv6:|(?<![a-f0-9:]))(?:(?:${MAPPED_ZERO_PREFIX})${PRIVATE_V4}|fe[89ab][0-9a-f]:.*|${LOOPBACK_V6})(?![a-f0-9:]))`,
  'is',
);

export function isPrivateIp(ip: string): boolean {
  return IP_PRIVATE_RE.test(ip);
}

/** The ways of writing "localhost" that SpamAssassin's LOCALHOST constant accepts. No capture groups. */
export const LOCALHOST =
  `(?:${anyCase('localhost')}(?:${anyCase('.localdomain')})?|\\b(?<!:)127\\.0\\.0\\.1\\b|` +
  `${V6_LEAD}(?:(?:${MAPPED_ZERO_PREFIX.replace(/ffff/g, '[fF]{4}')})127\\.0\\.0\\.1|${LOOPBACK_V6})(?![a-fA-F0-9:]))`;

/** LOCALHOST and IP_ADDRESS without their IPv6 spellings, for lines that cannot hold one. */
const IPV4_ADDRESS = `(?:\\b(?<!:)${DOTTED}\\b)`;
const LOCALHOST_V4 = `(?:${anyCase('localhost')}(?:${anyCase('.localdomain')})?|\\b(?<!:)127\\.0\\.0\\.1\\b)`;

/**
 * Every IPv6 spelling SpamAssassin accepts contains `::` or six hex groups
 * each followed by a colon; a line with neither cannot hold one.
 */
const SIX_GROUPS = /(?:[0-9a-fA-F]{1,4}:){6}/;

function atLeastColons(s: string, n: number): boolean {
  let at = -1;
  for (let i = 0; i < n; i++) {
    at = s.indexOf(':', at + 1);
    if (at < 0) return false;
  }
  return true;
}

let lastLine = '';
let lastAnswer = false;

/** Memoised for the last line asked about: every pattern of a line asks the same question. */
export function mayHoldIpv6(s: string): boolean {
  if (s === lastLine) return lastAnswer;
  lastLine = s;
  lastAnswer = s.includes('::') || (atLeastColons(s, 6) && SIX_GROUPS.test(s));
  return lastAnswer;
}

/** What the format tables need from a pattern. */
export interface Pattern {
  exec(s: string): RegExpExecArray | null;
  test(s: string): boolean;
}

/**
 * A pattern compiled twice: with the full address shapes, and with IPv4 only.
 * The IPv6 alternatives make V8 run the pattern many times slower, and most
 * lines cannot contain IPv6, so those lines use the lean variant; results are
 * identical because the IPv6 alternatives could not have matched.
 */
class IpPattern implements Pattern {
  constructor(private readonly full: RegExp, private readonly lean: RegExp) {}

  private pick(s: string): RegExp {
    return mayHoldIpv6(s) ? this.full : this.lean;
  }

  exec(s: string): RegExpExecArray | null {
    return this.pick(s).exec(s);
  }

  test(s: string): boolean {
    return this.pick(s).test(s);
  }
}

function expand(source: string, ip: string, localhost: string): string {
  return source.replaceAll('{IP}', ip).replaceAll('{LOCALHOST}', localhost);
}

/** Compile a pattern that embeds `{IP}` and `{LOCALHOST}` placeholders (Perl byte semantics for \\s). */
export function receivedRe(source: string, flags = ''): Pattern {
  if (!source.includes('{IP}') && !source.includes('{LOCALHOST}')) return byteRe(source, flags);
  return new IpPattern(
    byteRe(expand(source, IP_ADDRESS, LOCALHOST), flags),
    byteRe(expand(source, IPV4_ADDRESS, LOCALHOST_V4), flags),
  );
}

/** Tagged-template form of receivedRe: the template is taken raw, so backslashes need no doubling. */
export function rx(strings: TemplateStringsArray): Pattern {
  return receivedRe(strings.raw.join(''));
}
