/**
 * SpamAssassin deletes X-Spam-* header fields from its parsed copy before any
 * rule runs, so earlier markup (or a forged verdict) cannot be matched. The
 * pristine text is kept for output.
 */
import type { ParsedMessage } from '../message/types.js';

const SPAM_MARKUP = /^X-Spam-/i;

export function withoutSpamMarkup(msg: ParsedMessage): ParsedMessage {
  if (!msg.headers.some((h) => SPAM_MARKUP.test(h.name))) return msg;
  const headers = msg.headers.filter((h) => !SPAM_MARKUP.test(h.name));
  const rawHeaderLines = msg.rawHeaderLines.filter((l) => !SPAM_MARKUP.test(l));
  return { ...msg, headers, rawHeaderLines, root: { ...msg.root, headers, decoded: () => msg.root.decoded() } };
}
