/**
 * Reads every key/value pair of a Berkeley DB hash file (DB_HASH, hash
 * format 8 or 9: Berkeley DB 4.x-5.x, what Perl's DB_File and sendmail's
 * `makemap hash` write on Debian). Read-only and whole-file: the pages are
 * walked in order and each bucket page gives its pairs, so the hash function
 * is never needed. Values that did not fit a bucket page (off-page items)
 * are followed through their overflow chains.
 *
 * Layout (db_page.h, little- or big-endian as the file's magic says): page 0
 * is the metadata page (magic 0x061561 at 12, version at 16, page size at 20,
 * encryption at 24, page type 8 at 25, flags at 26, last page at 32); every
 * other page starts with a 26-byte header (next page at 16, entry count at
 * 20, free-space offset at 22, page type at 25) followed by the 2-byte
 * offsets of its items. On a hash page (type 13, or 2 in format 8) items
 * come in key/data pairs, each item a type byte and its bytes, its length
 * the distance to the previous item's offset (the page end for the first).
 */

const HASH_MAGIC = 0x061561;
const PAGE_HEADER_BYTES = 26;

const P_HASH_UNSORTED = 2;
const P_OVERFLOW = 7;
const P_HASHMETA = 8;
const P_HASH = 13;

const H_KEYDATA = 1;
const H_OFFPAGE = 3;

/** Metadata flag: the pages carry checksums, which move the item offsets (not written by makemap or DB_File). */
const DBMETA_CHKSUM = 0x01;

export class BerkeleyHashError extends Error {
  override readonly name = 'BerkeleyHashError';
}

interface FileLayout {
  bytes: Buffer;
  littleEndian: boolean;
  pageSize: number;
  lastPage: number;
}

/** Every pair of the file, keys and values as latin1 strings (their bytes, no decoding). */
export function readBerkeleyHash(bytes: Buffer): Map<string, string> {
  const layout = readMetadata(bytes);
  const pairs = new Map<string, string>();
  for (let page = 1; page <= layout.lastPage; page++) {
    const type = pageType(layout, page);
    if (type === P_HASH || type === P_HASH_UNSORTED) readBucketPage(layout, page, pairs);
  }
  return pairs;
}

function readMetadata(bytes: Buffer): FileLayout {
  if (bytes.length < 512) throw new BerkeleyHashError('too short for a Berkeley DB file');
  let littleEndian = true;
  if (bytes.readUInt32LE(12) !== HASH_MAGIC) {
    if (bytes.readUInt32BE(12) !== HASH_MAGIC) throw new BerkeleyHashError('not a Berkeley DB hash file (magic)');
    littleEndian = false;
  }
  const u32 = (at: number) => (littleEndian ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at));
  const version = u32(16);
  if (version !== 8 && version !== 9) throw new BerkeleyHashError(`hash format version ${version} is not read (8 and 9 are)`);
  const pageSize = u32(20);
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) throw new BerkeleyHashError(`bad page size ${pageSize}`);
  if (bytes[24] !== 0) throw new BerkeleyHashError('encrypted database');
  if (bytes[25] !== P_HASHMETA) throw new BerkeleyHashError('first page is not hash metadata');
  if (((bytes[26] ?? 0) & DBMETA_CHKSUM) !== 0) throw new BerkeleyHashError('database with page checksums');
  const lastPage = Math.min(u32(32), Math.floor(bytes.length / pageSize) - 1);
  return { bytes, littleEndian, pageSize, lastPage };
}

function u16(l: FileLayout, at: number): number {
  return l.littleEndian ? l.bytes.readUInt16LE(at) : l.bytes.readUInt16BE(at);
}

function u32(l: FileLayout, at: number): number {
  return l.littleEndian ? l.bytes.readUInt32LE(at) : l.bytes.readUInt32BE(at);
}

function pageType(l: FileLayout, page: number): number {
  return l.bytes[page * l.pageSize + 25] ?? 0;
}

function readBucketPage(l: FileLayout, page: number, pairs: Map<string, string>): void {
  const start = page * l.pageSize;
  const entries = u16(l, start + 20);
  if (PAGE_HEADER_BYTES + 2 * entries > l.pageSize) throw new BerkeleyHashError(`page ${page}: ${entries} entries do not fit`);
  const offsets: number[] = [];
  for (let i = 0; i < entries; i++) offsets.push(u16(l, start + PAGE_HEADER_BYTES + 2 * i));
  for (let i = 0; i + 1 < entries; i += 2) {
    const key = itemBytes(l, page, offsets, i);
    const value = itemBytes(l, page, offsets, i + 1);
    // Duplicate sets (H_DUPLICATE / H_OFFDUP) are never written to an access map; such a pair is skipped.
    if (key !== undefined && value !== undefined) pairs.set(key.toString('latin1'), value.toString('latin1'));
  }
}

/** One item's bytes (without its type byte), undefined for item kinds a plain map never holds. */
function itemBytes(l: FileLayout, page: number, offsets: readonly number[], index: number): Buffer | undefined {
  const offset = offsets[index] as number;
  const end = index === 0 ? l.pageSize : (offsets[index - 1] as number);
  if (offset < PAGE_HEADER_BYTES || end > l.pageSize || offset >= end) throw new BerkeleyHashError(`page ${page}: item ${index} out of bounds`);
  const at = page * l.pageSize + offset;
  const type = l.bytes[at];
  if (type === H_KEYDATA) return l.bytes.subarray(at + 1, page * l.pageSize + end);
  if (type === H_OFFPAGE) return readOverflow(l, u32(l, at + 4), u32(l, at + 8));
  return undefined;
}

/** An off-page item: `length` bytes spread over a chain of overflow pages. */
function readOverflow(l: FileLayout, firstPage: number, length: number): Buffer {
  const chunks: Buffer[] = [];
  let got = 0;
  const seen = new Set<number>();
  for (let page = firstPage; page !== 0 && got < length; page = u32(l, page * l.pageSize + 16)) {
    if (page > l.lastPage || seen.has(page) || pageType(l, page) !== P_OVERFLOW) throw new BerkeleyHashError(`broken overflow chain at page ${page}`);
    seen.add(page);
    const start = page * l.pageSize;
    const used = Math.min(u16(l, start + 22), l.pageSize - PAGE_HEADER_BYTES);
    chunks.push(l.bytes.subarray(start + PAGE_HEADER_BYTES, start + PAGE_HEADER_BYTES + used));
    got += used;
  }
  if (got < length) throw new BerkeleyHashError(`overflow item of ${length} bytes ends after ${got}`);
  return Buffer.concat(chunks).subarray(0, length);
}
