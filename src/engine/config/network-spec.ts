/**
 * trusted/internal/msa_networks entries: `[!]addr[/bits]`, IPv4 with the
 * classful shorthand SpamAssassin accepts (`10.`, `192.168`, `192.168/16`),
 * or IPv6, optionally in brackets. Used to validate the settings and for the
 * "trusted_networks doesn't contain internal_networks entry" check.
 */
import ipaddr from 'ipaddr.js';

export interface NetSpec {
  exclude: boolean;
  addr: ipaddr.IPv4 | ipaddr.IPv6;
  bits: number;
}

function parseV4(text: string, bits: number | undefined): { addr: ipaddr.IPv4; bits: number } | undefined {
  const octets = text.replace(/\.$/, '').split('.');
  if (octets.length < 1 || octets.length > 4 || octets.some((o) => !/^\d{1,3}$/.test(o) || Number(o) > 255)) return undefined;
  const implied = octets.length * 8;
  while (octets.length < 4) octets.push('0');
  const b = bits ?? implied;
  if (b > 32) return undefined;
  return { addr: ipaddr.IPv4.parse(octets.join('.')), bits: b };
}

export function parseNetSpec(spec: string): NetSpec | undefined {
  const m = /^(!)?(.+?)(?:\/(\d{1,3}))?$/.exec(spec);
  if (m === null) return undefined;
  const exclude = m[1] !== undefined;
  const text = (m[2] as string).replace(/^\[(.*)\]$/, '$1');
  const bits = m[3] === undefined ? undefined : Number(m[3]);
  if (/^[\d.]+$/.test(text)) {
    const v4 = parseV4(text, bits);
    return v4 === undefined ? undefined : { exclude, ...v4 };
  }
  if (!ipaddr.IPv6.isValid(text) || (bits !== undefined && bits > 128)) return undefined;
  return { exclude, addr: ipaddr.IPv6.parse(text), bits: bits ?? 128 };
}

/** Loopback is always part of trusted and internal networks in SpamAssassin. */
const LOOPBACK: readonly NetSpec[] = [parseNetSpec('127.0.0.0/8'), parseNetSpec('::1')].filter(
  (n): n is NetSpec => n !== undefined,
);

function covers(outer: NetSpec, inner: NetSpec): boolean {
  if (outer.bits > inner.bits) return false;
  const [a, b] = [inner.addr, outer.addr];
  if (a.kind() === 'ipv4' && b.kind() === 'ipv4') return (a as ipaddr.IPv4).match(b as ipaddr.IPv4, outer.bits);
  if (a.kind() === 'ipv6' && b.kind() === 'ipv6') return (a as ipaddr.IPv6).match(b as ipaddr.IPv6, outer.bits);
  return false;
}

/** Whether `net` lies inside `list` (first matching entry decides, as a lookup would). */
export function containsNet(list: readonly string[], net: NetSpec): boolean {
  const specs = [...list.map(parseNetSpec).filter((n): n is NetSpec => n !== undefined), ...LOOPBACK];
  const hit = specs.find((s) => covers(s, net));
  return hit !== undefined && !hit.exclude;
}
