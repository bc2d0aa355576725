/**
 * Registry boundaries: which host names are valid, which TLDs are known and
 * where the registrable domain starts (SpamAssassin's RegistryBoundaries with
 * util_rb_tld / util_rb_2tld / util_rb_3tld, plus its built-in handling of
 * the RFC 1480 `.us` locality names). With no TLD list configured, tldts's
 * public-suffix data stands in for the TLD check.
 */
import { createRequire } from 'node:module';
import ipaddr from 'ipaddr.js';
import type { parse as ParseDomain } from 'tldts';
import { trimTrailingDots } from '../octets.js';
import { idnToAscii } from './idn.js';

/**
 * tldts, loaded on first use: only a configuration without util_rb_tld needs
 * it (SpamAssassin's rules define the list), and importing its CommonJS build
 * cost every process about 33 ms at start (lexing 200 KB for its exports).
 */
let tldtsParse: typeof ParseDomain | undefined;
function parseDomain(...args: Parameters<typeof ParseDomain>): ReturnType<typeof ParseDomain> {
  tldtsParse ??= (createRequire(import.meta.url)('tldts') as { parse: typeof ParseDomain }).parse;
  return tldtsParse(...args);
}

export interface DomainLists {
  tlds: ReadonlySet<string>;
  twoLevelDomains: ReadonlySet<string>;
  threeLevelDomains: ReadonlySet<string>;
}

const US_STATES = new Set(
  ('ak al ar az ca co ct dc de fl ga gu hi ia id il in ks ky la ma md me mi mn mo ms mt nc nd ne nh nj nm nv ny ' +
    'oh ok or pa pr ri sc sd tn tx ut va vi vt wa wi wv wy').split(' '),
);

const IPV4_OCTET = '(?:1\\d\\d|2[0-4]\\d|25[0-5]|[1-9]\\d|\\d)';
const IPV4 = new RegExp(`^${IPV4_OCTET}\\.${IPV4_OCTET}\\.${IPV4_OCTET}\\.${IPV4_OCTET}$`);

/** An IPv4 address in strict dotted-quad form, or an IPv6 address (optionally `IPv6:`-prefixed). */
export function isIpAddress(host: string): boolean {
  if (IPV4.test(host)) return true;
  const v6 = host.replace(/^IPv6:/i, '');
  return v6.includes(':') && ipaddr.IPv6.isValid(v6);
}

const LABEL = /^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$/;

/** Host name syntax: 2+ labels of 1–63 chars, 253 max, no `_` in the last two labels. */
export function isFqdnValid(host: string): boolean {
  const name = trimTrailingDots(host.toLowerCase());
  if (name.length > 253) return false;
  const labels = name.split('.');
  if (labels.length < 2) return false;
  return labels.every((label, i) => {
    if (label.length < 1 || label.length > 63 || !LABEL.test(label)) return false;
    return i < labels.length - 2 || !label.includes('_');
  });
}

export class RegistryBoundaries {
  readonly lists: DomainLists;

  constructor(lists: DomainLists) {
    this.lists = lists;
  }

  /** Whether the TLD (after the last dot) is known. */
  isTldValid(tld: string): boolean {
    if (this.lists.tlds.size > 0) return this.lists.tlds.has(tld);
    if (!/^[a-z0-9-]+$/.test(tld)) return false;
    const parsed = parseDomain(`x.${tld}`, { allowPrivateDomains: false });
    return parsed.isIcann === true && parsed.publicSuffix === tld;
  }

  /** Whether `domain` has at least one dot and ends in a known TLD. */
  isDomainValid(domain: string, isAscii = false): boolean {
    const dom = isAscii ? domain.toLowerCase() : idnToAscii(domain);
    if (/[\t\n\v\f\r ]/.test(dom)) return false;
    const m = /\.([^.]+)$/.exec(dom);
    return m !== null && this.isTldValid(m[1]!);
  }

  /** The registrable domain of a host name (`www.foo.co.uk` → `foo.co.uk`). */
  trimDomain(host: string, isAscii = false): string {
    let domain = isAscii ? host.toLowerCase() : idnToAscii(host);
    if (domain === '') return domain;
    domain = domain.replace(/\.{2,}/g, '.').replace(/^\.+/, '').replace(/\.+$/, '');
    const parts = domain.split('.');
    const hostname: string[] = [];
    while (parts.length > 1 && !this.isBoundary(parts)) hostname.push(parts.shift()!);
    const last = hostname.pop();
    if (last !== undefined) parts.unshift(last);
    return parts.join('.');
  }

  private isBoundary(parts: readonly string[]): boolean {
    const joined = parts.join('.');
    if (parts.length === 2) return this.lists.twoLevelDomains.has(joined);
    if (parts.length === 3) {
      return parts[2] === 'us' ? US_STATES.has(parts[1]!) : this.lists.threeLevelDomains.has(joined);
    }
    if (parts.length === 4 && parts[3] === 'us') {
      const locality = (parts[0] === 'pvt' && parts[1] === 'k12') || /^c[io]$/.test(parts[0]!);
      return locality && US_STATES.has(parts[2]!);
    }
    return false;
  }

  /** Registrable domain and full host of a URI, or undefined when it has no usable host. */
  uriToDomain(uri: string): { domain: string; host: string } | undefined {
    let rest = uri.toLowerCase();
    if (/^(?:javascript|cid|file):/.test(rest)) return undefined;
    if (rest.startsWith('mailto:')) {
      rest = rest.slice(7).replace(/\?.*/, '');
      if (/@.*?@/.test(rest)) return undefined;
      const at = rest.lastIndexOf('@');
      if (at < 0) return undefined;
      rest = rest.slice(at + 1);
    } else {
      rest = rest.replace(/^[a-z]+:\/{0,2}/, '').replace(/[/?#][\s\S]*/, '');
      rest = rest.replace(/^[^/]*@/, '').replace(/:\d*$/, '');
    }
    // Still-encoded printable characters: the decoded variant is in the list too.
    if (/%(?:2[1-9a-f]|[3-6][0-9a-f]|7[0-9a-e])/.test(rest)) return undefined;
    const host = idnToAscii(rest);
    if (isIpAddress(host)) return { domain: host, host };
    if (!isFqdnValid(host) || !this.isDomainValid(host, true)) return undefined;
    return { domain: this.trimDomain(host, true), host };
  }
}
