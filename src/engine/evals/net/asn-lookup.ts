/**
 * The ASN plugin's lookup (SpamAssassin runs it while extracting the
 * message's metadata, before any rule): the first external relay's address,
 * reversed, is asked for TXT records in each `asn_lookup` zone
 * (`asn_lookup_ipv6` for an IPv6 relay), and the answers fill the zones'
 * tags (`_ASN_ _ASNCIDR_` by default; the AS numbers with `asn_prefix`
 * before each) and the X-ASN metadata Bayes tokenizes. Answers for the same
 * tags are merged, a value seen once; unassigned space (AS 0 or 4294967295,
 * a /0 route) is left out. A relay with a private address, a learn, no DNS,
 * or a number the GeoIP database already gave (asn-geodb.ts) asks nothing.
 * The answers are applied once the lookups are joined, in the order the
 * zones were configured (SpamAssassin takes them in the order they arrive).
 */
import type { EngineConfig } from '../../config/types.js';
import { reverseIp } from '../../message/host-extract.js';
import type { DnsAnswer, NetLookups } from '../../net/dns-types.js';
import type { ScanState } from '../../scan/scan-state.js';
import { isIpv4Address } from '../util/ip-patterns.js';
import { perlNum } from '../util/perl-values.js';
import { asnRecord } from './asn-answer.js';
import { asnSettledByGeoDb } from './asn-geodb.js';
import { type AsnZone, asnSettings, initAsnTags } from './asn-settings.js';

/** The lookups of a scan, in its scratch map: each zone asked and, once answered, its answer. */
const PENDING = 'asn:pending';

interface Pending {
  zones: AsnZone[];
  answers: (DnsAnswer | undefined)[];
}

/** Whether this configuration looks ASNs up in DNS (the plugin loaded, DNS allowed, a zone configured). */
export function wantsAsnLookups(conf: EngineConfig): boolean {
  const s = asnSettings(conf);
  return s.loaded && s.useDns && (s.ipv4.length > 0 || s.ipv6.length > 0);
}

/** Starts the lookups for the message's first external relay; resolves once all are answered (or timed out), undefined when none was asked. */
export function launchAsnLookups(state: ScanState, net: NetLookups): Promise<unknown> | undefined {
  if (asnSettledByGeoDb(state)) return undefined;
  const s = asnSettings(state.conf);
  initAsnTags(state, s);
  const relay = state.relays().external[0];
  if (relay === undefined || relay.ipPrivate) return undefined;
  const zones = isIpv4Address(relay.ip) ? s.ipv4 : s.ipv6;
  const reversed = reverseIp(relay.ip);
  if (zones.length === 0 || reversed === undefined) return undefined;
  const answers: (DnsAnswer | undefined)[] = zones.map(() => undefined);
  state.scratch.set(PENDING, { zones, answers } satisfies Pending);
  const all = Promise.all(zones.map((z, i) => net.lookup(`${reversed}.${z.zone}`, 'TXT').then((a) => (answers[i] = a))));
  net.track(all);
  return all;
}

/** After the join: each zone's answer, in configuration order, goes into its tags and the X-ASN metadata. */
export function joinAsnLookups(state: ScanState): void {
  const asked = state.scratch.get(PENDING) as Pending | undefined;
  if (asked === undefined) return;
  state.scratch.delete(PENDING);
  const prefix = asnSettings(state.conf).prefix;
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
