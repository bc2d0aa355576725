/**
 * A character class as a table of the 256 byte values (1: in the class), for
 * scans that test every byte of a latin1 string: a table read instead of a
 * RegExp call per character.
 */
export function byteClass(oneChar: RegExp): Uint8Array {
  const table = new Uint8Array(256);
  for (let b = 0; b < 256; b++) table[b] = oneChar.test(String.fromCharCode(b)) ? 1 : 0;
  return table;
}
