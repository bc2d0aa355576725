/**
 * Rendering one leaf for body rules (Node::rendered): text/plain is charset
 * decoded, text/html (by effective type) also goes through the HTML renderer.
 * The result says whether the text holds characters (Perl's UTF-8 flag) or
 * still raw octets, because that decides later whitespace and encoding rules.
 */
import { decodeUtf8, normalizeCharset } from './charset.js';
import { renderHtml } from './html/render.js';
import type { HtmlResults } from './analysis-types.js';
import type { MimeNode } from './mime-node.js';
import type { MimePart } from './types.js';

export interface PartRendering {
  /** `text/plain` or `text/html` (what SA calls rendered_type). */
  type: string;
  /** All text, visible text and invisible text. */
  rendered: string;
  visible: string;
  invisible: string;
  /** True when the strings are characters; false when they are octets (U+0000..U+00FF). */
  chars: boolean;
  html: HtmlResults | undefined;
  uris: { uri: string; type: string; anchorText?: string }[];
  decodedBytes: number;
  part: MimePart;
  charset: string;
}

// Perl's Unicode \s (it lacks JS's U+FEFF and has U+0085).

/** Render a leaf, or undefined when its effective type is not text/plain or text/html. */
export function renderPart(part: MimePart, normalize: boolean): PartRendering | undefined {
  const type = part.effectiveType;
  if (type !== 'text/plain' && type !== 'text/html') return undefined;
  const bytes = part.decoded();
  const octets = bytes.toString('latin1');
  const hasCharset = (part as Partial<MimeNode>).hasCharset ?? part.charset !== '';
  const charset = hasCharset ? part.charset : 'us-ascii';
  const decoded = toText(octets, charset, normalize);
  const base = { decodedBytes: bytes.length, part, charset: part.charset, uris: [] };
  if (octets === '' || type !== 'text/html') {
    return { ...base, type, rendered: decoded.text, visible: decoded.text, invisible: '', chars: decoded.chars, html: undefined };
  }
  // The renderer fills html_length, non_space_len and ratio itself given the decoded size and text kind.
  const r = renderHtml(decoded.text, { decodedBytes: bytes.length, octets: !decoded.chars });
  const chars = decoded.chars || /[^\x00-\xff]/.test(r.text);
  const html = r.results;
  return { ...base, type, rendered: r.text, visible: r.visible, invisible: r.invisible, chars, html, uris: r.uris };
}

/** Charset handling before rendering: normalise, or (when off) only accept valid UTF-8. */
function toText(octets: string, charset: string, normalize: boolean): { text: string; chars: boolean } {
  if (normalize) return normalizeCharset(octets, charset, false);
  if (/^(?:US-ASCII|UTF-8)$/i.test(charset) && /[^\x00-\x7f]/.test(octets)) {
    const u = decodeUtf8(octets, true);
    if (u !== undefined) return { text: u, chars: true };
  }
  return { text: octets, chars: false };
}
