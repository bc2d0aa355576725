/**
 * SpamAssassin's `url_encode` (which mostly decodes): `%XX` escapes of
 * printable ASCII are decoded, except `%20` and `%7F` and anything outside
 * 0x20–0x7F, which stay encoded; raw control characters, space, bytes from
 * 0x7F up, `"`, `%`, `<` and `>` outside an escape are percent-encoded
 * (lower-case hex). Works on octet strings.
 */
const ESCAPE = /%[0-9a-fA-F]{2}/g;

function encodeUnsafe(piece: string): string {
  return piece.replace(/[\x00-\x20\x7f-\xff"%<>]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function decodeEscape(escape: string): string {
  const hex = escape.slice(1);
  // Kept encoded: space, DEL, and every escape whose first digit is not 2–7.
  if (/^(?:20|7f)$/i.test(hex) || !/^[2-7]/.test(hex)) return escape;
  return String.fromCharCode(parseInt(hex, 16));
}

export function urlDecode(url: string): string {
  let out = '';
  let last = 0;
  for (const m of url.matchAll(ESCAPE)) {
    out += encodeUnsafe(url.slice(last, m.index)) + decodeEscape(m[0]);
    last = m.index + m[0].length;
  }
  return out + encodeUnsafe(url.slice(last));
}
