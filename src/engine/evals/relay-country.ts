/**
 * RelayCountry (SpamAssassin's extract_metadata, before any rule): the
 * country of each relay, from the GeoIP country database, as four
 * pseudo-headers that header rules and Bayes read and four tags:
 * X-Relay-Countries (_RELAYCOUNTRY_) for the untrusted relays,
 * X-Relay-Countries-External (_RELAYCOUNTRYEXT_) for the external ones,
 * X-Relay-Countries-Auth (_RELAYCOUNTRYAUTH_) for the trusted ones from the
 * first that authenticated on, and X-Relay-Countries-All (_RELAYCOUNTRYALL_)
 * for the internal then the external ones; codes space-separated, `**` for a
 * private address, `XX` for one the database does not place. Without a
 * database nothing is added, as in SpamAssassin.
 */
import { PLUGIN_PREFIX } from '../config/plugins.js';
import { geoDb } from '../geodb/geodb.js';
import type { Relay } from '../message/analysis-types.js';
import type { ScanState } from '../scan/scan-state.js';

const PLUGIN = `${PLUGIN_PREFIX}RelayCountry`;

/** Pseudo-header -> tag, in the order SpamAssassin adds them. */
const OUTPUTS: readonly [string, string][] = [
  ['X-Relay-Countries', 'RELAYCOUNTRY'],
  ['X-Relay-Countries-External', 'RELAYCOUNTRYEXT'],
  ['X-Relay-Countries-Auth', 'RELAYCOUNTRYAUTH'],
  ['X-Relay-Countries-All', 'RELAYCOUNTRYALL'],
];

/** The pseudo-headers RelayCountry adds, which Bayes tokenizes with the message's metadata. */
export const RELAY_COUNTRY_HEADERS: readonly string[] = OUTPUTS.map(([header]) => header);

/** The trusted relays from the first one that authenticated on. */
function fromFirstAuthenticated(trusted: readonly Relay[]): Relay[] {
  const first = trusted.findIndex((r) => r.auth !== '');
  return first < 0 ? [] : trusted.slice(first);
}

export function extractRelayCountries(state: ScanState): void {
  if (!state.conf.plugins.has(PLUGIN)) return;
  const db = geoDb(state.conf);
  if (db === undefined || !db.hasCountry) return;
  const relays = state.relays();
  const lists = [relays.untrusted, relays.external, fromFirstAuthenticated(relays.trusted), [...relays.internal, ...relays.external]];
  OUTPUTS.forEach(([header, tag], i) => {
    const codes = (lists[i] as Relay[]).map((r) => db.country(r.ip)).join(' ');
    state.putMetadata(header, codes);
    state.setTag(tag, codes);
  });
}
