/**
 * Charset normalisation as SpamAssassin's Node::_normalize does it: pure
 * ASCII is left alone, valid UTF-8 wins over the declaration, the declared
 * charset is tried strictly, and Windows-1252 is the guess and last resort.
 * (SA would consult Encode::Detect when installed; the reference setup has
 * none, so there is no detector step here.)
 */
// Imported rather than read from the global, whose getter costs a call on every use in hot loops.
import { Buffer, isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import iconv from 'iconv-lite';
import { decodeWindows1252 } from './windows-1252.js';
import { isGb2312Bytes, resolveCharset } from './charset-aliases.js';

/** Result: Unicode text (`chars`) or the original octets unchanged. */
export interface NormalizeResult {
  text: string;
  chars: boolean;
}

const ASCII_DECL_RE = /^(?:(?:US-)?ASCII|ANSI[_ ]?X3\.4-(?:1986|1968)|ISO646-US)$/i;
const EXT_ASCII_DECL_RE =
  /^(?:ISO[ -]?8859(?:-\d{1,2})?|Windows-\d{4}|UTF-?8|(?:KOI8|EUC)-[A-Z]{1,2}|Big5|GBK|GB[ -]?18030(?:-20\d\d)?)$/i;
// Bytes of ASCII plus NBSP, SHY and common punctuation/letters: text made only
// of these is guessed to be Windows-1252.
// eslint-disable-next-line no-control-regex
const W1252_GUESS_RE = /[^\x00-\x7f\xa0\xa9\xad\x82\x84\x85\x91-\x97\x99\xc0-\xd6\xd8-\xde\xe0-\xf6\xf8-\xfe]/;

type Decoder = (octets: string, strict: boolean) => string | undefined;

/**
 * Normalise `octets` declared as `declared`. `insist` (header encoded words)
 * skips the UTF-8 preference and decodes leniently with the declared charset.
 */
export function normalizeCharset(octets: string, declared: string, insist: boolean): NormalizeResult {
  const has8bit = /[^\x00-\x7f]/.test(octets);
  if (!has8bit && (ASCII_DECL_RE.test(declared) || EXT_ASCII_DECL_RE.test(declared))) {
    return { text: octets, chars: false };
  }
  let rv: string | undefined;
  let triedUtf8 = false;
  if (has8bit && !insist) {
    rv = decodeUtf8(octets, true);
    if (rv !== undefined) return { text: rv, chars: true };
    triedUtf8 = true;
  }
  rv = declaredDecode(octets, declared, insist, triedUtf8);
  if (rv === undefined && !has8bit) return { text: octets, chars: false };
  if (rv === undefined && !W1252_GUESS_RE.test(octets)) rv = decodeWindows1252(octets, true);
  if (rv === undefined) rv = decodeWindows1252(octets, false)!;
  return { text: rv, chars: true };
}

function declaredDecode(octets: string, declared: string, insist: boolean, triedUtf8: boolean): string | undefined {
  if (/^(?:US-)?ASCII$/i.test(declared) && !insist) return undefined;
  if (/^UTF[ -]?16/i.test(declared)) {
    const dec = detectUtf16(octets);
    return dec === undefined ? undefined : decodeWith(dec, octets, true);
  }
  if (/^(?:ISO-?8859-1|Windows-1252|CP1252)$/i.test(declared)) return decodeWindows1252(octets, !insist);
  if (/^UTF-?8$/i.test(declared)) return triedUtf8 ? undefined : decodeUtf8(octets, !insist);
  let dec = findDecoder(declared);
  if (!dec && /^GB[ -]?18030(?:-20\d\d)?$/i.test(declared)) dec = findDecoder('GBK');
  return dec ? dec(octets, !insist) : undefined;
}

function decodeWith(label: string, octets: string, strict: boolean): string | undefined {
  const dec = findDecoder(label);
  return dec ? dec(octets, strict) : undefined;
}

const utf8Lenient = new TextDecoder('utf-8', { ignoreBOM: true });

/** UTF-8 octets to Unicode; undefined when `strict` and malformed. */
export function decodeUtf8(octets: string, strict: boolean): string | undefined {
  const buf = Buffer.from(octets, 'latin1');
  if (!strict) return utf8Lenient.decode(buf);
  // Validate, then decode: the same as a fatal TextDecoder (a BOM kept), without an exception for every 8-bit text that is not UTF-8.
  return isUtf8(buf) ? buf.toString('utf8') : undefined;
}

/** Whether octets are well-formed UTF-8. */
export function isValidUtf8(octets: string): boolean {
  return !/[^\x00-\x7f]/.test(octets) || decodeUtf8(octets, true) !== undefined;
}

const decoderCache = new Map<string, Decoder | null>();

/** A decoder for a charset label, or undefined when none is known (Encode's find_encoding). */
export function findDecoder(label: string): Decoder | undefined {
  const key = label.toLowerCase();
  let dec = decoderCache.get(key);
  if (dec === undefined) {
    dec = buildDecoder(key);
    if (decoderCache.size < 512) decoderCache.set(key, dec);
  }
  return dec ?? undefined;
}

const LATIN1_NAMES = new Set(['latin1', 'iso-8859-1', 'iso8859-1', 'iso_8859-1', 'l1', 'iso-ir-100', 'cp819', 'ibm819']);
const ASCII_NAMES = new Set(['ascii', 'us-ascii', 'ansi_x3.4-1968', 'ansi_x3.4-1986', 'iso646-us', 'us']);

function buildDecoder(key: string): Decoder | null {
  if (key === '' || key.length > 64) return null;
  if (LATIN1_NAMES.has(key)) return (o) => o;
  if (ASCII_NAMES.has(key)) return asciiDecode;
  if (key === 'windows-1252' || key === 'cp1252') return decodeWindows1252;
  const resolved = resolveCharset(key);
  const whatwg = whatwgDecoder(resolved.label);
  if (whatwg && resolved.gb2312Only) return (o, strict) => (strict && !isGb2312Bytes(o) ? undefined : whatwg(o, strict));
  if (whatwg) return whatwg;
  if (iconv.encodingExists(key)) {
    return (o, strict) => {
      const out = iconv.decode(Buffer.from(o, 'latin1'), key);
      return strict && out.includes('\ufffd') ? undefined : out;
    };
  }
  return null;
}

function asciiDecode(octets: string, strict: boolean): string | undefined {
  if (!/[^\x00-\x7f]/.test(octets)) return octets;
  return strict ? undefined : octets.replace(/[^\x00-\x7f]/g, '\ufffd');
}

function whatwgDecoder(key: string): Decoder | null {
  let probe: TextDecoder;
  try {
    probe = new TextDecoder(key);
  } catch {
    return null;
  }
  if (probe.encoding === 'replacement') return null;
  const lenient = new TextDecoder(probe.encoding, { ignoreBOM: true });
  const strictDec = new TextDecoder(probe.encoding, { fatal: true, ignoreBOM: true });
  // WHATWG's ISO-2022-JP flags an escape sequence that directly follows
  // another as an error; Perl's Encode does not, and joined encoded words
  // produce exactly that. The overridden first escape changes nothing.
  const prep = probe.encoding === 'iso-2022-jp' ? (o: string) => o.replace(/\x1b[($][@A-Z](?=\x1b)/g, '') : (o: string) => o;
  return (o, strict) => {
    const buf = Buffer.from(prep(o), 'latin1');
    if (!strict) return lenient.decode(buf);
    try {
      return strictDec.decode(buf);
    } catch {
      return undefined;
    }
  };
}

/**
 * SA's UTF-16 endianness guess: count space characters in each byte order
 * and compare byte sums of even and odd offsets. A BOM gives no decoder.
 */
function detectUtf16(octets: string): string | undefined {
  if (/^(?:\xff\xfe|\xfe\xff)/.test(octets)) return undefined;
  let le = 0;
  let be = 0;
  let sumEven = 0;
  let sumOdd = 0;
  for (let i = 0; i < octets.length; i += 2) {
    const a = octets.charCodeAt(i);
    const b = i + 1 < octets.length ? octets.charCodeAt(i + 1) : 0;
    sumEven += (a >> 4) + (a & 15);
    sumOdd += (b >> 4) + (b & 15);
    if (a === 0x20 && b === 0) le++;
    if (a === 0 && b === 0x20) be++;
  }
  if (sumEven > sumOdd * 4) le++;
  if (sumOdd * 4 > sumEven) be++;
  if (le > be) return 'utf-16le';
  if (be > le) return 'utf-16be';
  return undefined;
}
