/**
 * The header values the relay analysis reads, prepared the way SpamAssassin's
 * get_header() prepares them: unfolded, trimmed, and (when they hold 8-bit
 * octets that are not UTF-8) transcoded from Windows-1252 to UTF-8 octets.
 * Received and X-Originating-IP values need no encoded-word decoding here.
 */
// Imported rather than read from the global, whose getter costs a call on every use in hot loops.
import { Buffer } from 'node:buffer';
import { perlTrim } from '../octets.js';
import type { HeaderField, Octets } from '../types.js';

const FOLD = /\n[ \t]+/g;
const LINE_BREAK = /\r?\n/g;
const NON_ASCII = /[\x80-\xff]/;
const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/** Windows-1252's 0x80–0x9F block; Perl's Encode turns the five unassigned bytes into U+FFFD. */
const CP1252_HIGH = [
  0x20ac, 0xfffd, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0xfffd, 0x17d, 0xfffd,
  0xfffd, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0xfffd, 0x17e, 0x178,
];

/** Keep valid UTF-8 octets; otherwise read the octets as Windows-1252 and return UTF-8 octets. */
export function toUtf8Octets(value: Octets): Octets {
  if (!NON_ASCII.test(value)) return value;
  const bytes = Buffer.from(value, 'latin1');
  try {
    utf8Strict.decode(bytes);
    return value;
  } catch {
    let text = '';
    for (const b of bytes) text += String.fromCharCode(b >= 0x80 && b < 0xa0 ? (CP1252_HIGH[b - 0x80] ?? b) : b);
    return Buffer.from(text, 'utf8').toString('latin1');
  }
}

/** A header value as get_header() returns it, with its trailing newline. */
export function decodedValue(raw: Octets, crlf: boolean): Octets {
  let v = crlf ? raw.replace(/\r\n/g, '\n') : raw;
  v = perlTrim(v.replace(FOLD, ' '));
  v = v.replace(/\n[ \t]/g, '\n ').replace(LINE_BREAK, '');
  return `${toUtf8Octets(v)}\n`;
}

/** A message's header fields grouped by lower-cased name, built once per analysis. */
export class HeaderIndex {
  private readonly byName = new Map<string, { field: HeaderField; position: number }[]>();

  constructor(readonly crlf: boolean, headers: readonly HeaderField[]) {
    headers.forEach((field, position) => {
      const lc = field.name.toLowerCase();
      const list = this.byName.get(lc);
      if (list) list.push({ field, position });
      else this.byName.set(lc, [{ field, position }]);
    });
  }

  /** Fields of this name, topmost first. */
  fields(name: string): HeaderField[] {
    return (this.byName.get(name.toLowerCase()) ?? []).map((e) => e.field);
  }

  /** Positions (in the header section) of the fields of this name. */
  positions(name: string): number[] {
    return (this.byName.get(name.toLowerCase()) ?? []).map((e) => e.position);
  }

  /** All decoded values of a header, topmost first. */
  values(name: string): Octets[] {
    return this.fields(name).map((h) => decodedValue(h.raw, this.crlf));
  }
}
