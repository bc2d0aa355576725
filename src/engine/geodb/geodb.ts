/**
 * The GeoIP country database the plugins ask (SpamAssassin's GeoDB): where
 * it is found, and the country of an address. Spamward reads the legacy
 * country databases Debian's geoip-database installs (GeoIP.dat and
 * GeoIPv6.dat beside it) through the same settings: `geodb_options
 * country:/path` names the file (then no IPv6 one is looked for),
 * `geodb_search_path` replaces the folders searched, `geodb_module` may say
 * `geoip` (any other module, GeoIP2's .mmdb files among them, is not read,
 * so no database). A private address is `**`, an address the database does
 * not place (or a damaged one) `XX`. Files are read once per configuration
 * (a reload reads them again) and shared while they do not change.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ipaddr from 'ipaddr.js';
import { perConfig } from '../config/per-config.js';
import type { EngineConfig } from '../config/types.js';
import { isIpPrivate } from '../evals/util/ip-patterns.js';
import { continentOf } from './continents.js';
import { countryCodeById } from './geoip-country-codes.js';
import { type LegacyCountryDb, openLegacyCountryDb } from './legacy-geoip-file.js';

const DEFAULT_SEARCH_PATH = ['/usr/local/share/GeoIP', '/usr/share/GeoIP', '/var/lib/GeoIP', '/opt/share/GeoIP'];
const COUNTRY_FILE = 'GeoIP.dat';
const COUNTRY_FILE_V6 = 'GeoIPv6.dat';

/** geodb_module's spellings of the one module whose files are read here (Geo::IP's). */
const LEGACY_MODULE = /^(?:geo::ip|geoip)$/i;

export interface CountryDb {
  /** `**` for a private address, `XX` when the database has no country for it. */
  country(ip: string): string;
  /** The continent of the address's country (continents.ts); `XX` when it has none, a private address included. */
  continent(ip: string): string;
  /** Whether an IPv6 database was found beside the IPv4 one (URILocalBL then asks for AAAA records too). */
  hasIpv6(): boolean;
}

/** Whether the configuration lets the legacy files be read: no module named, or Geo::IP's (the deprecated country_db_type too). */
function legacyModuleAllowed(conf: EngineConfig): boolean {
  const module = conf.other.get('geodb_module');
  if (module !== undefined) return LEGACY_MODULE.test(module);
  const type = conf.other.get('country_db_type');
  return type === undefined || (/Geo/i.test(type) && !/GeoIP2/i.test(type));
}

/** The files this configuration points at (the IPv6 one only when found by searching). */
function countryFiles(conf: EngineConfig): { v4?: string; v6?: string } {
  if (!legacyModuleAllowed(conf)) return {};
  const named = namedCountryFile(conf);
  if (named !== undefined) return isFile(named) ? { v4: named } : {};
  for (const dir of searchPath(conf)) {
    const v4 = join(dir, COUNTRY_FILE);
    if (!isFile(v4)) continue;
    const v6 = join(dir, COUNTRY_FILE_V6);
    return isFile(v6) ? { v4, v6 } : { v4 };
  }
  return {};
}

/** `geodb_options country:PATH` (`reset` forgets earlier ones), else the deprecated country_db_path settings. */
function namedCountryFile(conf: EngineConfig): string | undefined {
  let country: string | undefined;
  for (const option of conf.lists.get('geodb_options') ?? []) {
    const [kind = '', path = ''] = option.split(/:(.*)/s);
    if (kind.toLowerCase() === 'reset') country = undefined;
    else if (kind.toLowerCase() === 'country') country = path === '' ? undefined : path;
  }
  return country ?? conf.other.get('country_db_path') ?? conf.other.get('uri_country_db_path');
}

function searchPath(conf: EngineConfig): string[] {
  let dirs: string[] | undefined;
  for (const entry of conf.lists.get('geodb_search_path') ?? []) dirs = entry === 'reset' ? [] : [...(dirs ?? []), entry];
  return dirs === undefined || dirs.length === 0 ? DEFAULT_SEARCH_PATH : dirs;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Loaded databases by path, with the file's identity when read. */
const loaded = new Map<string, { stamp: string; db: LegacyCountryDb | undefined }>();

function database(path: string | undefined): LegacyCountryDb | undefined {
  if (path === undefined) return undefined;
  let stamp: string;
  try {
    const st = statSync(path);
    stamp = `${st.ino}:${st.size}:${st.mtimeMs}`;
  } catch {
    return undefined;
  }
  const known = loaded.get(path);
  if (known?.stamp === stamp) return known.db;
  let db: LegacyCountryDb | undefined;
  try {
    db = openLegacyCountryDb(readFileSync(path));
  } catch {
    db = undefined;
  }
  loaded.set(path, { stamp, db });
  return db;
}

const countryDbOf = perConfig((conf: EngineConfig): CountryDb | undefined => {
  const files = countryFiles(conf);
  const v4 = database(files.v4);
  if (v4 === undefined || v4.ipv6) return undefined;
  // The IPv6 file is read on the first IPv6 address, not before: most relays are IPv4.
  let v6: LegacyCountryDb | undefined | null = null;
  const ipv6Db = (): LegacyCountryDb | undefined => {
    if (v6 === null) {
      const db = database(files.v6);
      v6 = db?.ipv6 ? db : undefined;
    }
    return v6;
  };
  /** The database's code for the address; undefined when it has none. */
  const code = (ip: string): string | undefined => {
    let id: number | undefined;
    if (ipaddr.IPv4.isValidFourPartDecimal(ip)) id = v4.countryId(Uint8Array.from(ipaddr.IPv4.parse(ip).toByteArray()));
    else if (ipaddr.IPv6.isValid(ip)) id = ipv6Db()?.countryId(Uint8Array.from(ipaddr.IPv6.parse(ip).toByteArray()));
    return id === undefined ? undefined : countryCodeById(id);
  };
  return {
    country: (ip) => (isIpPrivate(ip) ? '**' : (code(ip) ?? 'XX')),
    continent: (ip) => {
      const country = code(ip);
      return country === undefined ? 'XX' : continentOf(country);
    },
    hasIpv6: () => ipv6Db() !== undefined,
  };
});

/** The configuration's country database; undefined when none is installed or configured. */
export function countryDb(conf: EngineConfig): CountryDb | undefined {
  return countryDbOf(conf);
}
