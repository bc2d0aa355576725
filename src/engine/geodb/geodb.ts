/**
 * The GeoIP database the plugins ask (SpamAssassin's GeoDB): GeoIP2 files
 * first (`.mmdb`, as when MaxMind::DB::Reader is installed), else the legacy
 * Geo::IP country files Debian's geoip-database installs, unless
 * `geodb_module` names one of them (any other module gives no database, as
 * Spamward reads no other kind). A private address is `**`, an address the
 * database does not place (or a damaged file) `XX`. Chosen once per
 * configuration; the files are shared while they do not change.
 */
import ipaddr from 'ipaddr.js';
import { perConfig } from '../config/per-config.js';
import type { EngineConfig } from '../config/types.js';
import { isIpPrivate } from '../evals/util/ip-patterns.js';
import type { GeoBackend } from './geo-backend.js';
import { configuredModule } from './geodb-settings.js';
import { geoip2Backend } from './geoip2-backend.js';
import { legacyBackend } from './legacy-backend.js';

export interface CountryDb {
  /** `**` for a private address, `XX` when the database has no country for it. */
  country(ip: string): string;
  /** The continent of the address's country; `XX` when it has none, a private address included. */
  continent(ip: string): string;
  /** Whether IPv6 addresses can be placed (URILocalBL then asks for AAAA records too). */
  hasIpv6(): boolean;
}

/** Addresses whose answers are kept per question (the map starts again when full). */
const ANSWERS_KEPT = 4096;

function backendOf(conf: EngineConfig): GeoBackend | undefined {
  const module = configuredModule(conf);
  if (module === 'other') return undefined;
  const geoip2 = module === undefined || module === 'geoip2' ? geoip2Backend(conf) : undefined;
  if (geoip2 !== undefined || module === 'geoip2') return geoip2;
  return legacyBackend(conf);
}

/** An address as bytes (4 for IPv4, 16 for IPv6); undefined when it is neither. */
function addressBytes(ip: string): Uint8Array | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(ip)) return Uint8Array.from(ipaddr.IPv4.parse(ip).toByteArray());
  if (ipaddr.IPv6.isValid(ip)) return Uint8Array.from(ipaddr.IPv6.parse(ip).toByteArray());
  return undefined;
}

const countryDbOf = perConfig((conf: EngineConfig): CountryDb | undefined => {
  const backend = backendOf(conf);
  if (backend === undefined) return undefined;
  // A message asks for the same few relays several times, and a GeoIP2 record is a whole map to decode each time.
  const answers = { countryCode: new Map<string, string>(), continentCode: new Map<string, string>() };
  const ask = (ip: string, what: 'countryCode' | 'continentCode'): string => {
    const known = answers[what].get(ip);
    if (known !== undefined) return known;
    const address = addressBytes(ip);
    const answer = (address === undefined ? undefined : backend[what](address)) ?? 'XX';
    if (answers[what].size >= ANSWERS_KEPT) answers[what].clear();
    answers[what].set(ip, answer);
    return answer;
  };
  return {
    country: (ip) => (isIpPrivate(ip) ? '**' : ask(ip, 'countryCode')),
    continent: (ip) => ask(ip, 'continentCode'),
    hasIpv6: () => backend.hasIpv6(),
  };
});

/** The configuration's GeoIP database; undefined when none is installed or configured. */
export function countryDb(conf: EngineConfig): CountryDb | undefined {
  return countryDbOf(conf);
}
