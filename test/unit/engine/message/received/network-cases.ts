/**
 * Configured-network scenarios shared by relay-networks.test.ts and the
 * SpamAssassin interop test: a configuration (as cf lines) and a message
 * whose Received chain exercises it.
 */
import type { RelayConfig } from '../../../../../src/engine/message/received/analyze.js';
import { stockConfig } from './relay-fixtures.js';

export interface NetworkCase {
  name: string;
  cf: Partial<Record<'trusted_networks' | 'internal_networks' | 'msa_networks', string>>;
  ips: string[];
  /** Expected trusted and internal IPs, and the MSA flags of all relays in order. */
  trusted: string[];
  internal: string[];
  msa?: number[];
}

/** Received headers, newest first, one per IP (IPv6 written as Postfix does). */
export function chain(ips: readonly string[]): string[] {
  return ips.map((ip, i) => {
    const literal = ip.includes(':') ? `IPv6:${ip}` : ip;
    return `Received: from h${i}.example.net (h${i}.example.net [${literal}]) by mx${i}.example.org (Postfix) with ESMTP id Q${i}ABCD`;
  });
}

export function configFor(c: NetworkCase): RelayConfig {
  const list = (v: string | undefined) => ({ entries: v ? v.split(/\s+/) : [], configured: v !== undefined });
  return stockConfig({
    trustedNetworks: list(c.cf.trusted_networks),
    internalNetworks: list(c.cf.internal_networks),
    msaNetworks: list(c.cf.msa_networks),
  });
}

export const NETWORK_CASES: readonly NetworkCase[] = [
  {
    name: 'trusted only: internal follows trusted',
    cf: { trusted_networks: '198.51.100.0/24' },
    ips: ['198.51.100.7', '203.0.113.5', '198.51.100.8'],
    trusted: ['198.51.100.7'],
    internal: ['198.51.100.7'],
  },
  {
    name: 'classful shorthand and a narrower internal set',
    cf: { trusted_networks: '198.51.100/24 203.0.113.', internal_networks: '198.51.100.7' },
    ips: ['198.51.100.7', '198.51.100.8', '203.0.113.5', '192.0.2.1'],
    trusted: ['198.51.100.7', '198.51.100.8', '203.0.113.5'],
    internal: ['198.51.100.7'],
  },
  {
    name: 'an exclusion written first wins',
    cf: { trusted_networks: '!198.51.100.7 198.51.100.0/24' },
    ips: ['198.51.100.8', '198.51.100.7'],
    trusted: ['198.51.100.8'],
    internal: ['198.51.100.8'],
  },
  {
    name: 'an exclusion inside an earlier network is dropped',
    cf: { trusted_networks: '198.51.100.0/24 !198.51.100.7' },
    ips: ['198.51.100.8', '198.51.100.7'],
    trusted: ['198.51.100.8', '198.51.100.7'],
    internal: ['198.51.100.8', '198.51.100.7'],
  },
  {
    name: 'loopback is always trusted; private space is not unless listed',
    cf: { trusted_networks: '203.0.113.0/24' },
    ips: ['127.0.0.1', '203.0.113.9', '10.0.0.1'],
    trusted: ['127.0.0.1', '203.0.113.9'],
    internal: ['127.0.0.1', '203.0.113.9'],
  },
  {
    name: 'an MSA carries trust to the hops after it',
    cf: { trusted_networks: '198.51.100.0/24', msa_networks: '198.51.100.7' },
    ips: ['198.51.100.7', '203.0.113.5', '192.0.2.1'],
    trusted: ['198.51.100.7', '203.0.113.5', '192.0.2.1'],
    internal: ['198.51.100.7', '203.0.113.5', '192.0.2.1'],
    msa: [1, 0, 0],
  },
  {
    name: 'IPv6 networks',
    cf: { trusted_networks: '2001:db8::/32', internal_networks: '2001:db8:1::/48' },
    ips: ['2001:db8:1::25', '2001:db8:2::25', '2001:db9::1'],
    trusted: ['2001:db8:1::25', '2001:db8:2::25'],
    internal: ['2001:db8:1::25'],
  },
  {
    name: 'internal only: trusted follows internal',
    cf: { internal_networks: '192.0.2.0/24' },
    ips: ['192.0.2.10', '198.51.100.1'],
    trusted: ['192.0.2.10'],
    internal: ['192.0.2.10'],
  },
  {
    name: 'netmask written as dotted quad',
    cf: { trusted_networks: '192.0.2.0/255.255.255.0' },
    ips: ['192.0.2.99', '198.51.100.1'],
    trusted: ['192.0.2.99'],
    internal: ['192.0.2.99'],
  },
];
