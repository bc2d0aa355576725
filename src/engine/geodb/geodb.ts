/**
 * The GeoIP database the plugins ask (SpamAssassin's GeoDB): GeoIP2 files
 * first (`.mmdb`, as when MaxMind::DB::Reader is installed) for the kinds
 * the loaded plugins want (countries for RelayCountry and URILocalBL, ISPs
 * for URILocalBL, AS numbers for ASN), else the legacy Geo::IP country files
 * Debian's geoip-database installs, unless `geodb_module` names one of the
 * two (any other module gives no database, as Spamward reads no other kind).
 * A private address is `**`, an address the database does not place (or a
 * damaged file) `XX`. Chosen once per configuration; the files are shared
 * while they do not change.
 */
import ipaddr from 'ipaddr.js';
import { perConfig } from '../config/per-config.js';
import { PLUGIN_PREFIX } from '../config/plugins.js';
import type { EngineConfig } from '../config/types.js';
import { isIpPrivate } from '../evals/util/ip-patterns.js';
import type { GeoBackend, GeoWanted } from './geo-backend.js';
import { configuredModule } from './geodb-settings.js';
import { geoip2Backend } from './geoip2-backend.js';
import { legacyBackend } from './legacy-backend.js';

export interface GeoDb {
  /** Whether countries (and continents) can be looked up (GeoDB `can('country')`). */
  readonly hasCountry: boolean;
  /** `**` for a private address, `XX` when the database has no country for it. */
  country(ip: string): string;
  /** The continent of the address's country; `XX` when it has none, a private address included. */
  continent(ip: string): string;
  readonly hasAsn: boolean;
  /** The address's AS number and organisation; undefined when unknown. */
  asn(ip: string): { asn: string; org?: string } | undefined;
  readonly hasIsp: boolean;
  isp(ip: string): string | undefined;
  /** Whether IPv6 addresses can be placed (URILocalBL then asks for AAAA records too). */
  hasIpv6(): boolean;
}

/** Addresses whose answers are kept per question (a map starts again when full). */
const ANSWERS_KEPT = 4096;

function wantedBy(conf: EngineConfig): GeoWanted {
  const loaded = (plugin: string) => conf.plugins.has(PLUGIN_PREFIX + plugin);
  return { country: loaded('RelayCountry') || loaded('URILocalBL'), asn: loaded('ASN'), isp: loaded('URILocalBL') };
}

function backendOf(conf: EngineConfig): GeoBackend | undefined {
  const wanted = wantedBy(conf);
  if (!wanted.country && !wanted.asn && !wanted.isp) return undefined;
  const module = configuredModule(conf);
  if (module === 'other') return undefined;
  const geoip2 = module === undefined || module === 'geoip2' ? geoip2Backend(conf, wanted) : undefined;
  if (geoip2 !== undefined || module === 'geoip2') return geoip2;
  return wanted.country ? legacyBackend(conf) : undefined;
}

/** An address as bytes (4 for IPv4, 16 for IPv6); undefined when it is neither. */
function addressBytes(ip: string): Uint8Array | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(ip)) return Uint8Array.from(ipaddr.IPv4.parse(ip).toByteArray());
  if (ipaddr.IPv6.isValid(ip)) return Uint8Array.from(ipaddr.IPv6.parse(ip).toByteArray());
  return undefined;
}

/** `look` over the address of `ip`, its answers kept: a message asks for the same few relays several times. */
function remembered<T>(look: ((address: Uint8Array) => T | undefined) | undefined): (ip: string) => T | undefined {
  const answers = new Map<string, T | undefined>();
  return (ip) => {
    if (look === undefined) return undefined;
    if (answers.has(ip)) return answers.get(ip);
    const address = addressBytes(ip);
    const answer = address === undefined ? undefined : look(address);
    if (answers.size >= ANSWERS_KEPT) answers.clear();
    answers.set(ip, answer);
    return answer;
  };
}

const geoDbOf = perConfig((conf: EngineConfig): GeoDb | undefined => {
  const backend = backendOf(conf);
  if (backend === undefined) return undefined;
  const place = remembered(backend.place?.bind(backend));
  const asn = remembered(backend.asn?.bind(backend));
  const isp = remembered(backend.isp?.bind(backend));
  return {
    hasCountry: backend.place !== undefined,
    country: (ip) => (isIpPrivate(ip) ? '**' : (place(ip)?.country ?? 'XX')),
    continent: (ip) => place(ip)?.continent ?? 'XX',
    hasAsn: backend.asn !== undefined,
    asn,
    hasIsp: backend.isp !== undefined,
    isp,
    hasIpv6: () => backend.hasIpv6(),
  };
});

/** The configuration's GeoIP database; undefined when none is installed or configured, or no plugin wants one. */
export function geoDb(conf: EngineConfig): GeoDb | undefined {
  return geoDbOf(conf);
}
