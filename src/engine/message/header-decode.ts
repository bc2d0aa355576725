/**
 * Decoded header values as SpamAssassin keeps them (Node::header and
 * Node::_decode_header): unfolded, trimmed, raw 8-bit text guessed to UTF-8,
 * RFC 2047 encoded words decoded to UTF-8 octets. Adjacent encoded words in
 * the same charset are decoded as one byte run, so a character split across
 * two words comes out whole.
 */
import { base64Decode, qpDecode } from './transfer-decoding.js';
import { normalizeCharset } from './charset.js';
import { PERL_SPACE, perlTrim, utf8Octets } from './octets.js';
import type { Octets } from './types.js';

/** Fields whose values are never MIME-decoded. */
const NO_DECODE_RE = /^(?:Received|(?:Resent-)?(?:Message-ID|Date)|MIME-Version|References|In-Reply-To|List-.*)$/is;
const EW = '=\\?[A-Za-z0-9*_-]+\\?[bqBQ]\\?[^?]*\\?=';
const ADJACENT_RE = new RegExp(`(${EW})${PERL_SPACE}+(?=${EW})`, 'g');
const TOKEN_RE = /=\?([A-Za-z0-9*_-]+)\?([bqBQ])\?([^?]*)\?=|([^=]+|[\s\S])/y;

/** Node::header's view of a stored raw value: unfolded and trimmed, then decoded. */
export function decodeFieldValue(rawValue: Octets, lcName: string): Octets {
  return decodeHeaderText(perlTrim(rawValue.replace(/\n[ \t]+/g, ' ')), lcName);
}

/** Node::_decode_header: decode one already-unfolded value of field `name`. */
export function decodeHeaderText(value: Octets, name: string): Octets {
  if (value === '') return '';
  let v = value.replace(/\n[ \t]/g, '\n ').replace(/\r?\n/g, '');
  if (/[^\x00-\x7f]/.test(v)) {
    const r = normalizeCharset(v, 'UTF-8', false, true);
    v = r.chars ? utf8Octets(r.text) : r.text;
  }
  if (NO_DECODE_RE.test(name) || !v.includes('=?')) return v;
  return decodeEncodedWords(v.replace(ADJACENT_RE, '$1'));
}

interface Section {
  data: string;
  charset: string;
}

function decodeEncodedWords(v: string): Octets {
  const sections: Section[] = [];
  let last = '';
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(v); m; m = TOKEN_RE.exec(v)) {
    let charset = '';
    let data: string;
    if (m[1] !== undefined) {
      charset = m[1].toLowerCase();
      data = decodeWordPayload(m[2]!, m[3]!);
    } else {
      data = m[4]!;
    }
    const prev = sections[sections.length - 1];
    if (prev && charset === last) prev.data += data;
    else sections.push({ data, charset });
    last = charset;
  }
  let out = '';
  for (const s of sections) {
    // An RFC 2231 language suffix (charset*lang) is not part of the charset.
    const cs = s.charset.replace(/\*[\s\S]*$/, '');
    if (cs === '') {
      out += s.data;
    } else {
      const r = normalizeCharset(s.data, cs, true, true);
      out += r.chars ? utf8Octets(r.text) : r.text;
    }
  }
  return out;
}

function decodeWordPayload(kind: string, payload: string): Octets {
  if (kind === 'B' || kind === 'b') return base64Decode(payload).toString('latin1');
  return qpDecode(payload.replace(/_/g, '=20'));
}
