/**
 * Perl Encode's Unicode decoders as SpamAssassin calls them: UTF-8
 * (`utf-8-strict`), UTF-16/32 and UCS-2 (Encode::Unicode) and UTF-7.
 * Encode rejects what Node's decoders accept or count differently:
 * noncharacters (U+FDD0..U+FDEF, U+xFFFE, U+xFFFF) are errors, a malformed
 * UTF-8 sequence is one U+FFFD however many bytes it spans, and a UTF-16/32
 * unit cut off by the end of the input is dropped unless the decode croaks.
 */
import { Buffer, isUtf8 } from 'node:buffer';
import type { DecodeMode } from './table-decoder.js';

const isNoncharacter = (cp: number): boolean => (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe;
const isSurrogate = (cp: number): boolean => cp >= 0xd800 && cp <= 0xdfff;

// Surrogate pairs of the supplementary planes' noncharacters (U+1FFFE ... U+10FFFF).
const NONCHARACTER_RE = /[\ufdd0-\ufdef\ufffe\uffff]|[\ud83f\ud87f\ud8bf\ud8ff\ud93f\ud97f\ud9bf\ud9ff\uda3f\uda7f\udabf\udaff\udb3f\udb7f\udbbf\udbff][\udffe\udfff]/;

/** Encode's strict UTF-8: well-formed, no surrogates, no noncharacters. */
export function strictUtf8(octets: string): string | undefined {
  const buf = Buffer.from(octets, 'latin1');
  if (!isUtf8(buf)) return undefined;
  const text = buf.toString('utf8');
  return NONCHARACTER_RE.test(text) ? undefined : text;
}

/** How many bytes a sequence starting with `lead` spans in Perl's extended UTF-8. */
function sequenceLength(lead: number): number {
  if (lead < 0xe0) return 2;
  if (lead < 0xf0) return 3;
  if (lead < 0xf8) return 4;
  if (lead < 0xfc) return 5;
  if (lead < 0xfe) return 6;
  return lead === 0xfe ? 7 : 13;
}

/**
 * Encode's UTF-8 without FB_CROAK: a lead byte and the continuation bytes
 * that follow it, up to its length, are one character or one U+FFFD; a
 * stray continuation byte is one U+FFFD.
 */
export function lenientUtf8(octets: string): string {
  let out = '';
  const n = octets.length;
  for (let i = 0; i < n; ) {
    const b = octets.charCodeAt(i);
    if (b < 0x80) {
      out += octets[i];
      i++;
      continue;
    }
    if (b < 0xc0) {
      out += '\ufffd';
      i++;
      continue;
    }
    const len = sequenceLength(b);
    let j = i + 1;
    while (j < n && j < i + len && (octets.charCodeAt(j) & 0xc0) === 0x80) j++;
    out += j - i === len ? (strictUtf8(octets.slice(i, j)) ?? '\ufffd') : '\ufffd';
    i = j;
  }
  return out;
}

export type UnicodeForm = 'UTF-16' | 'UTF-16BE' | 'UTF-16LE' | 'UTF-32' | 'UTF-32BE' | 'UTF-32LE' | 'UCS-2BE' | 'UCS-2LE';

function readUnit(octets: string, at: number, size: number, littleEndian: boolean): number {
  let v = 0;
  for (let k = 0; k < size; k++) {
    const byte = octets.charCodeAt(at + (littleEndian ? size - 1 - k : k)) & 0xff;
    v = v * 256 + byte;
  }
  return v;
}

/**
 * Encode::Unicode: `UTF-16` and `UTF-32` read a byte-order mark (big-endian
 * without one); the BE/LE forms keep a leading U+FEFF as text; UCS-2 has
 * no surrogate pairs.
 */
export function decodeUnicodeForm(octets: string, form: UnicodeForm, mode: DecodeMode): string | undefined {
  const size = form.startsWith('UTF-32') ? 4 : 2;
  let littleEndian = form.endsWith('LE');
  let i = 0;
  if (form === 'UTF-16' || form === 'UTF-32') {
    const bom = octets.length >= size ? readUnit(octets, 0, size, false) : -1;
    if (bom === 0xfeff) i = size;
    else if (bom === (size === 2 ? 0xfffe : 0xfffe0000)) {
      littleEndian = true;
      i = size;
    }
  }
  const pairs = form.startsWith('UTF-16');
  let out = '';
  while (i + size <= octets.length) {
    let cp = readUnit(octets, i, size, littleEndian);
    i += size;
    if (pairs && cp >= 0xd800 && cp <= 0xdbff) {
      // A high surrogate takes the next unit only when that is a low one; otherwise the next unit is read again.
      const low = i + size <= octets.length ? readUnit(octets, i, size, littleEndian) : -1;
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        i += size;
      }
    }
    if (isSurrogate(cp) || cp > 0x10ffff || isNoncharacter(cp)) {
      if (mode === 'croak') return undefined;
      out += '\ufffd';
      continue;
    }
    out += String.fromCodePoint(cp);
  }
  if (i < octets.length && mode === 'croak') return undefined;
  return out;
}

/** Encode::Unicode::UTF7: `+base64-` runs are UTF-16BE, `+-` is a plus, everything else (8-bit bytes too) is itself. */
export function decodeUtf7(octets: string): string {
  let out = '';
  const re = /([^+]+)|\+-|\+([A-Za-z0-9+/]+)-?|\+/gy;
  for (let m = re.exec(octets); m; m = re.exec(octets)) {
    if (m[1] !== undefined) out += m[1];
    else if (m[2] !== undefined) out += decodeUnicodeForm(Buffer.from(m[2], 'base64').toString('latin1'), 'UTF-16BE', 'fffd') ?? '';
    else out += '+';
  }
  return out;
}
