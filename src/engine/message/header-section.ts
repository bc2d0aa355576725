/**
 * The top of Message->new: mbox line, line-ending decision and the header
 * section with SpamAssassin's end rules. A blank line ends it; so does a line
 * starting with `--` (a MIME boundary) or a fourth line that is not a field.
 * Up to three such invalid lines are swallowed: they still start a new
 * "field", which is dropped if it has no colon.
 */
import { MimeNode } from './mime-node.js';
import { FIELD_START_RE } from './octets.js';

const MAX_KEY = 256;
const MAX_VALUE = 8192;
const MBOX_RE = /^From[\t\n\x0b\f\r ]+(?!:)/;

export interface HeaderSection {
  node: MimeNode;
  mboxSeparator: string | null;
  crlf: boolean;
  /** Bytes of input consumed by the mbox line. */
  mboxBytes: number;
  /** Bytes of input (after the mbox line) that form the header section. */
  headerBytes: number;
  /** The header block as SA keeps it (`pristine_headers`), for ALL:raw. */
  saPristineHeaders: string;
  /** A line SA put back in front of the body (the one that ended the section), if any. */
  pushedBack: string | undefined;
  /** Offset in the text where the remaining body lines start. */
  bodyStart: number;
  missingSeparator: boolean;
  truncated: boolean;
}

/** End offset (exclusive) of the line starting at `pos`. */
function lineEnd(text: string, pos: number): number {
  const nl = text.indexOf('\n', pos);
  return nl < 0 ? text.length : nl + 1;
}

/** Read the header section of a message (octets); the body is left in place. */
export function readHeaderSection(input: string): HeaderSection {
  // An empty message is read as a single newline (SA bug 4884).
  const text = input === '' ? '\n' : input;
  let pos = 0;
  let mboxSeparator: string | null = null;
  const firstEnd = lineEnd(text, 0);
  if (MBOX_RE.test(text.slice(0, Math.min(firstEnd, 64)))) {
    mboxSeparator = text.slice(0, firstEnd);
    pos = firstEnd;
  }
  const first = text.slice(pos, lineEnd(text, pos));
  const lastStart = text.lastIndexOf('\n', text.length - 2) + 1;
  const crlf = first.includes('\r\n') || (pos < text.length && text.slice(Math.max(lastStart, pos)).includes('\r\n'));
  const sec: HeaderSection = {
    node: new MimeNode(),
    mboxSeparator,
    crlf,
    mboxBytes: pos,
    headerBytes: 0,
    saPristineHeaders: '',
    pushedBack: undefined,
    bodyStart: pos,
    missingSeparator: false,
    truncated: false,
  };
  readFields(text, pos, sec);
  return sec;
}

/** The header loop: fields are stored on `sec.node`, the body start recorded. */
function readFields(text: string, start: number, sec: HeaderSection): void {
  const ending = sec.crlf ? '\r\n' : '\n';
  const pristine: string[] = [];
  let header: string | undefined;
  let errors = 0;
  let pos = start;
  for (;;) {
    const eof = pos >= text.length;
    const end = eof ? pos : lineEnd(text, pos);
    const original = eof ? ending : text.slice(pos, end);
    // In CRLF mode SA repairs bare LFs inside the header section.
    const current = sec.crlf ? original.replace(/(?<!\r)\n/g, '\r\n') : original;
    const c0 = current.charCodeAt(0);
    if (c0 === 32 || c0 === 9) {
      header = (header ?? '') + current;
      pristine.push(current);
      pos = end;
      continue;
    }
    if (header !== undefined) storeField(header, sec);
    if (current === ending) {
      if (eof) sec.missingSeparator = true;
      else {
        pristine.push(current);
        pos = end;
      }
      break;
    }
    if (current.startsWith('--') || (!FIELD_START_RE.test(current) && ++errors > 3)) {
      sec.missingSeparator = true;
      sec.pushedBack = current;
      sec.bodyStart = end;
      sec.headerBytes = pos - start;
      sec.saPristineHeaders = pristine.join('');
      return;
    }
    header = current;
    pristine.push(current);
    pos = end;
  }
  sec.bodyStart = pos;
  sec.headerBytes = pos - start;
  sec.saPristineHeaders = pristine.join('');
}
function storeField(header: string, sec: HeaderSection): void {
  const colon = header.indexOf(':');
  if (colon < 0) return;
  let key = header.slice(0, colon).replace(/[ \t]+$/, '');
  let value = header.slice(colon + 1);
  if (sec.crlf) value = value.replace(/\r\n/g, '\n');
  if (key.length > MAX_KEY) {
    key = key.slice(0, MAX_KEY);
    sec.truncated = true;
  }
  if (value.length > MAX_VALUE) {
    value = value.slice(0, MAX_VALUE);
    sec.truncated = true;
  }
  sec.node.addHeader(key, value);
}
