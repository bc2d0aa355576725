/** Splits bytes at random points (seeded), to feed incremental readers the way sockets do. */
export function randomChunks(bytes: Buffer, seed: number): Buffer[] {
  let state = seed >>> 0 || 1;
  const rand = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x100000000;
  };
  const out: Buffer[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const size = 1 + Math.floor(rand() * Math.min(17, bytes.length - pos));
    out.push(bytes.subarray(pos, pos + size));
    pos += size;
  }
  return out;
}
