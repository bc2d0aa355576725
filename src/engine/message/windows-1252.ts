/**
 * Windows-1252 as Perl's Encode defines it (its generated cp1252 table):
 * five bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) are unmapped, so a strict
 * decode fails on them and a lenient one yields U+FFFD. (WHATWG's
 * windows-1252 maps them to C1 controls, which would change SpamAssassin's
 * charset guessing.)
 */
import { singleByteDecoder } from './charsets/table-decoder.js';

const cp1252 = singleByteDecoder('cp1252')!;

/** Decode octets; undefined when `strict` and an unmapped byte occurs. */
export function decodeWindows1252(octets: string, strict: boolean): string | undefined {
  return cp1252(octets, strict ? 'croak' : 'fffd');
}
