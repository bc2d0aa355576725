/**
 * The IP part of a reputation key (AWL `ip_to_awl_key`): the originating
 * address masked to a block, written the way SpamAssassin writes it, so
 * keys are comparable with a SpamAssassin AWL database.
 */
import ipaddr from 'ipaddr.js';

/** SpamAssassin's triage of an IPv6 address before NetAddr::IP reads it. */
const LOOKS_LIKE_IPV6 = /^[0-9a-f]{0,4}(?::[0-9a-f]{0,4}|\.[0-9]{1,3}){2,9}$/i;
/** SpamAssassin's SQL column for the block holds 39 characters; every store keeps the cut. */
const MAX_KEY_LENGTH = 39;

/**
 * `a.b` for the default /16; full form at /32; trailing zero groups dropped
 * otherwise. IPv6 (anything with a colon, IPv4-mapped too): NetAddr::IP's
 * full6 form, in upper case as SpamAssassin stores it, the zero tail
 * compressed to `::` (`2001:0DB8:ABCD::` at /48). What SpamAssassin cannot
 * read as an address is `none`.
 */
export function ipBlockKey(ip: string | undefined, v4MaskLen = 16, v6MaskLen = 48): string {
  if (ip === undefined || ip === '') return 'none';
  const dotted = /^(\d{1,3}\.\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(ip);
  if (dotted) {
    // At the default /16 and at /32 SpamAssassin keeps the octets exactly as written.
    if (v4MaskLen === 16) return dotted[1] as string;
    if (v4MaskLen === 32) return ip;
    return ipaddr.IPv4.isValidFourPartDecimal(ip) ? v4Key(ipaddr.IPv4.parse(ip).toByteArray(), v4MaskLen) : 'none';
  }
  if (!ip.includes(':') || !LOOKS_LIKE_IPV6.test(ip) || !ipaddr.IPv6.isValid(ip)) return 'none';
  return v6Key(ipaddr.IPv6.parse(ip).parts, v6MaskLen).slice(0, MAX_KEY_LENGTH);
}

function v4Key(bytes: number[], maskLen: number): string {
  const len = Math.max(0, Math.min(32, maskLen));
  if (len === 32) return bytes.join('.');
  const masked = bytes.map((b, i) => {
    const bits = Math.max(0, Math.min(8, len - i * 8));
    return b & ((0xff << (8 - bits)) & 0xff);
  });
  return masked.join('.').replace(/(?:\.0){1,3}$/, '');
}

function v6Key(parts: number[], maskLen: number): string {
  const len = Math.max(0, Math.min(128, maskLen));
  const masked = parts.map((p, i) => {
    const bits = Math.max(0, Math.min(16, len - i * 16));
    return p & ((0xffff << (16 - bits)) & 0xffff);
  });
  return masked.map((p) => p.toString(16).toUpperCase().padStart(4, '0')).join(':').replace(/(?::0000){1,7}$/, '::');
}

/** The address part of a key: the characters the DB_File store cannot keep become `_`. */
export function addressKey(addr: string): string {
  return addr.toLowerCase().replace(/[\0;'"!|]/g, '_');
}

export function entryKey(addr: string, ipKey: string): string {
  return `${addressKey(addr)}|ip=${ipKey}`;
}
