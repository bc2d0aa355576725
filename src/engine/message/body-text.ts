/**
 * The text arrays body, rawbody and Bayes read (Message::get_*_body_text_array):
 * leaves in tree order, each rendered and truncated to the scan size, joined
 * with newlines, blank-line runs turned into paragraph breaks and all other
 * whitespace runs into one space, then encoded to UTF-8 octets when any part
 * held characters, Subject prepended, and lines cut at 2048 bytes.
 */
import type { HtmlResults, RenderedBody } from './analysis-types.js';
import { utf8Octets } from './octets.js';
import { renderPart, type PartRendering } from './part-render.js';
import { splitShortLines, splitShortParagraphs, truncateChars, truncateNear } from './text-split.js';
import type { MimePart, Octets, ParsedMessage } from './types.js';

export interface RenderOptions {
  normalizeCharset: boolean;
  bodyPartScanSize: number;
  rawbodyPartScanSize: number;
  /** Decoded Subject with its "\n", or "\n" when there is none. */
  subject: Octets;
}

type Flavour = 'rendered' | 'visible' | 'invisible';

const PARA_UNICODE = /\n+[\t\n\x0b\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*\n+/g;
const SPACE_UNICODE = /[\t\n\x0b\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;
const PARA_ASCII = /\n+[\t\n\x0b\f\r ]*\n+/g;
const SPACE_ASCII = /[\t\n\x0b\f\r ]+/g;

/** Leaves in SA's find_parts order (depth first, document order). */
export function leafParts(root: MimePart): MimePart[] {
  const out: MimePart[] = [];
  const stack: MimePart[] = [root];
  while (stack.length > 0) {
    const part = stack.pop()!;
    if (part.isLeaf) {
      if (part.type !== '') out.push(part);
      continue;
    }
    for (let i = part.children.length - 1; i >= 0; i--) stack.push(part.children[i]!);
  }
  return out;
}

export function renderBody(msg: ParsedMessage, opts: RenderOptions): RenderedBody {
  const leaves = leafParts(msg.root);
  const renders = leaves.map((p) => renderPart(p, opts.normalizeCharset));
  const html: HtmlResults[] = [];
  const textParts: RenderedBody['textParts'] = [];
  for (const r of renders) {
    if (!r) continue;
    if (r.html) html.push(r.html);
    textParts.push({ type: r.type, charset: r.charset, text: r.rendered, decodedBytes: r.decodedBytes, part: r.part, html: r.html });
  }
  const empty = leaves.length === 0;
  const body = empty ? [] : textArray(renders, 'rendered', opts.subject, opts.bodyPartScanSize);
  // Only Bayes reads the visible and invisible arrays: they are built when first read.
  let visible: Octets[] | undefined;
  let invisible: Octets[] | undefined;
  const buildVisible = (): Octets[] => {
    if (empty) return [];
    // Without hidden HTML text the visible array is the body array; skip the rebuild.
    const sameVisible = renders.every((r) => !r || r.visible === r.rendered);
    return sameVisible ? [...body] : textArray(renders, 'visible', opts.subject, opts.bodyPartScanSize);
  };
  return {
    body,
    get visible() {
      return (visible ??= buildVisible());
    },
    get invisible() {
      return (invisible ??= empty ? [] : textArray(renders, 'invisible', '', opts.bodyPartScanSize));
    },
    rawbody: rawbodyArray(leaves, opts.rawbodyPartScanSize),
    html,
    textParts,
  };
}

function textArray(renders: (PartRendering | undefined)[], flavour: Flavour, subject: Octets, scanSize: number): Octets[] {
  let text = '';
  let chars = false;
  for (const r of renders) {
    if (text !== '') text += '\n';
    if (!r) continue;
    text += r.chars ? truncateChars(r[flavour], scanSize, ['\n', ' ']) : truncateNear(r[flavour], scanSize, ['\n', ' ']);
    chars ||= r.chars;
  }
  const para = chars ? PARA_UNICODE : PARA_ASCII;
  const space = chars ? SPACE_UNICODE : SPACE_ASCII;
  text = text.replace(para, '\0').replace(space, ' ').replace(/\0/g, '\n');
  return splitShortLines(subject + (chars ? utf8Octets(text) : text));
}

function rawbodyArray(leaves: MimePart[], scanSize: number): Octets[] {
  const out: Octets[] = [];
  for (const part of leaves) {
    if (!/^(?:text|message)\b/.test(part.effectiveType) || part.type === 'text/calendar') continue;
    const text = truncateNear(part.decoded().toString('latin1'), scanSize, ['\n', '>', ' ']);
    for (const chunk of splitShortParagraphs(text)) out.push(chunk);
  }
  return out;
}
