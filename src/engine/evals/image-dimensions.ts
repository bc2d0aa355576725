/**
 * Image sizes read from the first bytes of GIF, PNG and JPEG data, the way
 * SpamAssassin's ImageInfo plugin reads them (including where it gives up).
 */

export interface Dimensions { width: number; height: number }

/** GIF: the logical screen size after the 6-byte signature, little-endian. */
export function gifDimensions(data: Buffer): Dimensions | undefined {
  const head = data.subarray(0, 13).toString('latin1');
  if (!/^GIF8[79]a/.test(head) || data.length < 6) return undefined;
  const width = data.length >= 8 ? data.readUInt16LE(6) : 0;
  const height = data.length >= 10 ? data.readUInt16LE(8) : 0;
  return width && height ? { width, height } : undefined;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * PNG: the IHDR chunk. Like SpamAssassin, a chunk that is not IHDR only
 * advances past its 8-byte header, so the scan then walks through chunk
 * data in 8-byte steps until it meets IEND or a 13-byte IHDR.
 */
export function pngDimensions(data: Buffer): Dimensions | undefined {
  if (data.length < 8 || !data.subarray(0, 8).equals(PNG_SIGNATURE)) return undefined;
  let pos = 8;
  while (pos < data.length) {
    const len = pos + 4 <= data.length ? data.readUInt32BE(pos) : undefined;
    const type = data.subarray(pos + 4, pos + 8).toString('latin1');
    pos += 8;
    if (type === 'IEND') break;
    if (type !== 'IHDR' || len !== 13) continue;
    const width = pos + 4 <= data.length ? data.readUInt32BE(pos) : 0;
    const height = pos + 8 <= data.length ? data.readUInt32BE(pos + 4) : 0;
    return width && height ? { width, height } : undefined;
  }
  return undefined;
}

/** Start-of-frame markers that carry the image size. */
function isSofMarker(mark: number): boolean {
  return (mark >= 0xc0 && mark <= 0xc3) || (mark >= 0xc5 && mark <= 0xc7) ||
    (mark >= 0xc9 && mark <= 0xcb) || (mark >= 0xcd && mark <= 0xcf);
}

/** JPEG: walk the marker segments up to the first start-of-frame. */
export function jpegDimensions(data: Buffer): Dimensions | undefined {
  if (data.length < 2 || data[0] !== 0xff || data[1] !== 0xd8) return undefined;
  let pos = 2;
  while (pos + 4 <= data.length) {
    const xx = data[pos];
    const mark = data[pos + 1] as number;
    const len = data.readUInt16BE(pos + 2);
    if (xx !== 0xff || mark === 0xda || mark === 0xd9 || len < 2) break;
    pos += 4;
    const block = data.subarray(pos, pos + len - 2);
    if (isSofMarker(mark)) {
      const height = block.length >= 3 ? block.readUInt16BE(1) : 0;
      const width = block.length >= 5 ? block.readUInt16BE(3) : 0;
      return width && height ? { width, height } : undefined;
    }
    pos += block.length;
  }
  return undefined;
}
