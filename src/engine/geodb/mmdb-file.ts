/**
 * A MaxMind DB file (GeoIP2, GeoLite2 and DB-IP `.mmdb`), read from memory
 * as the format's specification lays it out: a binary search tree over the
 * address bits (node_count nodes of two records, 24, 28 or 32 bits each), 16
 * zero bytes, the data section, and at the end a metadata map after the
 * marker `\xAB\xCD\xEFMaxMind.com`. A record below node_count is the next
 * node, node_count itself means "no data", and a larger one points into the
 * data section. Data are typed values (strings, numbers, maps, arrays,
 * pointers to shared values). Every read is bounds-checked and nesting is
 * limited, so a damaged or hostile file gives no answer rather than an
 * exception or a runaway walk.
 */

const METADATA_MARKER = Buffer.from('\xab\xcd\xefMaxMind.com', 'latin1');
/** The metadata is within this many bytes of the end. */
const METADATA_MAX_SIZE = 128 * 1024;
const DATA_SEPARATOR = 16;
const MAX_DEPTH = 32;

export type MmdbValue = string | number | bigint | boolean | Buffer | MmdbValue[] | { [key: string]: MmdbValue };

export interface MmdbFile {
  readonly ipVersion: 4 | 6;
  readonly databaseType: string;
  /** The record for an address (4 or 16 bytes); undefined when the database has none or cannot say. */
  lookup(address: Uint8Array): MmdbValue | undefined;
}

class MmdbDamaged extends Error {}

/** Decodes values of one file's data section (or its metadata, which uses the same encoding). */
class Decoder {
  constructor(
    private readonly buf: Buffer,
    /** Where offsets in pointers count from. */
    private readonly base: number,
  ) {}

  /** The value at `offset` (absolute) and the offset after it. */
  decode(offset: number, depth = 0): [MmdbValue, number] {
    if (depth > MAX_DEPTH) throw new MmdbDamaged('nested too deep');
    let at = offset;
    const ctrl = this.byte(at++);
    let type = ctrl >> 5;
    if (type === 1) {
      const [target, next] = this.pointer(ctrl, at);
      const [value] = this.decode(this.base + target, depth + 1);
      return [value, next];
    }
    if (type === 0) type = 7 + this.byte(at++);
    let size = ctrl & 0x1f;
    if (size >= 29) {
      const extra = size - 28;
      const n = this.uint(at, extra);
      at += extra;
      size = size === 29 ? 29 + n : size === 30 ? 285 + n : 65821 + n;
    }
    return this.value(type, size, at, depth);
  }

  private value(type: number, size: number, at: number, depth: number): [MmdbValue, number] {
    switch (type) {
      case 2:
        return [this.slice(at, size).toString('utf8'), at + size];
      case 3:
        if (size !== 8) throw new MmdbDamaged('double size');
        return [this.slice(at, 8).readDoubleBE(0), at + 8];
      case 4:
        return [Buffer.from(this.slice(at, size)), at + size];
      case 5:
      case 6:
      case 8:
        if (size > 4) throw new MmdbDamaged('integer size');
        return [type === 8 && size === 4 ? this.slice(at, 4).readInt32BE(0) : this.uint(at, size), at + size];
      case 9:
      case 10: {
        if (size > (type === 9 ? 8 : 16)) throw new MmdbDamaged('integer size');
        let n = 0n;
        for (const b of this.slice(at, size)) n = (n << 8n) | BigInt(b);
        return [n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n, at + size];
      }
      case 7:
        return this.map(size, at, depth);
      case 11: {
        const items: MmdbValue[] = [];
        let next = at;
        for (let i = 0; i < size; i++) {
          const [item, after] = this.decode(next, depth + 1);
          items.push(item);
          next = after;
        }
        return [items, next];
      }
      case 14:
        return [size !== 0, at];
      case 15:
        if (size !== 4) throw new MmdbDamaged('float size');
        return [this.slice(at, 4).readFloatBE(0), at + 4];
      default:
        throw new MmdbDamaged(`type ${type}`);
    }
  }

  private map(size: number, at: number, depth: number): [MmdbValue, number] {
    const out: { [key: string]: MmdbValue } = Object.create(null) as { [key: string]: MmdbValue };
    let next = at;
    for (let i = 0; i < size; i++) {
      const [key, afterKey] = this.decode(next, depth + 1);
      if (typeof key !== 'string') throw new MmdbDamaged('map key');
      const [value, afterValue] = this.decode(afterKey, depth + 1);
      out[key] = value;
      next = afterValue;
    }
    return [out, next];
  }

