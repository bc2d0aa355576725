/**
 * The ASN plugin's GeoIP lookup (asn_use_geodb, on by default): with a
 * GeoIP2 ISP or ASN database, the first external relay's AS number and
 * organisation fill `_ASN_` (`AS15169 Google LLC`, the prefix not doubled)
 * and the X-ASN metadata (the number alone) while the message is read,
 * before any rule, with or without DNS and when learning too, as
 * SpamAssassin does. With asn_prefer_geodb (the default) a number found
 * here means no DNS lookup.
 */
import { geoDb } from '../../geodb/geodb.js';
import type { ScanState } from '../../scan/scan-state.js';
import { asnSettings, initAsnTags } from './asn-settings.js';

const FOUND = 'asn:geodb-found';

export function asnFromGeoDb(state: ScanState): void {
  const s = asnSettings(state.conf);
  if (!s.loaded || !s.useGeoDb) return;
  const db = geoDb(state.conf);
  if (db === undefined || !db.hasAsn) return;
  initAsnTags(state, s);
  const relay = state.relays().external[0];
  if (relay === undefined || relay.ipPrivate) return;
  const found = db.asn(relay.ip);
  if (found === undefined) return;
  const numbered = s.prefix !== '' && !found.asn.startsWith(s.prefix) ? s.prefix + found.asn : found.asn;
  state.setTag('ASN', found.org === undefined ? numbered : `${numbered} ${found.org}`);
  state.putMetadata('X-ASN', found.asn);
  state.scratch.set(FOUND, true);
}

/** Whether DNS lookups are left out because the GeoIP database already said (asn_prefer_geodb). */
export function asnSettledByGeoDb(state: ScanState): boolean {
  return state.scratch.get(FOUND) === true && asnSettings(state.conf).preferGeoDb;
}
