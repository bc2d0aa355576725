/**
 * GeoDB through GeoIP2 (MaxMind DB) files: a city database when there is
 * one, else a country one (GeoIP2, GeoLite2 or DB-IP names, or
 * `geodb_options city:PATH` / `country:PATH`), one file for both address
 * families. The country is the record's `country.iso_code` and the continent
 * its `continent.code`, as SpamAssassin reads them.
 */
import type { EngineConfig } from '../config/types.js';
import { cachedFile } from './file-cache.js';
import { isFile, namedFile, searchFile } from './geodb-settings.js';
import type { GeoBackend } from './geo-backend.js';
import { type MmdbFile, type MmdbValue, openMmdb } from './mmdb-file.js';

const CITY_FILES = ['GeoIP2-City.mmdb', 'GeoLite2-City.mmdb', 'dbip-city.mmdb', 'dbip-city-lite.mmdb'];
const COUNTRY_FILES = ['GeoIP2-Country.mmdb', 'GeoLite2-Country.mmdb', 'dbip-country.mmdb', 'dbip-country-lite.mmdb'];

function fileOf(conf: EngineConfig, type: 'city' | 'country', names: readonly string[]): MmdbFile | undefined {
  const named = namedFile(conf, type);
  const path = named !== undefined ? (isFile(named) ? named : undefined) : searchFile(conf, names)?.path;
  return cachedFile(path, 'mmdb', openMmdb);
}

/** `record.a.b` when every step is a map and the end a string. */
function field(record: MmdbValue | undefined, a: string, b: string): string | undefined {
  const outer = record !== null && typeof record === 'object' && !Array.isArray(record) && !Buffer.isBuffer(record) ? record[a] : undefined;
  const inner = outer !== null && typeof outer === 'object' && !Array.isArray(outer) && !Buffer.isBuffer(outer) ? outer[b] : undefined;
  return typeof inner === 'string' && inner !== '' ? inner : undefined;
}

export function geoip2Backend(conf: EngineConfig): GeoBackend | undefined {
  const db = fileOf(conf, 'city', CITY_FILES) ?? fileOf(conf, 'country', COUNTRY_FILES);
  if (db === undefined) return undefined;
  return {
    countryCode: (address) => field(db.lookup(address), 'country', 'iso_code'),
    continentCode: (address) => field(db.lookup(address), 'continent', 'code'),
    hasIpv6: () => true,
  };
}