  private pointer(ctrl: number, at: number): [number, number] {
    const ss = (ctrl >> 3) & 3;
    const vvv = ctrl & 7;
    if (ss === 0) return [(vvv << 8) | this.byte(at), at + 1];
    if (ss === 1) return [((vvv << 16) | this.uint(at, 2)) + 2048, at + 2];
    if (ss === 2) return [vvv * 0x1000000 + this.uint(at, 3) + 526336, at + 3];
    return [this.uint(at, 4), at + 4];
  }

  private byte(at: number): number {
    const b = this.buf[at];
    if (b === undefined) throw new MmdbDamaged('past the end');
    return b;
  }

  private uint(at: number, n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 256 + this.byte(at + i);
    return v;
  }

  private slice(at: number, n: number): Buffer {
    if (at + n > this.buf.length) throw new MmdbDamaged('past the end');
    return this.buf.subarray(at, at + n);
  }
}

interface Metadata {
  nodeCount: number;
  recordSize: 24 | 28 | 32;
  ipVersion: 4 | 6;
  databaseType: string;
}

function readMetadata(buf: Buffer): Metadata | undefined {
  const from = Math.max(0, buf.length - METADATA_MAX_SIZE);
  const at = buf.lastIndexOf(METADATA_MARKER);
  if (at < from) return undefined;
  const [meta] = new Decoder(buf, at + METADATA_MARKER.length).decode(at + METADATA_MARKER.length);
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta) || Buffer.isBuffer(meta)) return undefined;
  const m = meta as { [key: string]: MmdbValue };
  const { node_count: nodeCount, record_size: recordSize, ip_version: ipVersion, database_type: databaseType } = m;
  if (typeof nodeCount !== 'number' || (recordSize !== 24 && recordSize !== 28 && recordSize !== 32) || (ipVersion !== 4 && ipVersion !== 6)) return undefined;
  return { nodeCount, recordSize, ipVersion, databaseType: typeof databaseType === 'string' ? databaseType : '' };
}

/** The two records of a node, as the record size lays them out. */
function records(buf: Buffer, node: number, size: 24 | 28 | 32): [number, number] | undefined {
  const bytes = (size * 2) / 8;
  const at = node * bytes;
  if (at + bytes > buf.length) return undefined;
  if (size === 24) return [buf.readUIntBE(at, 3), buf.readUIntBE(at + 3, 3)];
  if (size === 32) return [buf.readUInt32BE(at), buf.readUInt32BE(at + 4)];
  const middle = buf[at + 3] as number;
  return [(middle >> 4) * 0x1000000 + buf.readUIntBE(at, 3), (middle & 0x0f) * 0x1000000 + buf.readUIntBE(at + 4, 3)];
}

/** The database in `buf`, or undefined when it is not a MaxMind DB file. */
export function openMmdb(buf: Buffer): MmdbFile | undefined {
  let meta: Metadata | undefined;
  try {
    meta = readMetadata(buf);
  } catch {
    return undefined;
  }
  if (meta === undefined) return undefined;
  const { nodeCount, recordSize, ipVersion } = meta;
  const dataStart = (nodeCount * recordSize * 2) / 8 + DATA_SEPARATOR;
  const decoder = new Decoder(buf, dataStart);

  /** Follows `bits` bits of `address` from `node`; a record past the tree ends the walk. */
  const walk = (address: Uint8Array, start: number, bits: number): number | undefined => {
    let node = start;
    for (let i = 0; i < bits && node < nodeCount; i++) {
      const pair = records(buf, node, recordSize);
      if (pair === undefined) return undefined;
      node = pair[((address[i >> 3] as number) >> (7 - (i & 7))) & 1] as number;
    }
    return node;
  };
  // An IPv4 address in an IPv6 tree sits under ::/96: the node that 96 zero bits reach, found once.
  const ipv4Start = ipVersion === 6 ? walk(new Uint8Array(12), 0, 96) : 0;

  return {
    ipVersion,
    databaseType: meta.databaseType,
    lookup(address) {
      let record: number | undefined;
      if (address.length === 4) record = ipv4Start === undefined || ipv4Start >= nodeCount ? ipv4Start : walk(address, ipv4Start, 32);
      else if (ipVersion === 6) record = walk(address, 0, 128);
      if (record === undefined || record <= nodeCount) return undefined;
      try {
        return decoder.decode(dataStart + record - nodeCount - DATA_SEPARATOR)[0];
      } catch {
        return undefined;
      }
    },
  };
}
