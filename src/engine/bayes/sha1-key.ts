/**
 * SHA-1 of a token's octets, for its 5-byte key only. A learn or a scan
 * hashes a few hundred short tokens per message; node's one-shot hash costs
 * a call into C++ and a fresh digest context per token, which was most of
 * tokenising's hashing time. This computes the digest in place over the
 * latin1 string (one character per octet) and keeps the last 5 bytes: the
 * low byte of the fourth word and the whole fifth.
 */

/** The message schedule, reused by every call (the engine runs one hash at a time per thread). */
const W = new Int32Array(80);
const K3 = 0x8f1bbcdc | 0;
const K4 = 0xca62c1d6 | 0;

/** Where sha1Key leaves its answer: `high` is the key's first byte, `low` its last four (big-endian). */
export interface KeyParts {
  high: number;
  low: number;
}

/** SHA-1 over the token's octets; writes the key's parts into `out`. */
export function sha1Key(token: string, out: KeyParts): void {
  const length = token.length;
  const blocks = ((length + 8) >> 6) + 1;
  let h0 = 0x67452301;
  let h1 = 0xefcdab89 | 0;
  let h2 = 0x98badcfe | 0;
  let h3 = 0x10325476;
  let h4 = 0xc3d2e1f0 | 0;
  for (let b = 0; b < blocks; b++) {
    const base = b * 64;
    W.fill(0, 0, 16);
    const end = Math.min(length, base + 64);
    for (let i = base; i < end; i++) {
      const w = (i - base) >> 2;
      W[w] = (W[w] as number) | ((token.charCodeAt(i) & 0xff) << (24 - 8 * (i & 3)));
    }
    if (length >= base && length < base + 64) {
      const w = (length - base) >> 2;
      W[w] = (W[w] as number) | (0x80 << (24 - 8 * (length & 3)));
    }
    // The last block ends with the length in bits; tokens are far shorter than 2^29 octets, so its high word is 0.
    if (b === blocks - 1) W[15] = length * 8;
    for (let t = 16; t < 80; t++) {
      const x = (W[t - 3] as number) ^ (W[t - 8] as number) ^ (W[t - 14] as number) ^ (W[t - 16] as number);
      W[t] = (x << 1) | (x >>> 31);
    }
    let a = h0;
    let bb = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    // Four loops of twenty rounds, one per round function, so no round tests which it is in: one loop
    // choosing the function and constant per round cost 410-430 ns a token against 300 (alternating runs).
    let t = 0;
    for (; t < 20; t++) {
      const temp = (((a << 5) | (a >>> 27)) + ((bb & c) | (~bb & d)) + e + 0x5a827999 + (W[t] as number)) | 0;
      e = d;
      d = c;
      c = (bb << 30) | (bb >>> 2);
      bb = a;
      a = temp;
    }
    for (; t < 40; t++) {
      const temp = (((a << 5) | (a >>> 27)) + (bb ^ c ^ d) + e + 0x6ed9eba1 + (W[t] as number)) | 0;
      e = d;
      d = c;
      c = (bb << 30) | (bb >>> 2);
      bb = a;
      a = temp;
    }
    for (; t < 60; t++) {
      const temp = (((a << 5) | (a >>> 27)) + ((bb & c) | (bb & d) | (c & d)) + e + K3 + (W[t] as number)) | 0;
      e = d;
      d = c;
      c = (bb << 30) | (bb >>> 2);
      bb = a;
      a = temp;
    }
    for (; t < 80; t++) {
      const temp = (((a << 5) | (a >>> 27)) + (bb ^ c ^ d) + e + K4 + (W[t] as number)) | 0;
      e = d;
      d = c;
      c = (bb << 30) | (bb >>> 2);
      bb = a;
      a = temp;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + bb) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
  }
  out.high = h3 & 0xff;
  out.low = h4 >>> 0;
}
