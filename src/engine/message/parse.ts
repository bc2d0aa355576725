/**
 * parseMessage: raw bytes to the message model, synchronously, as
 * SpamAssassin's Message->new plus parse_body would see them. Work is linear
 * in the input (times the nesting depth at worst); limits cut the analysed
 * part of hostile input short and say so in `flags.limitReached` instead of
 * throwing (the pristine views still hold the whole input).
 */
import { MAX_MESSAGE_BYTES, MAX_MIME_DEPTH, MAX_MIME_PARTS } from '../../util/limits.js';
import { newWalkState, runQueue, startMessage } from './mime-walk.js';
import type { ParseFlags, ParseLimits, ParsedMessage } from './types.js';

export const DEFAULT_PARSE_LIMITS: Readonly<ParseLimits> = {
  maxMessageBytes: MAX_MESSAGE_BYTES,
  maxDepth: MAX_MIME_DEPTH,
  maxParts: MAX_MIME_PARTS,
};

/** What an empty input is parsed as. */
const NULL_MESSAGE = Buffer.from('\n', 'latin1');

export function parseMessage(given: Buffer, limits?: Partial<ParseLimits>): ParsedMessage {
  // SpamAssassin reads a null message as a single newline (an empty header section), which also shows
  // in a report_safe rewrite: the attached original is that newline.
  const raw = given.length === 0 ? NULL_MESSAGE : given;
  const lim = { ...DEFAULT_PARSE_LIMITS, ...limits };
  let input = raw;
  let sizeLimit: string | undefined;
  if (input.length > lim.maxMessageBytes) {
    input = input.subarray(0, Math.max(0, lim.maxMessageBytes));
    sizeLimit = 'maxMessageBytes';
  }
  const state = newWalkState(Math.max(1, lim.maxParts));
  const sec = startMessage(input.toString('latin1'), Math.max(0, lim.maxDepth), state);
  runQueue(state);
  const flags: ParseFlags = {
    missingHeadBodySeparator: sec.missingSeparator,
    truncatedHeader: sec.truncated,
    missingMimeHeadBodySeparator: state.missingMimeHeadBodySeparator,
    mimeBoundaryMissing: [...state.boundaryState.values()].some((v) => v !== 0),
    missingMimeHeaders: state.missingMimeHeaders,
    mimeEpilogueExists: state.mimeEpilogueExists,
    limitReached: sizeLimit ?? state.limitReached,
  };
  const headerEnd = sec.mboxBytes + sec.headerBytes;
  // Only the first maxMessageBytes are analysed, but the pristine views keep
  // the whole input so a rewritten message loses nothing.
  const asReceived = raw.subarray(sec.mboxBytes, headerEnd);
  // In CRLF mode SpamAssassin repairs the bare LFs of the header section (bug 7785) and keeps the
  // repaired text as its pristine headers: `full` rules, ALL:raw and rewritten messages see that.
  const pristineHeaders = sec.crlf && sec.saPristineHeaders.length !== asReceived.length ? Buffer.from(sec.saPristineHeaders, 'latin1') : asReceived;
  const pristineBody = raw.subarray(headerEnd);
  return {
    pristine: pristineHeaders === asReceived ? raw.subarray(sec.mboxBytes) : Buffer.concat([pristineHeaders, pristineBody]),
    pristineHeaders,
    pristineBody,
    mboxSeparator: sec.mboxSeparator,
    crlf: sec.crlf,
    headers: sec.node.headers,
    rawHeaderLines: splitRawFields(sec.saPristineHeaders),
    root: sec.node,
    flags,
  };
}

/**
 * ALL:raw entries: each field with its continuation lines, found the way SA's
 * `/^([^ \t].*?\n)(?![ \t])/smg` finds them (a line starting with a blank is
 * never a start; an invalid line is an entry of its own).
 */
export function splitRawFields(block: string): string[] {
  const out: string[] = [];
  let pos = 0;
  while (pos < block.length) {
    const c = block.charCodeAt(pos);
    if (c === 32 || c === 9) {
      const nl = block.indexOf('\n', pos);
      if (nl < 0) break;
      pos = nl + 1;
      continue;
    }
    let end = block.indexOf('\n', pos + 1);
    while (end >= 0 && (block.charCodeAt(end + 1) === 32 || block.charCodeAt(end + 1) === 9)) {
      end = block.indexOf('\n', end + 1);
    }
    if (end < 0) break;
    out.push(block.slice(pos, end + 1));
    pos = end + 1;
  }
  return out;
}
