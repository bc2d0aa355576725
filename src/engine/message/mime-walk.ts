/**
 * The MIME walk, written here rather than driven through mailsplit: the
 * scores depend on SpamAssassin's line-level quirks (invalid lines in the
 * header section, one level of reused boundary strings, part headers kept
 * only when a later line closes them, 2048-byte line cutting inside parts,
 * default types per parent), which mailsplit's splitter does not reproduce
 * and would have to be undone afterwards. The walk is a work queue, like
 * Message::parse_body, so nesting costs no recursion depth.
 */
import { parseContentType } from './content-type.js';
import { readHeaderSection, type HeaderSection } from './header-section.js';
import { MimeNode } from './mime-node.js';
import { FIELD_START_RE, FIELD_START_STRICT_RE, isBlankLine, quoteRegExp } from './octets.js';

const MAX_LINE = 2048;
const MAX_BLANK_RUN = 20;

export interface WalkState {
  queue: QueueEntry[];
  /** Boundary → opened minus closed (SA's mime_boundary_state). */
  boundaryState: Map<string, number>;
  missingMimeHeadBodySeparator: boolean;
  missingMimeHeaders: boolean;
  mimeEpilogueExists: boolean;
  limitReached: string | undefined;
  maxParts: number;
}

interface QueueEntry {
  node: MimeNode;
  boundary: string | undefined;
  lines: string[];
  subparse: number;
}

export function newWalkState(maxParts: number): WalkState {
  return {
    queue: [],
    boundaryState: new Map(),
    missingMimeHeadBodySeparator: false,
    missingMimeHeaders: false,
    mimeEpilogueExists: false,
    limitReached: undefined,
    maxParts,
  };
}

/** Message->new for `text`: header section, body preparation, queue entry. */
export function startMessage(text: string, subparse: number, state: WalkState): HeaderSection {
  const sec = readHeaderSection(text);
  let body = bodyLines(text, sec);
  const ct = parseContentType(sec.node.header('content-type'));
  sec.node.type = ct.type;
  // SA bug 6845: a multipart body that starts with neither a blank line nor
  // its boundary gets a blank line, so leading text is not taken for headers.
  if (ct.type.startsWith('multipart/') && body.length > 1 && /[^\t\n\x0b\f\r ]/.test(body[0]!)) {
    if (ct.boundary === undefined || !body[0]!.startsWith('--' + ct.boundary)) body = ['\n', ...body];
  }
  state.queue.push({ node: sec.node, boundary: ct.boundary, lines: body, subparse });
  return sec;
}

/** Run the queue until every node is parsed. */
export function runQueue(state: WalkState): void {
  for (let qi = 0; qi < state.queue.length; qi++) {
    const entry = state.queue[qi]!;
    state.queue[qi] = undefined as unknown as QueueEntry; // let finished bodies be collected
    if (entry.node.type.startsWith('multipart/') && entry.boundary !== undefined && entry.subparse > 0) {
      parseMultipart(entry, state);
    } else {
      if (entry.node.type.startsWith('multipart/') && entry.boundary !== undefined) state.limitReached ??= 'maxDepth';
      parseNormal(entry);
      maybeParseEmbedded(entry, state);
    }
  }
  state.queue.length = 0;
}

/**
 * The body as lines, as Message->new leaves them: in CRLF mode line ends
 * become LF, and a run of more than 20 blank lines keeps its first line and
 * its last 19 (a run at the very start keeps its first two). Runs are
 * compacted while reading, so a body of millions of blank lines stays cheap.
 */
