/**
 * Moving a Buffer's bytes to another thread. A Buffer that owns its whole
 * ArrayBuffer can be transferred (no copy; the sender's Buffer is left
 * empty); a slice of a larger one (Node's small-buffer pool, a subarray)
 * must be copied, or the transfer would take its neighbours' bytes too.
 */
import type { Bytes } from './wire.js';

/** The bytes of `buf` as a transferable buffer; `take` allows taking `buf`'s memory. */
export function toBytes(buf: Buffer, take: boolean): Bytes {
  const ab = buf.buffer;
  const whole = buf.byteOffset === 0 && buf.byteLength === ab.byteLength && ab instanceof ArrayBuffer;
  if (take && whole) return { buffer: ab, offset: 0, length: buf.byteLength };
  const copy = new Uint8Array(buf.byteLength);
  copy.set(buf);
  return { buffer: copy.buffer, offset: 0, length: buf.byteLength };
}

export function fromBytes(b: Bytes): Buffer {
  return Buffer.from(b.buffer, b.offset, b.length);
}

/** The transfer list for some Bytes, each buffer once (a repeated entry is a DataCloneError). */
export function transferList(...items: (Bytes | undefined)[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const b of items) if (b !== undefined) out.add(b.buffer);
  return [...out];
}
