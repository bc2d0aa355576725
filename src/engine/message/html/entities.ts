/**
 * Character-reference decoding with the rules of the HTML tokenizer that
 * SpamAssassin 4.0.1 runs (HTML::Parser 3.81), which differ from HTML5:
 * numeric references are taken as code points with no Windows-1252 remapping
 * (`&#150;` is U+0096), `&#0;` and values past U+10FFFF stay literal,
 * surrogates become U+FFFD; Latin-1 names work without `;`, in text even as a
 * prefix (`&ampx` gives `&x`), in attribute values only when no letter or
 * digit follows.
 */
import { ENTITIES, MAX_ENTITY_NAME } from './entity-table.js';

const REPLACEMENT = 0xfffd;

function isAlnum(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

function isDigit(code: number, hex: boolean): boolean {
  if (code >= 0x30 && code <= 0x39) return true;
  if (!hex) return false;
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x66;
}

interface Decoded {
  text: string;
  /** Index just past the consumed reference. */
  end: number;
}

function fromCodePoint(cp: number): string {
  return String.fromCodePoint(cp >= 0xd800 && cp <= 0xdfff ? REPLACEMENT : cp);
}

function decodeNumeric(src: string, amp: number): Decoded | undefined {
  let i = amp + 2;
  const hex = (src.charCodeAt(i) | 0x20) === 0x78;
  if (hex) i++;
  const digitsStart = i;
  while (i < src.length && isDigit(src.charCodeAt(i), hex)) i++;
  if (i === digitsStart) return undefined;
  // Long digit runs overflow anyway; cap the parse so huge inputs stay cheap.
  const digits = src.slice(digitsStart, Math.min(i, digitsStart + 12));
  const value = parseInt(digits, hex ? 16 : 10);
  if (value === 0 || value > 0x10ffff || i - digitsStart > 12) return undefined;
  if (src.charCodeAt(i) === 0x3b) i++;
  return { text: fromCodePoint(value), end: i };
}

function decodeNamed(src: string, amp: number, inAttribute: boolean): Decoded | undefined {
  const start = amp + 1;
  let i = start;
  while (i < src.length && i - start <= MAX_ENTITY_NAME && isAlnum(src.charCodeAt(i))) i++;
  if (i === start) return undefined;
  const name = src.slice(start, i);
  const full = ENTITIES.get(name);
  if (full !== undefined && src.charCodeAt(i) === 0x3b) {
    return { text: fromCodePoint(full.codePoint), end: i + 1 };
  }
  if (full !== undefined && full.bareAllowed) return { text: fromCodePoint(full.codePoint), end: i };
  if (inAttribute) return undefined;
  for (let len = name.length - 1; len > 0; len--) {
    const prefix = ENTITIES.get(name.slice(0, len));
    if (prefix !== undefined && prefix.bareAllowed) {
      return { text: fromCodePoint(prefix.codePoint), end: start + len };
    }
  }
  return undefined;
}

/** Decode the character references in `src` (text content or an attribute value). */
export function decodeEntities(src: string, inAttribute = false): string {
  let amp = src.indexOf('&');
  if (amp < 0) return src;
  let out = '';
  let last = 0;
  while (amp >= 0) {
    const decoded =
      src.charCodeAt(amp + 1) === 0x23 ? decodeNumeric(src, amp) : decodeNamed(src, amp, inAttribute);
    if (decoded !== undefined) {
      out += src.slice(last, amp) + decoded.text;
      last = decoded.end;
      amp = src.indexOf('&', last);
    } else {
      amp = src.indexOf('&', amp + 1);
    }
  }
  return out + src.slice(last);
}
