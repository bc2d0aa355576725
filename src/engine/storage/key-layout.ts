/**
 * Byte layouts of everything Spamward keeps in LMDB. lmdb-js would encode
 * values with msgpack by default; these explicit encodings keep the files
 * readable by any LMDB client and stable across library versions.
 *
 *   bayes_toks   key: 5-byte token hash      value: uint32le spam, uint32le ham, uint32le atime
 *   bayes_seen   key: message id (utf8)      value: 1 byte, 's' or 'h'
 *   bayes_meta   key: counter name (ascii)   value: float64le
 *   reputation   key: `addr|ip=block` (utf8) value: uint32le count, float64le total, uint32le lastHit
 */
// Imported rather than read from the global, whose getter costs a call on every use in hot loops.
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import type { TokenCounts } from '../bayes/store.js';
import type { ReputationEntry } from '../reputation/reputation-store.js';

export const DB_NAMES = { tokens: 'bayes_toks', seen: 'bayes_seen', meta: 'bayes_meta', reputation: 'reputation' } as const;

/** LMDB keys are limited to 511 bytes by default; longer ids are stored by digest. */
const MAX_KEY_BYTES = 500;

export const TOKEN_COUNTS_BYTES = 12;

export function encodeTokenCounts(c: TokenCounts): Buffer {
  return encodeTokenCountsInto(c, Buffer.alloc(TOKEN_COUNTS_BYTES));
}

/** The same into `b` (TOKEN_COUNTS_BYTES long), which is returned. */
export function encodeTokenCountsInto(c: TokenCounts, b: Buffer): Buffer {
  b.writeUInt32LE(clampU32(c.spam), 0);
  b.writeUInt32LE(clampU32(c.ham), 4);
  b.writeUInt32LE(clampU32(c.atime), 8);
  return b;
}

export function decodeTokenCounts(b: Uint8Array | undefined): TokenCounts | undefined {
  if (!b || b.length < TOKEN_COUNTS_BYTES) return undefined;
  return { spam: uint32le(b, 0), ham: uint32le(b, 4), atime: uint32le(b, 8) };
}

/** Read in place, without a Buffer view per value: a scan decodes hundreds out of lmdb's shared value buffer. */
function uint32le(b: Uint8Array, at: number): number {
  return ((b[at] as number) | ((b[at + 1] as number) << 8) | ((b[at + 2] as number) << 16)) + (b[at + 3] as number) * 0x1000000;
}

export function encodeNumber(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(n, 0);
  return b;
}

export function decodeNumber(b: Uint8Array | undefined): number | undefined {
  if (!b || b.length < 8) return undefined;
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).readDoubleLE(0);
}

export function encodeReputation(e: ReputationEntry): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt32LE(clampU32(e.count), 0);
  b.writeDoubleLE(e.total, 4);
  b.writeUInt32LE(clampU32(e.lastHit), 12);
  return b;
}

export function decodeReputation(b: Uint8Array | undefined): ReputationEntry | undefined {
  if (!b || b.length < 16) return undefined;
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  return { count: buf.readUInt32LE(0), total: buf.readDoubleLE(4), lastHit: buf.readUInt32LE(12) };
}

/** A string key, or its SHA-1 when it would not fit LMDB's key limit. */
export function stringKey(s: string): string {
  return Buffer.byteLength(s, 'utf8') <= MAX_KEY_BYTES ? s : `sha1:${createHash('sha1').update(s, 'utf8').digest('hex')}`;
}

export function clampU32(n: number): number {
  return Math.min(0xffffffff, Math.max(0, Math.floor(n)));
}
