/**
 * GeoDB through Geo::IP's files: the legacy country database (GeoIP.dat)
 * and, when found by searching, GeoIPv6.dat beside it (read on the first
 * IPv6 address). Continents come from SpamAssassin's own table. Geo::IP's
 * city, ISP and ASN editions are not read.
 */
import type { EngineConfig } from '../config/types.js';
import { continentOf } from './continents.js';
import { cachedFile } from '../storage/cached-file.js';
import { isFile, namedFile, searchFile } from './geodb-settings.js';
import type { GeoBackend } from './geo-backend.js';
import { countryCodeById } from './geoip-country-codes.js';
import { type LegacyCountryDb, openLegacyCountryDb } from './legacy-geoip-file.js';

const COUNTRY_FILE = 'GeoIP.dat';
const COUNTRY_FILE_V6 = 'GeoIPv6.dat';

/** The files this configuration points at (the IPv6 one only when found by searching). */
function countryFiles(conf: EngineConfig): { v4?: string; v6?: string } {
  const named = namedFile(conf, 'country');
  if (named !== undefined) return isFile(named) ? { v4: named } : {};
  const found = searchFile(conf, [COUNTRY_FILE]);
  if (found === undefined) return {};
  const v6 = `${found.dir}/${COUNTRY_FILE_V6}`;
  return isFile(v6) ? { v4: found.path, v6 } : { v4: found.path };
}

export function legacyBackend(conf: EngineConfig): GeoBackend | undefined {
  const files = countryFiles(conf);
  const v4 = cachedFile(files.v4, 'geoip', openLegacyCountryDb);
  if (v4 === undefined || v4.ipv6) return undefined;
  let v6: LegacyCountryDb | undefined | null = null;
  const ipv6Db = (): LegacyCountryDb | undefined => {
    if (v6 === null) {
      const db = cachedFile(files.v6, 'geoip', openLegacyCountryDb);
      v6 = db?.ipv6 ? db : undefined;
    }
    return v6;
  };
  const countryCode = (address: Uint8Array): string | undefined => {
    const id = address.length === 4 ? v4.countryId(address) : ipv6Db()?.countryId(address);
    return id === undefined ? undefined : countryCodeById(id);
  };
  return {
    place: (address) => {
      const country = countryCode(address);
      return country === undefined ? undefined : { country, continent: continentOf(country) };
    },
    hasIpv6: () => ipv6Db() !== undefined,
  };
}
