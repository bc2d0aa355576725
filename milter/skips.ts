/**
 * Mail that is accepted without a scan: clients on trusted/internal
 * networks (the whole connection) and SMTP-authenticated senders (per
 * message, {auth_authen} set by the MTA).
 */
import ipaddr from 'ipaddr.js';
import { SpamwardError } from '../src/util/errors.js';
import type { SessionHooks } from './session-types.js';

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

export function parseNetworks(list: readonly string[]): Cidr[] {
  return list.map((text) => {
    const t = text.trim();
    try {
      if (t.includes('/')) return ipaddr.parseCIDR(t);
      const addr = ipaddr.parse(t);
      return [addr, addr.kind() === 'ipv4' ? 32 : 128] as Cidr;
    } catch {
      throw new SpamwardError('ERR_CONFIG', `trusted network ${JSON.stringify(text)} is not an address or CIDR`);
    }
  });
}

/** Client address text from CONNECT (`IPv6:` prefix and brackets allowed) to an address, or null. */
export function clientAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const bare = text.replace(/^\[|\]$/g, '').replace(/^IPv6:/i, '');
  if (!ipaddr.isValid(bare)) return null;
  const addr = ipaddr.parse(bare);
  // Sendmail and Linux report v4 clients of a v6 socket as ::ffff:a.b.c.d.
  return addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress() ? (addr as ipaddr.IPv6).toIPv4Address() : addr;
}

export function inNetworks(text: string, networks: readonly Cidr[]): boolean {
  const addr = clientAddress(text);
  if (addr === null) return false;
  return networks.some(([net, bits]) => net.kind() === addr.kind() && addr.match(net, bits));
}

export function skipHooks(options: { trustedNetworks: readonly string[]; skipAuthenticated: boolean }): SessionHooks {
  const networks = parseNetworks(options.trustedNetworks);
  return {
    skipConnection(info) {
      if (networks.length === 0 || (info.family !== 'inet' && info.family !== 'inet6')) return null;
      return inNetworks(info.address, networks) ? 'trusted client network' : null;
    },
    skipMessage(_sender, macros) {
      const user = macros['auth_authen'];
      return options.skipAuthenticated && user ? `authenticated sender (${user})` : null;
    },
  };
}
