/**
 * Charset normalisation as SpamAssassin's Node::_normalize does it: pure
 * ASCII is left alone, valid UTF-8 wins over the declaration, the declared
 * charset is tried strictly, and Windows-1252 is the guess and last resort.
 * (SA would consult Encode::Detect when installed; the reference setup has
 * none, so there is no detector step here.) The declared charset is looked
 * up and decoded the way Perl's Encode does it (charsets/): a label Encode
 * does not know is not decoded, whatever Node's decoders know.
 */
import { perlEncodingName } from './charsets/encode-names.js';
import { perlDecoder } from './charsets/perl-decoders.js';
import { lenientUtf8, strictUtf8 } from './charsets/unicode-decoders.js';
import { decodeWindows1252 } from './windows-1252.js';

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

const UTF16_DECL_RE = /^UTF[ -]?16/i;

type Decoder = (octets: string, strict: boolean) => string | undefined;

/**
 * Normalise `octets` declared as `declared`. `insist` (header encoded words)
 * skips the UTF-8 preference and decodes leniently with the declared charset.
 * `forOctets` is SpamAssassin's caller asking for UTF-8 octets back (header
 * text): there _normalize returns a UTF-16 text it decoded as the original
 * UTF-16 octets, NULs and all, and so does this.
 */
export function normalizeCharset(octets: string, declared: string, insist: boolean, forOctets = false): NormalizeResult {
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
  if (rv !== undefined && forOctets && UTF16_DECL_RE.test(declared)) return { text: octets, chars: false };
  if (rv === undefined && !has8bit) return { text: octets, chars: false };
  if (rv === undefined && !W1252_GUESS_RE.test(octets)) rv = decodeWindows1252(octets, true);
  if (rv === undefined) rv = decodeWindows1252(octets, false)!;
  return { text: rv, chars: true };
}

function declaredDecode(octets: string, declared: string, insist: boolean, triedUtf8: boolean): string | undefined {
  if (/^(?:US-)?ASCII$/i.test(declared) && !insist) return undefined;
  if (UTF16_DECL_RE.test(declared)) {
    const dec = detectUtf16(octets);
    return dec === undefined ? undefined : findDecoder(dec)?.(octets, true);
  }
  if (/^(?:ISO-?8859-1|Windows-1252|CP1252)$/i.test(declared)) return decodeWindows1252(octets, !insist);
  if (/^UTF-?8$/i.test(declared)) return triedUtf8 ? undefined : decodeUtf8(octets, !insist);
  let dec = findDecoder(declared);
  if (!dec && /^GB[ -]?18030(?:-20\d\d)?$/i.test(declared)) dec = findDecoder('GBK');
  return dec ? dec(octets, !insist) : undefined;
}

/** UTF-8 octets to Unicode as Encode's UTF-8 decodes them; undefined when `strict` and malformed. */
export function decodeUtf8(octets: string, strict: boolean): string | undefined {
  return strict ? strictUtf8(octets) : lenientUtf8(octets);
}

const decoderCache = new Map<string, Decoder | null>();

/** A decoder for a charset label, or undefined when Encode's find_encoding knows none. */
export function findDecoder(label: string): Decoder | undefined {
  const key = label.toLowerCase();
  let dec = decoderCache.get(key);
  if (dec === undefined) {
    dec = buildDecoder(label);
    if (decoderCache.size < 512) decoderCache.set(key, dec);
  }
  return dec ?? undefined;
}

function buildDecoder(label: string): Decoder | null {
  if (label === '' || label.length > 64) return null;
  const name = perlEncodingName(label);
  const decode = name === undefined ? undefined : perlDecoder(name);
  return decode ? (octets, strict) => decode(octets, strict ? 'croak' : 'fffd') : null;
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
  if (le > be) return 'UTF-16LE';
  if (be > le) return 'UTF-16BE';
  return undefined;
}
