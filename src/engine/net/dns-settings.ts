/**
 * The DNS settings of one configuration, read once: servers, availability,
 * rbl_timeout (global and per zone), dns_query_restriction.
 */
import { perConfig } from '../config/per-config.js';
import type { EngineConfig } from '../config/types.js';

export interface TimeoutPair {
  /** Initial per-query budget, seconds. */
  tInit: number;
  /** What the budget shrinks to as the other queries complete, seconds. */
  tMin: number;
}

export interface DnsSettings {
  /** dns_server entries in node's notation; empty = the system resolver's servers. */
  servers: string[];
  /** 'yes', 'no' or 'test[: domains]'. */
  available: string;
  /** dns_test_interval, seconds. */
  testInterval: number;
  rblTimeout: TimeoutPair;
  /** Per-zone rbl_timeout, longest zone first. */
  zoneTimeouts: { zone: string; timeout: TimeoutPair }[];
  /** Domain → allowed?; '*' is the catch-all. */
  restrictions: Map<string, boolean>;
  /** dns_options: EDNS0 payload size (0 = no OPT record), rotate, and the families the probe asks for. */
  options: DnsOptions;
}

export interface DnsOptions {
  edns: number;
  rotate: boolean;
  v4: boolean;
  v6: boolean;
}

const UNIT: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

function seconds(text: string): number {
  const m = /^\+?(\d+(?:\.\d*)?)([smhdw]?)$/i.exec(text);
  return m ? Number(m[1]) * (UNIT[(m[2] ?? '').toLowerCase()] ?? 1) : 0;
}

/** AsyncLoop's defaults: t_min is 0.2·t unless given; t never below t_min. */
function pair(t: number, tMin: number | undefined): TimeoutPair {
  const min = Math.max(0, tMin ?? 0.2 * t);
  return { tInit: Math.max(t, min), tMin: min };
}

function parseTimeouts(lines: readonly string[]): Pick<DnsSettings, 'rblTimeout' | 'zoneTimeouts'> {
  let global = { t: 15, tMin: undefined as number | undefined };
  const zones = new Map<string, TimeoutPair>();
  for (const line of lines) {
    const [t = '15', second, third] = line.split(/\s+/);
    const secondIsZone = second !== undefined && /[a-zA-Z]$/.test(second) && !/^\+?\d+(?:\.\d*)?[smhdw]$/i.test(second);
    const tMin = second !== undefined && !secondIsZone ? seconds(second) : undefined;
    const zone = secondIsZone ? second : third;
    if (zone === undefined) global = { t: seconds(t), tMin: tMin ?? global.tMin };
    else zones.set(zone.replace(/^\.+|\.+$/g, '').toLowerCase(), pair(seconds(t), tMin));
  }
  const zoneTimeouts = [...zones].map(([zone, timeout]) => ({ zone, timeout })).sort((a, b) => b.zone.length - a.zone.length);
  return { rblTimeout: pair(global.t, global.tMin), zoneTimeouts };
}

function parseRestrictions(lines: readonly string[]): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const line of lines) {
    const [verb, domain] = line.split(' ');
    if (domain !== undefined) out.set(domain, verb === 'allow');
  }
  return out;
}

/** SpamAssassin's dns_options: words in order, a `no` prefix negates, edns takes an optional size (≤512 = off). */
export function parseDnsOptions(words: readonly string[]): DnsOptions {
  const o: DnsOptions = { edns: 4096, rotate: false, v4: true, v6: true };
  for (const word of words.flatMap((w) => w.toLowerCase().split(/[\s,]+/))) {
    const flag = /^(no)?(rotate|v4|v6)$/.exec(word);
    if (flag) o[flag[2] as 'rotate' | 'v4' | 'v6'] = flag[1] === undefined;
    else if (/^noedns0?$/.test(word)) o.edns = 0;
    else {
      const edns = /^edns0?(?:=(\d+))?$/.exec(word);
      if (edns) o.edns = edns[1] === undefined ? 4096 : Number(edns[1]);
    }
  }
  if (o.edns <= 512) o.edns = 0;
  return o;
}

export const dnsSettings: (conf: EngineConfig) => DnsSettings = perConfig((conf) => ({
  servers: conf.lists.get('dns_server') ?? [],
  available: (conf.other.get('dns_available') ?? 'yes').trim(),
  testInterval: Number(conf.other.get('dns_test_interval') ?? 600) || 600,
  ...parseTimeouts(conf.lists.get('rbl_timeout') ?? []),
  restrictions: parseRestrictions(conf.lists.get('dns_query_restriction') ?? []),
  options: parseDnsOptions(conf.lists.get('dns_options') ?? []),
}));

/** The budget for a query name: the tightest per-zone setting it falls under, else the global one. */
export function timeoutFor(s: DnsSettings, name: string): TimeoutPair {
  const lower = name.toLowerCase().replace(/\.+$/, '');
  for (const { zone, timeout } of s.zoneTimeouts) {
    if (lower === zone || lower.endsWith(`.${zone}`)) return timeout;
  }
  return s.rblTimeout;
}

/** dns_query_restriction: the tightest matching parent domain decides; '*' is the fallback; default allow. */
export function queryAllowed(s: DnsSettings, name: string): boolean {
  if (s.restrictions.size === 0) return true;
  let d = name.toLowerCase().replace(/\.+$/, '');
  for (;;) {
    const v = s.restrictions.get(d);
    if (v !== undefined) return v;
    const dot = d.indexOf('.');
    if (dot < 0) break;
    d = d.slice(dot + 1);
  }
  return s.restrictions.get('*') ?? true;
}
