import ipaddr from 'ipaddr.js';
import { ConfigError } from '../util/errors.js';

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** spamd's default: loopback only. */
export const DEFAULT_ALLOWED_IPS = ['127.0.0.1', '::1'];

/**
 * The `-A/--allowed-ips` list as spamd reads it: comma-separated, repeatable;
 * addresses, CIDR ranges (`10.0.0.0/8`, `[2001:db8::]/32`) and IPv4 prefixes
 * ending in a dot (`10.`, `192.168.`). Hostnames are refused, as in spamd.
 */
export class AllowedIps {
  private readonly ranges: Range[];

  constructor(specs: readonly string[]) {
    this.ranges = specs
      .flatMap((s) => s.split(','))
      .map((s) => s.trim())
      .filter((s) => s !== '')
      .map(parseRange);
  }

  /** Whether a peer address (as net.Socket reports it) may talk to us. */
  allows(address: string | undefined): boolean {
    if (address === undefined || !ipaddr.isValid(address)) return false;
    const ip = ipaddr.process(address);
    return this.ranges.some(([net, bits]) => net.kind() === ip.kind() && ip.match(net, bits));
  }
}

function parseRange(spec: string): Range {
  const text = spec.replace(/^\[([^\]]+)\]/, '$1');
  try {
    if (text.includes('/')) {
      const [net, bits] = ipaddr.parseCIDR(text);
      const n = normalise(net);
      return [n, n.kind() === net.kind() ? bits : Math.max(0, bits - 96)];
    }
    if (/^(\d{1,3}\.){1,3}$/.test(text)) return prefixRange(text);
    const ip = ipaddr.parse(text);
    const n = normalise(ip);
    return [n, n.kind() === 'ipv4' ? 32 : 128];
  } catch {
    throw new ConfigError('--allowed-ips', 0, `not an address or CIDR range: ${spec}`);
  }
}

/** `10.` or `192.168.` means the /8 or /16 (etc.) those octets name. */
function prefixRange(text: string): Range {
  const octets = text.split('.').filter((o) => o !== '');
  const full = [...octets, '0', '0', '0'].slice(0, 4).join('.');
  return [ipaddr.IPv4.parse(full), octets.length * 8];
}

/** IPv4-mapped IPv6 (`::ffff:1.2.3.4`) is matched as the IPv4 address it carries. */
function normalise(ip: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  return ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress() ? (ip as ipaddr.IPv6).toIPv4Address() : ip;
}
