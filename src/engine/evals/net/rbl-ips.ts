/**
 * Which relay IPs a DNSBL rule looks up (DNSEval's parsed_metadata and
 * _check_rbl_backend): the untrusted relays plus originating-IP headers,
 * newest last hop first, or by set-name suffix: `-lastexternal` (the hop
 * that handed the mail to us), `-notfirsthop` (all external but the
 * originating one), `-firsttrusted` (the first untrusted hop), `-untrusted`
 * (all untrusted but that one).
 */
import type { ScanContext } from '../../scan/context-types.js';
import { NetSet } from '../../message/received/net-set.js';
import { isIpPrivate } from '../util/ip-patterns.js';
import { memo } from '../util/memo.js';

const IP_IN_TEXT = /(?:\d{1,3}\.){3}\d{1,3}|[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}/gi;

interface RelayIps {
  /** Untrusted relay IPs, public only, unique, top first. */
  untrusted: string[];
  /** Non-internal trusted plus untrusted relay IPs, top first (not yet filtered). */
  fullExternal: string[];
  /** IPs found in originating_ip_headers. */
  originating: string[];
  trusted: NetSet;
}

function uniquePublic(ips: readonly string[]): string[] {
  const out: string[] = [];
  for (const ip of ips) if (ip && !out.includes(ip) && !isIpPrivate(ip)) out.push(ip);
  return out;
}

function relayIps(ctx: ScanContext): RelayIps {
  return memo(ctx, 'dnseval_ips', () => {
    const r = ctx.relays();
    const full = r.untrusted.map((x) => x.ip);
    const fullExternal = [...r.trusted.filter((x) => !x.internal).map((x) => x.ip), ...full];
    const originating: string[] = [];
    for (const h of ctx.conf.originatingIpHeaders) {
      for (const v of ctx.headerList(h)) originating.push(...(v.match(IP_IN_TEXT) ?? []).filter((ip) => ip.includes('.') || ip.split(':').length > 2));
    }
    return { untrusted: uniquePublic(full), fullExternal, originating, trusted: new NetSet(ctx.conf.trustedNetworks.entries, true) };
  });
}

/** The IPs `set` looks up for a rule with (or without) tflags nice. */
export function rblIps(ctx: ScanContext, set: string, nice: boolean): string[] {
  const r = relayIps(ctx);
  // No untrusted IPs at all: every open-internet relay is trusted, nothing is checked.
  if (r.untrusted.length + r.originating.length === 0) return [];
  const untrustedOrig = r.originating.filter((ip) => !r.trusted.containsIp(ip));
  let ips: string[];
  const suffix = /-(notfirsthop|lastexternal|firsttrusted|untrusted)$/.exec(set)?.[1];
  if (suffix === 'notfirsthop' || suffix === 'lastexternal') {
    ips = uniquePublic(r.fullExternal);
    if (suffix === 'lastexternal') ips = ips.slice(0, 1);
    else if (ips.length > 1) ips.pop();
  } else if (suffix === 'firsttrusted' || suffix === 'untrusted') {
    ips = uniquePublic([...r.untrusted, ...untrustedOrig]);
    ips = suffix === 'firsttrusted' ? ips.slice(0, 1) : ips.slice(1);
  } else {
    ips = uniquePublic([...r.untrusted, ...untrustedOrig]).reverse();
  }
  const checkLast = Number(ctx.conf.other.get('num_check_received') ?? 9);
  if (ips.length > checkLast) ips = ips.slice(0, checkLast);
  // Trusted relays are only looked up in nice (welcome) lists.
  if (!nice) while (ips.length > 0 && r.trusted.containsIp(ips[0] as string)) ips.shift();
  return ips;
}
