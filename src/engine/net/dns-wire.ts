/**
 * DNS messages on the wire (RFC 1035, EDNS0 of RFC 6891): a query with an
 * OPT record (so DKIM keys fit in one UDP answer), and the answer section
 * decoded into node:dns-shaped records. Pure functions, no I/O.
 */
import type { DnsAnswer, RrType } from './dns-types.js';

const TYPE_CODES: Readonly<Record<RrType, number>> = { A: 1, NS: 2, CNAME: 5, PTR: 12, MX: 15, TXT: 16, AAAA: 28 };
const OPT = 41;
const RCODES: Readonly<Record<number, string>> = { 0: 'NOERROR', 2: 'SERVFAIL', 3: 'NXDOMAIN', 5: 'REFUSED' };

/** A query; `ednsPayload` 0 leaves out the OPT record (answers over 512 bytes then come truncated). */
export function encodeQuery(id: number, name: string, type: RrType, ednsPayload = 4096): Buffer {
  const labels = name.replace(/\.+$/, '').split('.').filter((l) => l !== '');
  const qname = Buffer.concat([...labels.map((l) => {
    const b = Buffer.from(l, 'latin1');
    return Buffer.concat([Buffer.from([Math.min(b.length, 63)]), b.subarray(0, 63)]);
  }), Buffer.from([0])]);
  const head = Buffer.alloc(12);
  head.writeUInt16BE(id, 0);
  head.writeUInt16BE(0x0100, 2); // RD: the server is a resolver
  head.writeUInt16BE(1, 4);
  head.writeUInt16BE(ednsPayload > 0 ? 1 : 0, 10);
  const tail = Buffer.alloc(4);
  tail.writeUInt16BE(TYPE_CODES[type], 0);
  tail.writeUInt16BE(1, 2);
  if (ednsPayload <= 0) return Buffer.concat([head, qname, tail]);
  const opt = Buffer.from([0, 0, OPT, (ednsPayload >> 8) & 255, ednsPayload & 255, 0, 0, 0, 0, 0, 0]);
  return Buffer.concat([head, qname, tail, opt]);
}

/** The record type of a zone's start of authority. */
const SOA = 6;

/** A domain name at `offset`, following compression pointers; returns the name and the offset after it. */
function readName(buf: Buffer, offset: number): [string, number] {
  const labels: string[] = [];
  let pos = offset;
  let end = -1;
  for (let hops = 0; hops < 64; hops++) {
    const len = buf.readUInt8(pos);
    if (len === 0) return [labels.join('.'), end < 0 ? pos + 1 : end];
    if ((len & 0xc0) === 0xc0) {
      if (end < 0) end = pos + 2;
      pos = ((len & 0x3f) << 8) | buf.readUInt8(pos + 1);
      continue;
    }
    labels.push(buf.toString('latin1', pos + 1, pos + 1 + len));
    pos += 1 + len;
  }
  throw new Error('DNS name compression loop');
}

function ipv6(b: Buffer): string {
  const parts: string[] = [];
  for (let i = 0; i < 16; i += 2) parts.push(b.readUInt16BE(i).toString(16));
  return parts.join(':').replace(/(^|:)0(:0)+(:|$)/, '::').replace(/:::+/, '::');
}

function txt(b: Buffer): string[] {
  const out: string[] = [];
  for (let i = 0; i < b.length; ) {
    const len = b.readUInt8(i);
    out.push(b.toString('latin1', i + 1, i + 1 + len));
    i += 1 + len;
  }
  return out;
}

function record(buf: Buffer, type: number, start: number, len: number): unknown {
  const rdata = buf.subarray(start, start + len);
  switch (type) {
    case 1: return [...rdata].join('.');
    case 28: return ipv6(rdata);
    case 16: return txt(rdata);
    case 15: return { priority: rdata.readUInt16BE(0), exchange: readName(buf, start + 2)[0] };
    default: return readName(buf, start)[0];
  }
}

export interface DecodedAnswer {
  id: number;
  /** The question's name, for matching the answer to its query. */
  question: string;
  truncated: boolean;
  answer: DnsAnswer;
}

/**
 * The authority section after the answers at `pos`: SOA primaries, null for
 * other records. Damage there (a server's odd extra) costs the section, never
 * the answer read before it.
 */
function authoritySection(buf: Buffer, start: number): (string | null)[] {
  const authority: (string | null)[] = [];
  try {
    let pos = start;
    for (let i = buf.readUInt16BE(8); i > 0; i--) {
      const [, next] = readName(buf, pos);
      const rrType = buf.readUInt16BE(next);
      authority.push(rrType === SOA ? readName(buf, next + 10)[0] : null);
      pos = next + 10 + buf.readUInt16BE(next + 8);
    }
  } catch {
    // Keep the records read so far.
  }
  return authority;
}

/** Decodes an answer, keeping the records of the asked type (node:dns resolve() semantics). */
export function decodeAnswer(buf: Buffer, type: RrType): DecodedAnswer {
  const id = buf.readUInt16BE(0);
  const flags = buf.readUInt16BE(2);
  const qd = buf.readUInt16BE(4);
  const an = buf.readUInt16BE(6);
  let pos = 12;
  let question = '';
  for (let i = 0; i < qd; i++) {
    const [name, next] = readName(buf, pos);
    if (i === 0) question = name;
    pos = next + 4;
  }
  const truncated = (flags & 0x0200) !== 0;
  const records: unknown[] = [];
  // A truncated answer may end inside a record: it is only read for its header, TCP brings the rest.
  for (let i = 0; i < (truncated ? 0 : an); i++) {
    const [, next] = readName(buf, pos);
    const rrType = buf.readUInt16BE(next);
    const len = buf.readUInt16BE(next + 8);
    if (rrType === TYPE_CODES[type]) records.push(record(buf, rrType, next + 10, len));
    pos = next + 10 + len;
  }
  // Only an NS question's answer is read for its authority section (check_rbl_ns_from); a blocklist's NXDOMAIN carries one too.
  const authority = truncated || type !== 'NS' ? [] : authoritySection(buf, pos);
  const rcode = RCODES[flags & 0x0f] ?? 'ERROR';
  const code = rcode === 'NOERROR' && records.length === 0 ? 'NODATA' : rcode;
  return { id, question, truncated, answer: authority.length > 0 ? { code, records, authority } : { code, records } };
}
