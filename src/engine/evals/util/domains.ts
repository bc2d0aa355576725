/**
 * Registry boundaries as SpamAssassin's RegistryBoundaries.pm decides them,
 * driven by the util_rb_tld / util_rb_2tld / util_rb_3tld settings, plus
 * Util::is_fqdn_valid. Host names here are ASCII (IDN is not converted).
 */
import type { EngineConfig } from '../../config/types.js';
import { isIpAddress } from './ip-patterns.js';
import { trimTrailingDots } from '../../message/octets.js';
import { lcBytes } from './perl-values.js';

type DomainConf = Pick<EngineConfig, 'tlds' | 'twoLevelDomains' | 'threeLevelDomains'>;

const US_STATES = new Set(
  ('ak al ar az ca co ct dc de fl ga gu hi ia id il in ks ky la ma md me mi mn mo ms mt nc nd ne nh nj nm ' +
    'nv ny oh ok or pa pr ri sc sd tn tx ut va vi vt wa wi wv wy').split(' '),
);

/** Whether the last labels (2, 3 or 4 of them) form a public suffix. */
function isRegistrySuffix(conf: DomainConf, parts: readonly string[]): boolean {
  if (parts.length === 2) return conf.twoLevelDomains.has(parts.join('.'));
  if (parts.length === 3) {
    if (parts[2] === 'us') return US_STATES.has(parts[1] ?? '');
    return conf.threeLevelDomains.has(parts.join('.'));
  }
  if (parts.length === 4 && parts[3] === 'us') {
    const localGov = (parts[0] === 'pvt' && parts[1] === 'k12') || /^c[io]$/.test(parts[0] ?? '');
    return localGov && US_STATES.has(parts[2] ?? '');
  }
  return false;
}

/** `split_domain`: [host part, registrable domain]. */
export function splitDomain(conf: DomainConf, domain: string): [string, string] {
  let d = lcBytes(domain);
  if (d === '') return ['', ''];
  d = d.replace(/\.+/g, '.').replace(/^\.+/, '').replace(/\.+$/, '');
  const parts = d.split('.');
  const host: string[] = [];
  while (parts.length > 1 && !isRegistrySuffix(conf, parts)) {
    host.push(parts.shift() as string);
  }
  const last = host.pop();
  if (last !== undefined) parts.unshift(last);
  return [host.join('.'), parts.join('.')];
}

export function trimDomain(conf: DomainConf, domain: string): string {
  return splitDomain(conf, domain)[1];
}

/** `is_domain_valid`: only checks that the last label is a known TLD. */
export function isDomainValid(conf: DomainConf, domain: string | undefined): boolean {
  if (domain === undefined) return false;
  const d = lcBytes(domain);
  if (/\s/.test(d)) return false;
  const m = /\.([^.]+)$/.exec(d);
  return m !== null && conf.tlds.has(m[1] ?? '');
}

/** Util::is_fqdn_valid: at least two labels of LDH (plus `_` below the registrable part). */
export function isFqdnValid(host: string): boolean {
  const h = trimTrailingDots(lcBytes(host));
  if (h.length > 253) return false;
  const labels = h.split('.');
  let remaining = labels.length;
  if (remaining < 2) return false;
  for (const label of labels) {
    if (label.length < 1 || label.length > 63) return false;
    if (!/^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$/.test(label)) return false;
    if (remaining <= 2 && label.includes('_')) return false;
    remaining--;
  }
  return true;
}

/** `uri_to_domain`: the registrable domain of a URI or mailto address, or undefined. */
export function uriToDomain(conf: DomainConf, uri: string): string | undefined {
  let u = lcBytes(uri);
  if (/^(?:javascript|cid|file):/.test(u)) return undefined;
  if (u.startsWith('mailto:')) {
    u = u.slice(7).replace(/\?.*/s, '');
    if (/@.*?@/.test(u)) return undefined;
    if (!/.*@/.test(u)) return undefined;
    u = u.replace(/.*@/, '');
  } else {
    u = u.replace(/^[a-z]+:\/{0,2}/, '');
    u = u.replace(/[/?#].*/s, '');
    u = u.replace(/^[^/]*@/, '');
    u = u.replace(/:\d*$/, '');
  }
  if (/%(?:2[1-9a-f]|[3-6][0-9a-f]|7[0-9a-e])/.test(u)) return undefined;
  if (isIpAddress(u)) return u;
  if (!isFqdnValid(u) || !isDomainValid(conf, u)) return undefined;
  return trimDomain(conf, u);
}
