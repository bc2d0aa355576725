/**
 * A read-only ZIP archive over bytes in memory, enough for OLEVBMacro's look
 * into attachments: the member list from the central directory (names,
 * the encryption flag) and a member's contents, stored or deflated. What
 * Perl's Archive::Zip cannot read either (no end record, a directory
 * outside the data) gives no archive; a member it cannot extract (another
 * compression method, damaged data, or more than the inflate limit, so a
 * small attachment cannot unpack into gigabytes) gives no contents.
 */
import { inflateRawSync } from 'node:zlib';

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const END_RECORD_BYTES = 22;
/** The end record sits within its own size plus the longest comment from the end. */
const END_SEARCH_BYTES = END_RECORD_BYTES + 0xffff;
const STORED = 0;
const DEFLATED = 8;
/** Inflated bytes at most per member. */
export const MAX_MEMBER_BYTES = 16 * 1024 * 1024;

export interface ZipMember {
  name: string;
  encrypted: boolean;
  /** The member's bytes, or undefined when they cannot be extracted. */
  contents(): Buffer | undefined;
}

/** The members of the archive in directory order, or undefined when it cannot be read as one. */
export function readZip(data: Buffer): ZipMember[] | undefined {
  const end = findEndRecord(data);
  if (end === undefined) return undefined;
  const count = data.readUInt16LE(end + 10);
  let at = data.readUInt32LE(end + 16);
  const members: ZipMember[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > data.length || data.readUInt32LE(at) !== DIRECTORY_ENTRY) return undefined;
    const flags = data.readUInt16LE(at + 8);
    const method = data.readUInt16LE(at + 10);
    const compressedSize = data.readUInt32LE(at + 20);
    const nameLength = data.readUInt16LE(at + 28);
    const extraLength = data.readUInt16LE(at + 30);
    const commentLength = data.readUInt16LE(at + 32);
    const localHeader = data.readUInt32LE(at + 42);
    if (at + 46 + nameLength > data.length) return undefined;
    const name = data.toString('latin1', at + 46, at + 46 + nameLength);
    members.push({
      name,
      encrypted: (flags & 1) !== 0,
      contents: () => memberBytes(data, localHeader, method, compressedSize),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return members;
}

function findEndRecord(data: Buffer): number | undefined {
  const lowest = Math.max(0, data.length - END_SEARCH_BYTES);
  for (let at = data.length - END_RECORD_BYTES; at >= lowest; at--) {
    if (data.readUInt32LE(at) === END_OF_DIRECTORY) return at;
  }
  return undefined;
}

function memberBytes(data: Buffer, localHeader: number, method: number, compressedSize: number): Buffer | undefined {
  if (localHeader + 30 > data.length || data.readUInt32LE(localHeader) !== LOCAL_HEADER) return undefined;
  const start = localHeader + 30 + data.readUInt16LE(localHeader + 26) + data.readUInt16LE(localHeader + 28);
  if (start + compressedSize > data.length) return undefined;
  const packed = data.subarray(start, start + compressedSize);
  if (method === STORED) return packed;
  if (method !== DEFLATED) return undefined;
  try {
    return inflateRawSync(packed, { maxOutputLength: MAX_MEMBER_BYTES });
  } catch {
    return undefined;
  }
}
