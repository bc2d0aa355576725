/**
 * How SpamAssassin cuts text for rules (Message.pm): body lines longer than
 * 2048 bytes break after the last space in range, rawbody text is chunked at
 * 2048..4096 bytes preferring a newline, then `>`, then a space; parts over
 * the scan size are truncated at a nearby newline (or `>`/space).
 */
import type { Octets } from './types.js';

const MAX_LINE = 2048;

/** Message::split_into_array_of_short_lines. */
export function splitShortLines(text: Octets): Octets[] {
  const out: Octets[] = [];
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl + 1;
    let start = pos;
    while (end - start > MAX_LINE) {
      const sp = text.lastIndexOf(' ', start + MAX_LINE);
      const len = sp >= start ? sp - start + 1 : MAX_LINE;
      out.push(text.slice(start, start + len));
      start += len;
    }
    out.push(text.slice(start, end));
    pos = end;
  }
  return out;
}

/** Message::split_into_array_of_short_paragraphs. */
export function splitShortParagraphs(text: Octets): Octets[] {
  const len = text.length;
  if (len <= MAX_LINE) return [text];
  const out: Octets[] = [];
  let ofs = 0;
  while (len - ofs > 2 * MAX_LINE) {
    let j = -1;
    for (const ch of ['\n', '>', ' ']) {
      j = text.indexOf(ch, ofs + MAX_LINE);
      if (j >= 0 && j - ofs + 1 <= 2 * MAX_LINE) break;
      j = -1;
    }
    if (j < 0) j = ofs + MAX_LINE;
    out.push(text.slice(ofs, j + 1));
    ofs = j + 1;
  }
  if (ofs < len) out.push(text.slice(ofs));
  return out;
}

/**
 * Cut `text` near `size`: just after the first of `breaks` (tried in order)
 * found within 1 KiB after `size`, else exactly at `size`.
 */
export function truncateNear(text: string, size: number, breaks: readonly string[]): string {
  if (!size || text.length <= size) return text;
  for (const ch of breaks) {
    const idx = text.indexOf(ch, size);
    if (idx >= 0 && idx - size <= 1024) return text.slice(0, idx + 1);
  }
  return text.slice(0, size);
}

/**
 * truncateNear for character text: sizes count code points, as Perl counts
 * characters, so text with astral characters is measured without surrogates.
 */
export function truncateChars(text: string, size: number, breaks: readonly string[]): string {
  if (!size || text.length <= size) return text;
  if (!/[\ud800-\udfff]/.test(text)) return truncateNear(text, size, breaks);
  const cps = Array.from(text);
  if (cps.length <= size) return text;
  for (const ch of breaks) {
    const idx = cps.indexOf(ch, size);
    if (idx >= 0 && idx - size <= 1024) return cps.slice(0, idx + 1).join('');
  }
  return cps.slice(0, size).join('');
}
