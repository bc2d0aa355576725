/**
 * The top of Message->new: mbox line, line-ending decision and the header
 * section with SpamAssassin's end rules. A blank line ends it; so does a line
 * starting with `--` (a MIME boundary) or a fourth line that is not a field.
 * Up to three such invalid lines are swallowed: they still start a new
 * "field", which is dropped if it has no colon.
 */
import { MimeNode } from './mime-node.js';
import { FIELD_START_RE, splitLines } from './octets.js';

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
  /** Body lines, in input order, not yet squashed. */
  bodyLines: string[];
  missingSeparator: boolean;
  truncated: boolean;
}

/** Split a message (octets) into header fields and body lines. */
export function readHeaderSection(text: string): HeaderSection {
  let lines = splitLines(text);
  if (lines.length === 0) lines = ['\n'];
  let mboxSeparator: string | null = null;
  let i = 0;
  if (MBOX_RE.test(lines[0]!)) mboxSeparator = lines[i++]!;
  const first = lines[i] ?? '';
  const crlf = first.includes('\r\n') || lines[lines.length - 1]!.includes('\r\n');
  const sec: HeaderSection = {
    node: new MimeNode(),
    mboxSeparator,
    crlf,
    mboxBytes: mboxSeparator?.length ?? 0,
    headerBytes: 0,
    saPristineHeaders: '',
    bodyLines: [],
    missingSeparator: false,
    truncated: false,
  };
  const rest = readFields(lines, i, sec);
  sec.bodyLines = rest;
  return sec;
}

/** The header loop; returns the body lines. */
function readFields(lines: string[], start: number, sec: HeaderSection): string[] {
  const ending = sec.crlf ? '\r\n' : '\n';
  const pristine: string[] = [];
  let header: string | undefined;
  let errors = 0;
  let i = start;
  for (;;) {
    const eof = i >= lines.length;
    const original = eof ? ending : lines[i++]!;
    // In CRLF mode SA repairs bare LFs inside the header section.
    const current = sec.crlf ? original.replace(/(?<!\r)\n/g, '\r\n') : original;
    if (current.charCodeAt(0) === 32 || current.charCodeAt(0) === 9) {
      header = (header ?? '') + current;
      pristine.push(current);
      if (!eof) sec.headerBytes += original.length;
      continue;
    }
    if (header !== undefined) storeField(header, sec);
    if (current === ending) {
      if (eof) sec.missingSeparator = true;
      else {
        pristine.push(current);
        sec.headerBytes += original.length;
      }
      break;
    }
    if (current.startsWith('--') || (!FIELD_START_RE.test(current) && ++errors > 3)) {
      sec.missingSeparator = true;
      sec.saPristineHeaders = pristine.join('');
      const body = lines.slice(i);
      body.unshift(current);
      return body;
    }
    header = current;
    pristine.push(current);
    sec.headerBytes += original.length;
  }
  sec.saPristineHeaders = pristine.join('');
  return lines.slice(i);
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
