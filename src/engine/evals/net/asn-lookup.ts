/**
 * The ASN plugin's lookup (SpamAssassin runs it while extracting the
 * message's metadata, before any rule): the first external relay's address,
 * reversed, is asked for TXT records in each `asn_lookup` zone
 * (`asn_lookup_ipv6` for an IPv6 relay), and the answers fill the zones'
 * tags (`_ASN_ _ASNCIDR_` by default; the AS numbers with `asn_prefix`
 * before each) and the X-ASN metadata Bayes tokenizes. Answers for the same
 * tags are merged, a value seen once; unassigned space (AS 0 or 4294967295,
 * a /0 route) is left out. A relay with a private address, a learn, or no
 * DNS asks nothing. The answers are applied once the lookups are joined, in
 * the order the zones were configured (SpamAssassin takes them in the order
 * they arrive).
 */
import { ASN_LOOKUP_LISTS } from '../../config/asn-directives.js';
import { perConfig } from '../../config/per-config.js';
import type { EngineConfig } from '../../config/types.js';
import { reverseIp } from '../../message/host-extract.js';
import type { DnsAnswer, NetLookups } from '../../net/dns-types.js';
import type { ScanState } from '../../scan/scan-state.js';
import { PLUGIN_PREFIX } from '../../config/plugins.js';
import { isIpv4Address } from '../util/ip-patterns.js';
import { perlNum } from '../util/perl-values.js';
import { asnRecord } from './asn-answer.js';

interface AsnZone {
  zone: string;
  asnTag: string;
  routeTag: string;
}

interface AsnSettings {
  ipv4: AsnZone[];
  ipv6: AsnZone[];
  prefix: string;
  /** Whether the plugin is loaded and may ask DNS (asn_use_dns). */
  enabled: boolean;
}

const settingsOf = perConfig((conf: EngineConfig): AsnSettings => {
  const zones = (list: string): AsnZone[] => (conf.lists.get(list) ?? []).map((entry) => {
    const [zone = '', asnTag = 'ASN', routeTag = 'ASNCIDR'] = entry.split(' ');
    return { zone, asnTag, routeTag };
  });
  return {
    ipv4: zones(ASN_LOOKUP_LISTS.ipv4),
    ipv6: zones(ASN_LOOKUP_LISTS.ipv6),
    prefix: conf.other.get('asn_prefix') ?? 'AS',
    enabled: conf.plugins.has(`${PLUGIN_PREFIX}ASN`) && conf.other.get('asn_use_dns') !== '0',
  };
});

/** The lookups of a scan: each zone asked and, once answered, its answer. */
const pending = new WeakMap<ScanState, { zones: AsnZone[]; answers: (DnsAnswer | undefined)[] }>();

/** Whether this configuration looks ASNs up (the plugin loaded, DNS allowed, a zone configured). */
export function wantsAsnLookups(conf: EngineConfig): boolean {
  const s = settingsOf(conf);
  return s.enabled && (s.ipv4.length > 0 || s.ipv6.length > 0);
}

/** Starts the lookups for the message's first external relay; resolves once all are answered (or timed out), undefined when none was asked. */
export function launchAsnLookups(state: ScanState, net: NetLookups): Promise<unknown> | undefined {
  const s = settingsOf(state.conf);
  // Every zone's tags exist from now on, empty until an answer fills them.
  for (const z of [...s.ipv4, ...s.ipv6]) for (const tag of [z.asnTag, z.routeTag]) if (!state.getTag(tag)) state.setTag(tag, '');
  const relay = state.relays().external[0];
  if (relay === undefined || relay.ipPrivate) return undefined;
  const zones = isIpv4Address(relay.ip) ? s.ipv4 : s.ipv6;
  const reversed = reverseIp(relay.ip);
  if (zones.length === 0 || reversed === undefined) return undefined;
  const answers: (DnsAnswer | undefined)[] = zones.map(() => undefined);
  pending.set(state, { zones, answers });
  const all = Promise.all(zones.map((z, i) => net.lookup(`${reversed}.${z.zone}`, 'TXT').then((a) => (answers[i] = a))));
  net.track(all);
  return all;
}

/** After the join: each zone's answer, in configuration order, goes into its tags and the X-ASN metadata. */
export function joinAsnLookups(state: ScanState): void {
  const asked = pending.get(state);
  if (asked === undefined) return;
  pending.delete(state);
  const prefix = settingsOf(state.conf).prefix;
  asked.zones.forEach((z, i) => {
    const answer = asked.answers[i];
    if (answer !== undefined) applyAnswer(state, z, answer, prefix);
  });
}

/** Perl's `split(/ /, s)`: a leading empty field is kept, trailing ones are dropped. */
function splitOnSpaces(s: string): string[] {
  const parts = s.split(' ');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

function prefixBeforeNumber(prefix: string): RegExp {
  return new RegExp(`(^| )${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=\\d)`, 'g');
}

function applyAnswer(state: ScanState, z: AsnZone, answer: DnsAnswer, prefix: string): void {
  // The tag holds the numbers with the prefix on: taken off before the values are compared.
  const asnText = state.getTag(z.asnTag) ?? '';
  const asns = splitOnSpaces(prefix === '' ? asnText : asnText.replace(prefixBeforeNumber(prefix), '$1'));
  const routes = splitOnSpaces(state.getTag(z.routeTag) ?? '');
  const asnSeen = new Set(asns);
  const routeSeen = new Set(routes);
  let asnAdded = false;
  let routeAdded = false;
  for (const record of answer.records) {
    if (!Array.isArray(record) || record.length === 0) continue;
    const found = asnRecord(record as string[]);
    for (const route of found.routes) {
      if (route === '' || /\/0+$/.test(route) || routeSeen.has(route)) continue;
      routes.push(route);
      routeSeen.add(route);
      routeAdded = true;
    }
    for (const written of found.asns) {
      const asn = written.replace(/^AS(?=\d)/i, '');
      if (asn === '' || asn === '0' || perlNum(asn) === 4294967295 || asnSeen.has(asn)) continue;
      asns.push(asn);
      asnSeen.add(asn);
      asnAdded = true;
    }
  }
  if (asnAdded && asns.length > 0) {
    state.putMetadata('X-ASN', asns.join(' '));
    state.setTag(z.asnTag, asns.map((a) => prefix + a).join(' '));
  }
  if (routeAdded && routes.length > 0) state.setTag(z.routeTag, routes.join(' '));
}
