/**
 * trusted_networks / internal_networks / msa_networks membership, with
 * SpamAssassin's NetSet semantics (as installed without Net::Patricia):
 * entries are checked in the order written and the first one containing the
 * address decides (`!` entries exclude); an entry already covered by an
 * earlier one is dropped, so `!10.1.2.3` must come before `10.0.0.0/8`.
 * IPv4 shorthands (`10.`, `192.168/16`, `172.16.5`) are accepted. Address
 * ranges (`a-b`) need a Perl module that the reference installation lacks,
 * so SpamAssassin ignores them, and so do we.
 */
import ipaddr from 'ipaddr.js';

interface NetEntry {
  /** The network address in IPv6 form (IPv4 as ::ffff:a.b.c.d). */
  base: ipaddr.IPv6;
  /** Prefix length in the IPv6 space. */
  bits: number;
  exclude: boolean;
}

/** Over this many entries SpamAssassin stops checking for entries already covered. */
const DEDUP_LIMIT = 200;
const STRICT_V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const SHORT_V4 = [
  { re: /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/, bits: 32 },
  { re: /^(\d+)\.(\d+)\.(\d+)\.?$/, bits: 24 },
  { re: /^(\d+)\.(\d+)\.?$/, bits: 16 },
  { re: /^(\d+)\.?$/, bits: 8 },
];

function v4ToV6(octets: readonly number[]): ipaddr.IPv6 | undefined {
  if (octets.some((o) => o > 255)) return undefined;
  return new ipaddr.IPv4(octets as number[]).toIPv4MappedAddress();
}

function v4Mask(mask: string | undefined, implied: number): number | undefined {
  if (mask === undefined) return implied;
  if (/^\d+$/.test(mask)) return Number(mask) <= 32 ? Number(mask) : undefined;
  if (!ipaddr.IPv4.isValidFourPartDecimal(mask)) return undefined;
  return ipaddr.IPv4.parse(mask).prefixLengthFromSubnetMask() ?? undefined;
}

function parseV4Entry(addr: string, mask: string | undefined): [ipaddr.IPv6, number] | undefined {
  for (const shape of SHORT_V4) {
    const m = shape.re.exec(addr);
    if (!m) continue;
    const octets = [1, 2, 3, 4].map((i) => Number(m[i] ?? 0));
    const base = v4ToV6(octets);
    const bits = v4Mask(mask, shape.bits);
    return base && bits !== undefined ? [base, bits + 96] : undefined;
  }
  return undefined;
}

function parseV6Entry(addr: string, mask: string | undefined): [ipaddr.IPv6, number] | undefined {
  if (!ipaddr.IPv6.isValid(addr)) return undefined;
  const bits = mask === undefined ? 128 : /^\d+$/.test(mask) ? Number(mask) : NaN;
  if (!(bits >= 0 && bits <= 128)) return undefined;
  return [ipaddr.IPv6.parse(addr), bits];
}

/** Parse one written entry; undefined for what SpamAssassin would warn about and skip. */
export function parseNetEntry(written: string): NetEntry | undefined {
  let text = written.trimStart();
  if (text.includes('-')) return undefined;
  const exclude = text.startsWith('!');
  if (exclude) text = text.slice(1).trimStart();
  const slash = text.indexOf('/');
  const mask = slash >= 0 ? text.slice(slash + 1) : undefined;
  let addr = slash >= 0 ? text.slice(0, slash) : text;
  const bracketed = /^\[([^\]]*)\]$/.exec(addr);
  if (bracketed) addr = bracketed[1] ?? '';
  addr = addr.replace(/%[A-Z0-9._~-]*$/i, '');
  const parsed = /^\d+(\.|$)/.test(addr) ? parseV4Entry(addr, mask) : parseV6Entry(addr, mask);
  return parsed ? { base: parsed[0], bits: parsed[1], exclude } : undefined;
}

/** An address as a relay reports it, in IPv6 form; undefined when it is not a valid address. */
function relayAddress(ip: string): ipaddr.IPv6 | undefined {
  const v4 = STRICT_V4.exec(ip);
  if (v4) return v4ToV6([1, 2, 3, 4].map((i) => Number(v4[i])));
  const bare = ip.replace(/^IPv6:/i, '');
  return ipaddr.IPv6.isValid(bare) ? ipaddr.IPv6.parse(bare) : undefined;
}

export class NetSet {
  private readonly entries: NetEntry[] = [];

  /** @param loopback add 127/8 and ::1 first, as SpamAssassin does for trusted and internal networks. */
  constructor(written: readonly string[], loopback: boolean) {
    if (loopback) this.addAll(['127.0.0.0/8', '::1']);
    this.addAll(written);
  }

  get size(): number {
    return this.entries.length;
  }

  private addAll(written: readonly string[]): void {
    for (const text of written) {
      const entry = parseNetEntry(text);
      if (!entry) continue;
      if (this.entries.length < DEDUP_LIMIT && this.covers(entry)) continue;
      this.entries.push(entry);
    }
  }

  /** Whether an earlier entry (of either kind) already contains the whole new network. */
  private covers(net: NetEntry): boolean {
    return this.entries.some((e) => net.bits >= e.bits && net.base.match(e.base, e.bits));
  }

  containsIp(ip: string): boolean {
    const addr = relayAddress(ip);
    if (!addr) return false;
    const hit = this.entries.find((e) => addr.match(e.base, e.bits));
    return hit !== undefined && !hit.exclude;
  }
}
