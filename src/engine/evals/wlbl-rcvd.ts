/**
 * The `*_from_rcvd` relay test of WLBLEval: an address entry only counts
 * when the relay that handed us the message matches the entry's relay
 * (an rDNS domain or a bracketed IP / prefix). A matching address with no
 * matching relay is reported as forged (-1).
 */
import ipaddr from 'ipaddr.js';
import type { RcvdListEntry, AddrList } from '../config/types.js';
import type { Relay } from '../message/analysis-types.js';
import type { ScanContext } from '../scan/context-types.js';
import { addrGlobToRegExp, addrInList } from './util/addr-list.js';
import { lcBytes, quoteMeta } from './util/perl-values.js';

/** First untrusted relay when there is one, else every trusted relay. */
export function relaysToCheck(ctx: ScanContext): Relay[] {
  const { trusted, untrusted } = ctx.relays();
  if (untrusted.length > 0) return [untrusted[0] as Relay];
  return [...trusted];
}

function cidrContains(range: string, ip: string): boolean {
  if (!ipaddr.isValid(ip)) return false;
  const addr = ipaddr.parse(ip);
  let net: [ipaddr.IPv4 | ipaddr.IPv6, number];
  if (ipaddr.isValidCIDR(range)) net = ipaddr.parseCIDR(range);
  else if (ipaddr.isValid(range)) {
    const single = ipaddr.parse(range);
    net = [single, single.kind() === 'ipv4' ? 32 : 128];
  } else return false;
  return addr.kind() === net[0].kind() && addr.match(net);
}

/** Whether one relay matches an entry's relay parameter. */
export function relayMatches(param: string, relay: Relay): boolean {
  const bracket = /^\[(.*)\](\/\d{1,3})?$/s.exec(param);
  if (!bracket) {
    const rdns = lcBytes(relay.rdns);
    return new RegExp(`(?:^|\\.)${quoteMeta(param)}$`, 'i').test(rdns);
  }
  const wl = (bracket[1] ?? '') + (bracket[2] ?? '');
  const ip = relay.ip;
  if (ip === '') return false;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(wl)) return wl === ip;
  if (/^[\d.]+$/.test(wl)) return ip.startsWith(wl.replace(/\.*$/, '.'));
  return cidrContains(wl, ip);
}

/** 1: listed and relayed as promised; -1: listed but relayed elsewhere; 0: not listed. */
export function checkWelcomelistRcvd(
  ctx: ScanContext, list: readonly RcvdListEntry[], allowsRelays: AddrList, addr: string,
): -1 | 0 | 1 {
  const relays = relaysToCheck(ctx);
  if (relays.length === 0) return 0;
  const lcAddr = lcBytes(addr);
  let forged = false;
  for (const entry of list) {
    if (!addrGlobToRegExp(entry.addr).test(lcAddr)) continue;
    const param = lcBytes(entry.relay);
    if (relays.some((r) => relayMatches(param, r))) return 1;
    forged = true;
  }
  if (forged && addrInList(allowsRelays, lcAddr)) return 0;
  return forged ? -1 : 0;
}