function bodyLines(text: string, sec: HeaderSection): string[] {
  const out: string[] = [];
  // Blank lines of the current run, as [start, end) offsets (-1: the pushed-back line).
  let run: number[] = [];
  let runLength = 0;
  let index = 0;
  let runStart = 0;
  const lineOf = (a: number, b: number): string => {
    const raw = a < 0 ? sec.pushedBack! : text.slice(a, b);
    return sec.crlf && raw.endsWith('\r\n') ? raw.slice(0, -2) + '\n' : raw;
  };
  const flush = (): void => {
    if (runLength === 0) return;
    const keepHead = runStart === 0 ? 2 : 1;
    const limit = runStart === 0 ? MAX_BLANK_RUN + 1 : MAX_BLANK_RUN;
    const pairs = run.length / 2;
    for (let k = 0; k < pairs; k++) {
      if (runLength <= limit || k < keepHead || k >= pairs - (MAX_BLANK_RUN - 1)) out.push(lineOf(run[2 * k]!, run[2 * k + 1]!));
    }
    run = [];
    runLength = 0;
  };
  const take = (a: number, b: number, blank: boolean): void => {
    if (blank) {
      if (runLength === 0) runStart = index;
      run.push(a, b);
      runLength++;
      if (run.length >= 128) run = [...run.slice(0, 4), ...run.slice(run.length - 2 * (MAX_BLANK_RUN - 1))];
    } else {
      flush();
      out.push(lineOf(a, b));
    }
    index++;
  };
  if (sec.pushedBack !== undefined) take(-1, -1, isBlankLine(sec.pushedBack));
  for (let pos = sec.bodyStart; pos < text.length; ) {
    if (text.charCodeAt(pos) === 10) {
      // A stretch of empty lines: only its first and last lines can survive.
      let j = pos;
      while (j < text.length && text.charCodeAt(j) === 10) j++;
      const count = j - pos;
      for (let k = 0; k < count; k++) {
        if (count <= 64 || k < 2 || k >= count - MAX_BLANK_RUN) take(pos + k, pos + k + 1, true);
        else {
          runLength++;
          index++;
        }
      }
      pos = j;
      continue;
    }
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl + 1;
    take(pos, end, isBlankRange(text, pos, end));
    pos = end;
  }
  flush();
  return out;
}

/** isBlankLine on a slice of `text`, without making the slice. */
function isBlankRange(text: string, a: number, b: number): boolean {
  for (let i = a; i < b; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && (c < 9 || c > 13)) return false;
  }
  return true;
}

function pushCut(target: string[], line: string): void {
  let l = line;
  while (l.length > MAX_LINE) {
    target.push(l.slice(0, MAX_LINE) + '\n');
    l = l.slice(MAX_LINE);
  }
  target.push(l);
}

function storePartField(node: MimeNode, header: string): string {
  const m = /:[\t\n\x0b\f\r ]*/.exec(header);
  if (!m) return '';
  const key = header.slice(0, m.index);
  node.addHeader(key, header.slice(m.index + m[0].length));
  return key;
}

interface PartCursor {
  node: MimeNode;
  lines: string[] | undefined;
  header: string | undefined;
  inBody: boolean;
  nested: boolean;
}

/** Message::_parse_multipart: cut the body at boundary lines into child parts. */
function parseMultipart(entry: QueueEntry, state: WalkState): void {
  const { node: msg, boundary } = entry;
  let body = entry.lines;
  msg.hasBodyParts = true;
  msg.cte = msg.lastHeader('content-transfer-encoding');
  const subparse = entry.subparse - 1;
  const b = boundary!;
  const bq = quoteRegExp(b);
  const openRe = new RegExp(`^--${bq}[\\t\\n\\x0b\\f\\r ]*$`);
  const lineRe = new RegExp(`^--${bq}(--)?[\\t\\n\\x0b\\f\\r ]*$`);
  body = dropPreamble(body, b, openRe, state);
  const cur: PartCursor = { node: new MimeNode(), lines: undefined, header: undefined, inBody: false, nested: false };
  let lineCount = body.length;
  let partCount = 0;
  for (let idx = 0; idx < body.length; idx++) {
    const line = body[idx]!;
    const m = line.startsWith('--') ? lineRe.exec(line) : null;
    let foundEnd = m !== null;
    const foundLastEnd = foundEnd && m![1] !== undefined;
    if (foundEnd && cur.nested) {
      foundEnd = false;
      if (foundLastEnd) cur.nested = false; // SA bug 7358: one level of reused boundary
    }
    if (--lineCount === 0 || foundEnd) {
      finishPart(cur, line, foundEnd, msg, b, subparse, state);
      if (foundLastEnd) {
        state.boundaryState.set(b, (state.boundaryState.get(b) ?? 0) - 1);
        break;
      }
      if (lineCount > 0 && !FIELD_START_STRICT_RE.test(body[body.length - lineCount]!)) state.missingMimeHeaders = true;
      if (++partCount === state.maxParts) {
        state.limitReached = 'maxParts';
        return;
      }
      Object.assign(cur, { node: new MimeNode(), lines: undefined, header: undefined, inBody: false });
      continue;
    }
    if (!cur.inBody && partHeaderLine(cur, line, b, state)) continue;
    if (!cur.lines) cur.lines = [];
    pushCut(cur.lines, line);
  }
  checkEpilogue(body, lineCount, state);
}

