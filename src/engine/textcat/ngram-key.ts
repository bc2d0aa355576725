/**
 * TextCat n-grams (1 to 5 octets) as numbers instead of strings, so counting
 * a message's n-grams allocates nothing and every key hashes cheaply.
 *
 * The octets are placed left-aligned in 40 bits and the length goes in the
 * low 3 bits: numeric order of the keys is then the byte-wise order of the
 * n-grams (a prefix sorts before its extensions), which is how TextCat
 * breaks ties between n-grams that occur equally often.
 */

export const MAX_NGRAM_LENGTH = 5;

/** 256^(5 - n): shifts an n-octet value into the top of the 40 bits. */
const ALIGN = [0, 256 ** 4, 256 ** 3, 256 ** 2, 256, 1] as const;

/** What the n-th octet of an n-gram adds to its key. */
export const OCTET_PLACE: readonly number[] = ALIGN.map((a) => a * 8);

/** The key of `octets` (a latin1 string of 1 to 5 characters), or -1 when no message n-gram can equal it. */
export function ngramKeyOf(octets: string): number {
  const n = octets.length;
  if (n < 1 || n > MAX_NGRAM_LENGTH) return -1;
  let value = 0;
  for (let i = 0; i < n; i++) {
    const c = octets.charCodeAt(i);
    if (c > 0xff) return -1;
    value = value * 256 + c;
  }
  return alignedKey(value, n);
}

/** The key of the `n` octets whose big-endian value is `value`. */
function alignedKey(value: number, n: number): number {
  return value * (ALIGN[n] as number) * 8 + n;
}

/** The n-gram a key stands for (diagnostics and tests). */
export function ngramOfKey(key: number): string {
  const n = key % 8;
  let value = Math.floor(key / 8) / (ALIGN[n] as number);
  let out = '';
  for (let i = 0; i < n; i++) {
    out = String.fromCharCode(value % 256) + out;
    value = Math.floor(value / 256);
  }
  return out;
}
