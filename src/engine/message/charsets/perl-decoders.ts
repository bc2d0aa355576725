/**
 * A decoder for each of Perl Encode's encodings that mail declares, with
 * Encode's answers: the table encodings from the generated tables, the
 * Unicode forms, UTF-7, and the 7-bit ISO-2022 forms of Japanese and Korean
 * (converted to EUC, then decoded with FB_PERLQQ, as Encode::JP::JIS7 and
 * Encode::KR::2022_KR do). Encodings without one here (HZ, GSM 03.38, the
 * MIME-* pseudo-encodings, the "-raw" sets, johab) are left undecoded: the
 * caller then guesses, where SpamAssassin would have decoded them.
 */
import type { PerlEncoding } from './encode-names.js';
import { multiByteDecoder, singleByteDecoder, type DecodeMode, type TableDecoder } from './table-decoder.js';
import { decodeUnicodeForm, decodeUtf7, lenientUtf8, strictUtf8, type UnicodeForm } from './unicode-decoders.js';

const UNICODE_FORMS = new Set<string>(['UTF-16', 'UTF-16BE', 'UTF-16LE', 'UTF-32', 'UTF-32BE', 'UTF-32LE', 'UCS-2BE', 'UCS-2LE']);

const toHighHalf = (chunk: string): string => chunk.replace(/[\x21-\x7e]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x80));

/** Encode::JP::JIS7's conversion of ISO-2022-JP to EUC-JP; an escape it does not know ends the text. */
function jisToEuc(s: string): string {
  const converted = s.replace(/(?:(\x1b\$\(D)|\x1b\$@|\x1b\$B|\x1b&@\x1b\$B|(\x1b\([BJ])|(\x1b\(I))([^\x1b]*)/g, (_m, jis0212?: string, ascii?: string, kana?: string, chunk = '') => {
    if (ascii) return chunk;
    const high = toHighHalf(chunk);
    if (kana) return high.replace(/[\xa1-\xdf]/g, '\x8e$&');
    return jis0212 ? high.replace(/[\xa1-\xfe][\xa1-\xfe]/g, '\x8f$&') : high;
  });
  return converted.replace(/\x1b[\s\S]*$/, '');
}

/** Encode::KR::2022_KR's conversion to EUC-KR: the designator removed, shifted-out text moved to the high half. */
function iso2022KrToEuc(s: string): string {
  return s
    .replace(/\x1b\$\)C/g, '')
    .replace(/\x0e([^\x0f]*)\x0f/g, (_m, chunk: string) => toHighHalf(chunk))
    .replace(/\x1b[\s\S]*$/, '');
}

function jis7Decoder(): TableDecoder {
  const eucJp = multiByteDecoder('euc-jp')!;
  // SpamAssassin always passes check flags, and with them JIS7 keeps only the text before the first 8-bit byte.
  return (octets) => eucJp(jisToEuc(octets.replace(/[^\x00-\x7f][\s\S]*$/, '')), 'perlqq');
}

function iso2022KrDecoder(): TableDecoder {
  const eucKr = multiByteDecoder('euc-kr')!;
  return (octets) => eucKr(iso2022KrToEuc(octets), 'perlqq');
}

/** The decoder for a Perl encoding, or undefined when Spamward has none. */
export function perlDecoder(name: PerlEncoding): TableDecoder | undefined {
  if (name === 'utf-8-strict' || name === 'utf8') return (o, mode: DecodeMode) => (mode === 'croak' ? strictUtf8(o) : lenientUtf8(o));
  if (UNICODE_FORMS.has(name)) return (o, mode) => decodeUnicodeForm(o, name as UnicodeForm, mode);
  if (name === 'UTF-7') return (o) => decodeUtf7(o);
  if (name === 'iso-2022-jp' || name === 'iso-2022-jp-1' || name === '7bit-jis') return jis7Decoder();
  if (name === 'iso-2022-kr') return iso2022KrDecoder();
  return singleByteDecoder(name) ?? multiByteDecoder(name);
}