/** Skip up to and including the first boundary line (the preamble is not a part). */
function dropPreamble(body: string[], b: string, openRe: RegExp, state: WalkState): string[] {
  for (let k = 0; k < body.length; k++) {
    const l = body[k]!;
    if (l.startsWith('--') && openRe.test(l)) {
      state.boundaryState.set(b, 1);
      if (k + 1 < body.length && !FIELD_START_STRICT_RE.test(body[k + 1]!)) state.missingMimeHeaders = true;
      return body.slice(k + 1);
    }
  }
  return body;
}

/** Header lines of a part; returns true when the line was consumed. */
function partHeaderLine(cur: PartCursor, line: string, b: string, state: WalkState): boolean {
  if (FIELD_START_RE.test(line)) {
    if (cur.header) storePartField(cur.node, cur.header);
    cur.header = line;
    return true;
  }
  if ((line.charCodeAt(0) === 32 || line.charCodeAt(0) === 9) && cur.header) {
    cur.header += line;
    return true;
  }
  if (cur.header) {
    const key = storePartField(cur.node, cur.header);
    // Only a Content-Type that is the last field is checked for a reused boundary.
    if (key.toLowerCase() === 'content-type' && parseContentType(cur.node.header('content-type')).boundary === b) {
      cur.nested = true;
    }
  }
  cur.inBody = true;
  if (line === '\n' || line === '\r\n' || line === '' || line === '\r') return true;
  state.missingMimeHeadBodySeparator = true;
  return false;
}

function finishPart(
  cur: PartCursor, line: string, foundEnd: boolean, msg: MimeNode, b: string, subparse: number, state: WalkState,
): void {
  let lines = cur.lines;
  if (!foundEnd) {
    if (!lines) lines = [];
    pushCut(lines, line);
  } else if (lines) {
    const lastIdx = lines.length - 1;
    // The line ending before a boundary belongs to the boundary.
    const trimmed = lines[lastIdx]!.replace(/\n$/, '');
    if (trimmed === '') lines.pop();
    else lines[lastIdx] = trimmed;
  } else {
    lines = [];
  }
  const part = cur.node;
  const ct = parseContentType(part.header('content-type'));
  part.type = ct.type;
  if (ct.missing && msg.type === 'multipart/digest') part.type = 'message/rfc822';
  state.queue.push({ node: part, boundary: ct.boundary || b, lines, subparse });
  msg.children.push(part);
}

function checkEpilogue(body: string[], lineCount: number, state: WalkState): void {
  for (let k = body.length - lineCount; k < body.length; k++) {
    if (/[^\t\n\x0b\f\r .]/.test(body[k]!)) {
      state.mimeEpilogueExists = true;
      return;
    }
  }
}

/** Message::_parse_normal: a leaf's type, charset, name and body. */
function parseNormal(entry: QueueEntry): void {
  const node = entry.node;
  const ct = parseContentType(node.header('content-type'));
  if (!ct.missing) node.type = !ct.type.startsWith('multipart/') || entry.boundary !== undefined ? ct.type : 'text/plain';
  node.charset = ct.charset ?? '';
  node.hasCharset = ct.charset !== undefined;
  const disp = /name=[\t\n\x0b\f\r ]*"?([^";]+)"?/i.exec(node.lastHeader('content-disposition'));
  node.name = disp ? disp[1] : ct.name;
  node.effectiveType = /\.s?html?\n?$/i.test(node.name ?? '') ? 'text/html' : node.type;
  node.cte = node.lastHeader('content-transfer-encoding');
  node.lines = entry.lines;
}

/** A message/rfc822 (or message/global) leaf is parsed as a message of its own. */
function maybeParseEmbedded(entry: QueueEntry, state: WalkState): void {
  const node = entry.node;
  if (!node.type.startsWith('message/') || node.type === 'message/partial') return;
  if (entry.subparse <= 0) {
    state.limitReached ??= 'maxDepth';
    return;
  }
  if (node.type !== 'message/rfc822' && node.type !== 'message/global') return;
  const decoded = node.decoded();
  if (decoded.length === 0) return;
  const sub = startMessage(decoded.toString('latin1'), entry.subparse - 1, state);
  node.children.push(sub.node);
  node.hasBodyParts = true;
  node.releaseBody();
}
