/**
 * URIDNSBL's rule definitions (uridnsbl, uridnssub, urirhsbl, urirhssub,
 * urinsrhsbl, urinsrhssub, urifullnsrhsbl, urifullnsrhssub), parsed once
 * per configuration.
 */
import type { EngineConfig } from '../../config/types.js';
import { ipv4Number } from './rbl-subtest.js';

export type UriblKind = 'dnsbl' | 'rhsbl' | 'nsrhsbl' | 'fullnsrhsbl';

export interface UriblRule {
  kind: UriblKind;
  zone: string;
  type: 'A' | 'TXT';
  /** Canonical subtest: "n" (mask), "n1-n2" (range), "n/m" (value/mask), or an exact string. */
  subtest?: string;
}

const KINDS: Readonly<Record<string, [UriblKind, boolean]>> = {
  uridnsbl: ['dnsbl', false], uridnssub: ['dnsbl', true],
  urirhsbl: ['rhsbl', false], urirhssub: ['rhsbl', true],
  urinsrhsbl: ['nsrhsbl', false], urinsrhssub: ['nsrhsbl', true],
  urifullnsrhsbl: ['fullnsrhsbl', false], urifullnsrhssub: ['fullnsrhsbl', true],
};

/** parse_and_canonicalize_subtest: decimal, 0x hex or dotted-quad numbers, alone or as n-m / n/m. */
export function canonicalSubtest(text: string): string | undefined {
  const m = /^([^/-]+)(?:([/-])(.+))?$/s.exec(text);
  if (!m) return undefined;
  let quad = false;
  const num = (s: string | undefined): string | undefined => {
    if (s === undefined) return undefined;
    if (/^\d{1,10}$/.test(s)) return s;
    if (/^0x[0-9a-zA-Z]{1,8}$/.test(s)) return String(parseInt(s.slice(2), 16));
    if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(s)) {
      quad = true;
      return String(ipv4Number(s) >>> 0);
    }
    return 'bad';
  };
  const n1 = num(m[1]);
  const n2 = num(m[3]);
  if (n1 === 'bad' || n2 === 'bad' || n1 === undefined) return undefined;
  if (n2 !== undefined) return `${n1}${m[2]}${n2}`;
  return quad ? `${n1}-${n1}` : n1;
}

const cache = new WeakMap<EngineConfig, Map<string, UriblRule>>();

export function uriblRules(conf: EngineConfig): Map<string, UriblRule> {
  let rules = cache.get(conf);
  if (rules) return rules;
  rules = new Map();
  for (const [name, def] of conf.pluginRules) {
    const kind = KINDS[def.directive];
    if (!kind) continue;
    const [zone = '', type = 'A', ...rest] = def.value.split(/\s+/);
    const rule: UriblRule = { kind: kind[0], zone: zone.replace(/\.+$/, ''), type: type.toUpperCase() === 'TXT' ? 'TXT' : 'A' };
    if (kind[1]) {
      const subtest = canonicalSubtest(rest.join(' ').trim());
      if (subtest === undefined) continue;
      rule.subtest = subtest;
    }
    rules.set(name, rule);
  }
  cache.set(conf, rules);
  return rules;
}

/** complete_dnsbl_lookup's match: no subtest = any 127/8 A (or any TXT); else exact, mask, range or value/mask. */
export function uriblMatches(rule: UriblRule, rdata: string, isA: boolean): boolean {
  if (rule.subtest === undefined) return !isA || rdata.startsWith('127.');
  if (rule.subtest === rdata) return true;
  const m = /^(\d+)(?:([/-])(\d+))?$/.exec(rule.subtest);
  if (!m || !isA || !/^\d+\.\d+\.\d+\.\d+$/.test(rdata)) return false;
  const n = ipv4Number(rdata) >>> 0;
  const n1 = Number(m[1]);
  if (m[3] === undefined) return (n & n1) !== 0 && (n & 0xff000000) >>> 0 === 0x7f000000;
  const n2 = Number(m[3]);
  if (m[2] === '-') return n >= n1 && n <= n2;
  return ((n & n2) >>> 0) === ((n1 & n2) >>> 0);
}
