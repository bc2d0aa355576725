/**
 * GeoDB through GeoIP2 (MaxMind DB) files, each kind where the plugins want
 * it: a city database, else a country one, for countries and continents
 * (`country.iso_code`, `continent.code`); an ISP database, else an ASN one,
 * for AS numbers and organisations (`autonomous_system_number`,
 * `autonomous_system_organization`) and the ISP name (`isp`). Files by their
 * GeoIP2, GeoLite2 or DB-IP names in the search path, or
 * `geodb_options city:PATH` / `country:PATH` / `isp:PATH`; one file serves
 * both address families.
 */
import type { EngineConfig } from '../config/types.js';
import { cachedFile } from '../storage/cached-file.js';
import { isFile, namedFile, searchFile } from './geodb-settings.js';
import type { GeoBackend, GeoWanted } from './geo-backend.js';
import { type MmdbFile, type MmdbValue, openMmdb } from './mmdb-file.js';

const FILES = {
  city: ['GeoIP2-City.mmdb', 'GeoLite2-City.mmdb', 'dbip-city.mmdb', 'dbip-city-lite.mmdb'],
  country: ['GeoIP2-Country.mmdb', 'GeoLite2-Country.mmdb', 'dbip-country.mmdb', 'dbip-country-lite.mmdb'],
  isp: ['GeoIP2-ISP.mmdb', 'GeoLite2-ISP.mmdb'],
  asn: ['GeoIP2-ASN.mmdb', 'GeoLite2-ASN.mmdb'],
} as const;

function fileOf(conf: EngineConfig, type: keyof typeof FILES): MmdbFile | undefined {
  // geodb_options names city, country and isp files; an ASN file is only searched for.
  const named = type === 'asn' ? undefined : namedFile(conf, type);
  const path = named !== undefined ? (isFile(named) ? named : undefined) : searchFile(conf, FILES[type])?.path;
  return cachedFile(path, 'mmdb', openMmdb);
}

type Fields = { [key: string]: MmdbValue };

function asMap(value: MmdbValue | undefined): Fields | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !Buffer.isBuffer(value) ? value : undefined;
}

function text(value: MmdbValue | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function geoip2Backend(conf: EngineConfig, wanted: GeoWanted): GeoBackend | undefined {
  const places = wanted.country ? (fileOf(conf, 'city') ?? fileOf(conf, 'country')) : undefined;
  const isp = wanted.isp || wanted.asn ? fileOf(conf, 'isp') : undefined;
  const networks = isp ?? (wanted.asn ? fileOf(conf, 'asn') : undefined);
  if (places === undefined && networks === undefined) return undefined;
  const backend: GeoBackend = { hasIpv6: () => true };
  if (places !== undefined) {
    backend.place = (address) => {
      const record = asMap(places.lookup(address));
      if (record === undefined) return undefined;
      const country = text(asMap(record.country)?.iso_code);
      const continent = text(asMap(record.continent)?.code);
      return { ...(country !== undefined ? { country } : {}), ...(continent !== undefined ? { continent } : {}) };
    };
  }
  if (networks !== undefined) {
    backend.asn = (address) => {
      const record = asMap(networks.lookup(address));
      const asn = record?.autonomous_system_number;
      if (typeof asn !== 'number' && typeof asn !== 'bigint' && typeof asn !== 'string') return undefined;
      const org = text(record?.autonomous_system_organization);
      return org === undefined ? { asn: String(asn) } : { asn: String(asn), org };
    };
  }
  if (isp !== undefined) backend.isp = (address) => text(asMap(isp.lookup(address))?.isp);
  return backend;
}
