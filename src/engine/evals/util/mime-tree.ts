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

/** SpamAssassin cuts body lines longer than this when it stores a part's raw lines. */
export const MAX_BODY_LINE_LENGTH = 2048;

/**
 * `$part->raw()`: the undecoded body as lines, each keeping its newline,
 * with over-long lines cut into 2048-byte pieces (each piece but the last
 * given a "\n", as the parser does).
 */
export function rawLines(part: MimePart): string[] {
  const text = part.body.toString('latin1');
  if (text === '') return [];
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const out: string[] = [];
  for (let line of lines) {
    while (line.length > MAX_BODY_LINE_LENGTH) {
      out.push(line.slice(0, MAX_BODY_LINE_LENGTH) + '\n');
      line = line.slice(MAX_BODY_LINE_LENGTH);
    }
    out.push(line);
  }
  return out;
}
