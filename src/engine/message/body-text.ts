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
    textParts.push({ type: r.type, charset: r.charset, text: r.rendered, chars: r.chars, decodedBytes: r.decodedBytes, part: r.part, html: r.html });
  }
  const body = leaves.length === 0 ? [] : textArray(renders, 'rendered', opts.subject, opts.bodyPartScanSize);
  return new RenderedText(body, rawbodyArray(leaves, opts.rawbodyPartScanSize), html, textParts, renders, opts);
}

/**
 * The rendered arrays, with the visible and invisible ones built when first
 * read (only Bayes reads them). Getters on a class, not on an object literal:
 * V8 keeps what an object-literal getter's closure holds alive through every
 * young-generation collection until the next full one, and here that was the
 * whole message (measured: about 20 KB per message promoted to the old
 * generation by this object alone).
 */
class RenderedText implements RenderedBody {
  private visibleLines: Octets[] | undefined;
  private invisibleLines: Octets[] | undefined;

  constructor(
    readonly body: Octets[],
    readonly rawbody: Octets[],
    readonly html: HtmlResults[],
    readonly textParts: RenderedBody['textParts'],
    /** Empty when the message has no leaf (then every array is empty). */
    private readonly renders: (PartRendering | undefined)[],
    private readonly opts: RenderOptions,
  ) {}

  get visible(): Octets[] {
    return (this.visibleLines ??= this.buildVisible());
  }

  get invisible(): Octets[] {
    this.invisibleLines ??= this.renders.length === 0 ? [] : textArray(this.renders, 'invisible', '', this.opts.bodyPartScanSize);
    return this.invisibleLines;
  }

  private buildVisible(): Octets[] {
    if (this.renders.length === 0) return [];
    // Without hidden HTML text the visible array is the body array; skip the rebuild.
    const sameVisible = this.renders.every((r) => !r || r.visible === r.rendered);
    return sameVisible ? [...this.body] : textArray(this.renders, 'visible', this.opts.subject, this.opts.bodyPartScanSize);
  }
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
