/**
 * Host, domain and IP extraction for the `:host`, `:domain`, `:ip` and
 * `:revip` header modifiers (PerMsgStatus::_get), plus the FQDN check and
 * registrable-domain split they rely on (Util::is_fqdn_valid,
 * RegistryBoundaries::split_domain).
 */
import { isPerlSpace, trimTrailingDots } from './octets.js';
import type { Octets } from './types.js';
import { idnToAscii } from './uris/idn.js';

/** The registry lists from the configuration (util_rb_tld / _2tld / _3tld). */
export interface RegistryLists {
  tlds: ReadonlySet<string>;
  twoLevel: ReadonlySet<string>;
  threeLevel: ReadonlySet<string>;
}

const NSP = '[^\\t\\n\\x0b\\f\\r ]';
const OCTET = '(?:1\\d\\d|2[0-4]\\d|25[0-5]|[1-9]\\d|\\d)';
const V4 = `${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}`;
const H = '[a-f0-9]{1,4}';
const V6_MAPPED_HEAD = [
  `(?:${H}:){6}`, `::(?:${H}:){0,5}`, `(?:${H}:){1,5}:`, `${H}::(?:${H}:){1,4}`,
  `(?:${H}:){2}:(?:${H}:){1,3}`, `(?:${H}:){3}:(?:${H}:){1,2}`, `(?:${H}:){4}:${H}:`,
].join('|');
const V6_PURE = [
  `(?:${H}:){7}${H}`, `:(?::${H}){1,7}`, `(?:${H}:){1,7}:`, `${H}:(?::${H}){1,6}`,
  `(?:${H}:){2}(?::${H}){1,5}`, `(?:${H}:){3}(?::${H}){1,4}`, `(?:${H}:){4}(?::${H}){1,3}`,
  `(?:${H}:){5}(?::${H}){1,2}`, `(?:${H}:){6}:${H}`, '::',
].join('|');
/** SpamAssassin's IP_ADDRESS, wrapped as the `:ip` modifier uses it. */
const IP_RE = new RegExp(
  `(?<!\\.)\\b((?:\\b(?<!:)${V4}\\b|(?:IPv6:|(?<![a-f0-9:]))(?:(?:${V6_MAPPED_HEAD})${V4}|${V6_PURE})(?![a-f0-9:])))\\b(?!\\.)`,
  'i',
);

const US_STATES = new Set(
  ('ak al ar az ca co ct dc de fl ga gu hi ia id il in ks ky la ma md me mi mn mo ms mt nc nd ne nh nj nm nv ny ' +
    'oh ok or pa pr ri sc sd tn tx ut va vi vt wa wi wv wy').split(' '),
);

/** Util::is_fqdn_valid after idn_to_ascii: at least two labels, LDH (+ `_` below the registrable part). */
export function isFqdnValid(host: string): boolean {
  const h = trimTrailingDots(idnToAscii(host));
  if (h.length > 253) return false;
  const labels = h.split('.');
  let cnt = labels.length;
  if (cnt < 2) return false;
  for (const label of labels) {
    if (label.length < 1 || label.length > 63) return false;
    if (!/^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$/.test(label)) return false;
    if (cnt <= 2 && label.includes('_')) return false;
    cnt--;
  }
  return true;
}

const hostReCache = new WeakMap<ReadonlySet<string>, { anywhere: RegExp; afterAt: RegExp }>();

