/**
 * A legacy GeoIP country database (GeoIP.dat, GeoIPv6.dat, as Debian's
 * geoip-database ships them) read from memory. The file is a binary tree:
 * node n is six bytes at n*6, two little-endian 3-byte records, the left one
 * taken for a 0 bit of the address and the right one for a 1, most
 * significant bit first; a record at or above 16776960 ends the walk with
 * the country id (the record minus that number), any other is the next
 * node. A structure-info block near the end (three 0xFF bytes, then the
 * edition) says which edition the file is; a file without one is a country
 * database. Only the country editions (IPv4 and IPv6) are read: a city or
 * ISP database has other records.
 */

const COUNTRY_BEGIN = 16776960;
const RECORD_BYTES = 3;
const NODE_BYTES = 2 * RECORD_BYTES;
/** How far from the end the structure-info marker may be. */
const STRUCTURE_INFO_MAX_SIZE = 20;
const COUNTRY_EDITION = 1;
const COUNTRY_EDITION_V6 = 12;
/** Editions numbered before the renumbering are the current number plus 105. */
const OLD_EDITION_OFFSET = 105;

export interface LegacyCountryDb {
  /** Whether the file is the IPv6 edition (128-bit walks) rather than the IPv4 one. */
  readonly ipv6: boolean;
  /** The country id for an address of the database's family (4 or 16 bytes); undefined when the file is damaged. */
  countryId(address: Uint8Array): number | undefined;
}

function edition(file: Buffer): number {
  for (let i = 0; i < STRUCTURE_INFO_MAX_SIZE; i++) {
    const at = file.length - RECORD_BYTES - i;
    if (at < 0) break;
    if (file[at] === 0xff && file[at + 1] === 0xff && file[at + 2] === 0xff) {
      const type = file[at + RECORD_BYTES] ?? COUNTRY_EDITION;
      return type >= OLD_EDITION_OFFSET + 1 ? type - OLD_EDITION_OFFSET : type;
    }
  }
  return COUNTRY_EDITION;
}

/** The database in `file`, or undefined when it is not a country edition. */
export function openLegacyCountryDb(file: Buffer): LegacyCountryDb | undefined {
  const type = edition(file);
  if (type !== COUNTRY_EDITION && type !== COUNTRY_EDITION_V6) return undefined;
  return {
    ipv6: type === COUNTRY_EDITION_V6,
    countryId: (address) => walk(file, address),
  };
}

function walk(file: Buffer, address: Uint8Array): number | undefined {
  const bits = address.length * 8;
  let node = 0;
  for (let depth = 0; depth < bits; depth++) {
    const bit = ((address[depth >> 3] as number) >> (7 - (depth & 7))) & 1;
    const at = node * NODE_BYTES + bit * RECORD_BYTES;
    if (at + RECORD_BYTES > file.length) return undefined;
    const record = (file[at] as number) | ((file[at + 1] as number) << 8) | ((file[at + 2] as number) << 16);
    if (record >= COUNTRY_BEGIN) return record - COUNTRY_BEGIN;
    node = record;
  }
  // A walk that never reached a leaf: the tree is damaged.
  return undefined;
}
