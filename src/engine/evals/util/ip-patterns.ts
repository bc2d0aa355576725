/**
 * IP address patterns with the exact acceptance SpamAssassin's Constants.pm
 * gives them (IPV4_ADDRESS, IP_ADDRESS, IP_PRIVATE). Evals run them over
 * header text, so they are regex sources, not parsers: a "private" IPv6
 * address is recognised by shape, as SpamAssassin does.
 */

const OCTET = '(?:1\\d\\d|2[0-4]\\d|25[0-5]|[1-9]\\d|\\d)';
const DOTTED_QUAD = `${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}`;
// Spelled case-insensitively so the source can sit inside case-sensitive patterns, as
// SpamAssassin's own qr//i constants do inside other regexes.
const H = '[a-fA-F0-9]{1,4}';
const IPV6_TAG = '[Ii][Pp][Vv]6:';
const NOT_AFTER_HEX = '(?<![a-fA-F0-9:])';
const NOT_BEFORE_HEX = '(?![a-fA-F0-9:])';

/** IPv4 dotted quad between word boundaries. */
export const IPV4_ADDRESS_SRC = `\\b${DOTTED_QUAD}\\b`;

const IPV6_WITH_V4_TAIL = [
  `(?:${H}:){6}`,
  `::(?:${H}:){0,5}`,
  `(?:${H}:){1,5}:`,
  `${H}::(?:${H}:){1,4}`,
  `(?:${H}:){2}:(?:${H}:){1,3}`,
  `(?:${H}:){3}:(?:${H}:){1,2}`,
  `(?:${H}:){4}:${H}:`,
].join('|');

const IPV6_PURE = [
  `(?:${H}:){7}${H}`,
  `:(?::${H}){1,7}`,
  `(?:${H}:){1,7}:`,
  `${H}:(?::${H}){1,6}`,
  `(?:${H}:){2}(?::${H}){1,5}`,
  `(?:${H}:){3}(?::${H}){1,4}`,
  `(?:${H}:){4}(?::${H}){1,3}`,
  `(?:${H}:){5}(?::${H}){1,2}`,
  `(?:${H}:){6}:${H}`,
  '::',
].join('|');

/** Any IPv4 or IPv6 address (optionally `IPv6:`-prefixed), unanchored. */
export const IP_ADDRESS_SRC =
  `(?:\\b(?<!:)${DOTTED_QUAD}\\b|(?:${IPV6_TAG}|${NOT_AFTER_HEX})(?:(?:${IPV6_WITH_V4_TAIL})${DOTTED_QUAD}|${IPV6_PURE})${NOT_BEFORE_HEX})`;

const PRIVATE_V4_HEAD = '(?:10|127|169\\.254|172\\.(?:1[6-9]|2[0-9]|3[01])|192\\.168|100\\.(?:6[4-9]|[7-9][0-9]|1[01][0-9]|12[0-7]))';
const MAPPED_PREFIX = [
  '(?:0{1,4}:){5}ffff:',
  '::(?:0{1,4}:){0,4}ffff:',
  '(?:0{1,4}:){1,4}:ffff:',
  '0{1,4}::(?:0{1,4}:){1,3}ffff:',
  '(?:0{1,4}:){2}:0{1,2}:ffff:',
  '(?:0{1,4}:){3}:0:ffff:',
  '(?:0{1,4}:){4}:ffff:',
].join('|');
const LOOPBACK_V6 = [
  '(?:0{1,4}:){7}0{0,3}1',
  ':(?::0{1,4}){0,6}:0{0,3}1',
  '0{1,4}:(?::0{1,4}){0,5}:0{0,3}1',
  '(?:0{1,4}:){2}(?::0{1,4}){0,4}:0{0,3}1',
  '(?:0{1,4}:){3}(?::0{1,4}){0,3}:0{0,3}1',
  '(?:0{1,4}:){4}(?::0{1,4}){0,2}:0{0,3}1',
  '(?:0{1,4}:){5}(?::0{1,4}){0,1}:0{0,3}1',
  '(?:0{1,4}:){6}:0{0,3}1',
].join('|');

const IP_PRIVATE_SRC =
  `^(?:${PRIVATE_V4_HEAD}\\..*|(?:IPv6:|(?<![a-f0-9:]))(?:(?:${MAPPED_PREFIX})${PRIVATE_V4_HEAD}\\..*|fe[89ab][0-9a-f]:.*|${LOOPBACK_V6})(?![a-f0-9:]))`;

const IS_IP_PRIVATE = new RegExp(`${IP_PRIVATE_SRC}$`, 'i');
const IS_IPV4 = new RegExp(`^${IPV4_ADDRESS_SRC}$`);
const IS_IP = new RegExp(`^${IP_ADDRESS_SRC}$`);
const HAS_IP = new RegExp(IP_ADDRESS_SRC);

/** SpamAssassin's IS_IP_PRIVATE: private, loopback, link-local or CGNAT. */
export function isIpPrivate(s: string): boolean {
  return IS_IP_PRIVATE.test(s);
}

export function isIpv4Address(s: string): boolean {
  return IS_IPV4.test(s);
}

/** SpamAssassin's IS_IP_ADDRESS (whole string). */
export function isIpAddress(s: string): boolean {
  return IS_IP.test(s);
}

/** Whether an IP address appears anywhere in the text (`/$IP_ADDRESS/`). */
export function containsIpAddress(s: string): boolean {
  return HAS_IP.test(s);
}