function hostRegexes(tlds: ReadonlySet<string>): { anywhere: RegExp; afterAt: RegExp } {
  let res = hostReCache.get(tlds);
  if (!res) {
    const alt = [...tlds].map((t) => t.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join('|') || 'no_tlds_defined';
    const tldRe = `(?<![a-zA-Z0-9-])(?:${alt})(?!(?:[a-zA-Z0-9-]|\\.[a-zA-Z0-9]))`;
    const hostRe = `(?<![._-])(${NSP}{1,251}\\.${tldRe})(?![._-])`;
    res = { anywhere: new RegExp(hostRe, 'gi'), afterAt: new RegExp(`[^\\n]*@${hostRe}`, 'i') };
    hostReCache.set(tlds, res);
  }
  return res;
}

/**
 * What `/[^\n]*@(\S+)/` captures, found without the regex: on the first line
 * holding an `@` followed by a non-space, the text after the last such `@`.
 * The regex rescanned the line from every position when it had no `@`.
 */
function hostAfterAt(line: Octets): string | undefined {
  for (let start = 0; start <= line.length; ) {
    const newline = line.indexOf('\n', start);
    const end = newline < 0 ? line.length : newline;
    for (let at = line.lastIndexOf('@', end - 1); at >= start; at = at === 0 ? -1 : line.lastIndexOf('@', at - 1)) {
      let stop = at + 1;
      while (stop < end && !isPerlSpace(line.charCodeAt(stop))) stop++;
      if (stop > at + 1) return line.slice(at + 1, stop);
    }
    if (newline < 0) break;
    start = newline + 1;
  }
  return undefined;
}

/** The host a `:host` modifier yields for one value, or undefined. */
export function extractHost(line: Octets, fromAddress: boolean, lists: RegistryLists): string | undefined {
  if (fromAddress) return hostAfterAt(line);
  const { anywhere, afterAt } = hostRegexes(lists.tlds);
  const at = afterAt.exec(line);
  if (at && isFqdnValid(at[1]!)) return at[1];
  anywhere.lastIndex = 0;
  for (let m = anywhere.exec(line); m; m = anywhere.exec(line)) {
    if (isFqdnValid(m[1]!)) return m[1];
    if (m[0].length === 0) anywhere.lastIndex++;
  }
  return undefined;
}

/** RegistryBoundaries::trim_domain: the registrable domain of a host. */
export function trimDomain(host: string, lists: RegistryLists): string {
  let d = host.toLowerCase().replace(/\.{2,}/g, '.').replace(/^\.+/, '').replace(/\.+$/, '');
  if (d === '') return d;
  const parts = d.split('.');
  const hostname: string[] = [];
  while (parts.length > 1) {
    if (registryStop(parts, lists)) break;
    hostname.push(parts.shift()!);
  }
  if (hostname.length > 0) parts.unshift(hostname.pop()!);
  d = parts.join('.');
  return d;
}

function registryStop(p: string[], lists: RegistryLists): boolean {
  if (p.length === 2) return lists.twoLevel.has(p.join('.'));
  if (p.length === 3) return p[2] === 'us' ? US_STATES.has(p[1]!) : lists.threeLevel.has(p.join('.'));
  if (p.length === 4 && p[3] === 'us' && ((p[0] === 'pvt' && p[1] === 'k12') || /^c[io]$/.test(p[0]!))) {
    return US_STATES.has(p[2]!);
  }
  return false;
}

/** First IP literal of a value (`:ip`). */
export function extractIp(line: Octets): string | undefined {
  return IP_RE.exec(line)?.[1];
}

/** Util::reverse_ip_address: dotted-quad reversed, IPv6 as reversed nibbles. */
export function reverseIp(ip: string): string | undefined {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (v4) return `${v4[4]}.${v4[3]}.${v4[2]}.${v4[1]}`;
  if (!ip.includes(':') || !/^[0-9a-fA-F:.]{2,}$/.test(ip)) return undefined;
  const nibbles = expandIpv6(ip);
  return nibbles === undefined ? undefined : nibbles.split('').reverse().join('.');
}

/** 32 hex digits of an IPv6 address (IPv4 tail converted), or undefined. */
function expandIpv6(ip: string): string | undefined {
  let s = ip.toLowerCase();
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (tail) {
    const n = tail.slice(1).map(Number);
    if (n.some((x) => x > 255)) return undefined;
    s = s.slice(0, tail.index) + ((n[0]! << 8) | n[1]!).toString(16) + ':' + ((n[2]! << 8) | n[3]!).toString(16);
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - rest.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return undefined;
  return groups.map((g) => g.padStart(4, '0')).join('');
}
