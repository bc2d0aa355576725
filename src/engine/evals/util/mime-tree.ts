/**
 * Walking the MIME tree the way Message::Node::find_parts does: depth
 * first, the node itself before its children.
 */
import type { MimePart } from '../../message/types.js';

/** Every part below and including `root`, pre-order. */
export function allParts(root: MimePart): MimePart[] {
  const out: MimePart[] = [];
  const stack: MimePart[] = [root];
  while (stack.length > 0) {
    const part = stack.pop() as MimePart;
    out.push(part);
    for (let i = part.children.length - 1; i >= 0; i--) stack.push(part.children[i] as MimePart);
  }
  return out;
}

export function leafParts(root: MimePart): MimePart[] {
  return allParts(root).filter((p) => p.isLeaf);
}

/**
 * `$part->raw()`: the undecoded body as lines, each keeping its newline.
 * The parser has already cut a multipart's over-long lines where
 * SpamAssassin's does (2048 bytes, the newline counted); a single-part
 * message keeps its lines whole, as in SpamAssassin, so nothing is cut here.
 */
export function rawLines(part: MimePart): string[] {
  const text = part.body.toString('latin1');
  if (text === '') return [];
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}
