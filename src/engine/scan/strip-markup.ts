/**
 * SpamAssassin deletes X-Spam-* header fields from its parsed copy before any
 * rule runs, so earlier markup (or a forged verdict) cannot be matched. The
 * pristine text is kept for output.
 */
import { MimeNode } from '../message/mime-node.js';
import type { ParsedMessage } from '../message/types.js';

const SPAM_MARKUP = /^X-Spam-/i;

export function withoutSpamMarkup(msg: ParsedMessage): ParsedMessage {
  if (!msg.headers.some((h) => SPAM_MARKUP.test(h.name)) || !(msg.root instanceof MimeNode)) return msg;
  const root = cloneWithoutMarkup(msg.root);
  const rawHeaderLines = msg.rawHeaderLines.filter((l) => !SPAM_MARKUP.test(l));
  return { ...msg, headers: root.headers, rawHeaderLines, root };
}

/** A copy of the top node that shares the body and children but not the header index. */
function cloneWithoutMarkup(root: MimeNode): MimeNode {
  const copy = new MimeNode();
  const fresh = { headers: copy.headers, byName: new Map(), decodedCache: new Map() };
  Object.assign(copy, root, fresh);
  for (const h of root.headers) {
    if (SPAM_MARKUP.test(h.name)) continue;
    copy.addHeader(h.name, (h as { rawValue?: string }).rawValue ?? `${h.raw}\n`);
  }
  return copy;
}
