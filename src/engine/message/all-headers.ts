/**
 * The `ALL` pseudo-header and the relay-index slices built on it
 * (Node::get_all_headers, PerMsgStatus::get_all_hdrs_in_rcvd_index_range).
 */
import type { Octets } from './types.js';

/** ALL stops once this many bytes were gathered (MAX_HEADER_LENGTH). */
const MAX_ALL_BYTES = 65536;

export interface FieldView {
  name: string;
  lcName: string;
  decoded: () => Octets;
}

/**
 * `Name: decoded\n` per field in message order. Sizes are summed name group
 * by name group (in order of first appearance), as SA does, so a cut drops
 * whole later groups rather than a tail of fields.
 */
export function allHeaderLines(fields: readonly FieldView[]): { lines: Octets[]; truncated: boolean } {
  const groups = new Map<string, number[]>();
  fields.forEach((f, i) => {
    const g = groups.get(f.lcName);
    if (g) g.push(i);
    else groups.set(f.lcName, [i]);
  });
  const lines: (Octets | undefined)[] = new Array(fields.length);
  let size = 0;
  let truncated = false;
  outer: for (const [lcName, positions] of groups) {
    for (const pos of positions) {
      const contents = fields[pos]!.decoded() + '\n';
      size += lcName.length + contents.length + 2;
      if (size > MAX_ALL_BYTES) {
        truncated = true;
        break outer;
      }
      lines[pos] = `${fields[pos]!.name}: ${contents}`;
    }
  }
  return { lines: lines.filter((l): l is Octets => l !== undefined), truncated };
}

/**
 * Header lines from Received number `start` (counted from the top, 0-based)
 * to Received number `end` inclusive; `undefined` leaves that side open.
 */
export function receivedRange(lines: readonly Octets[], start: number | undefined, end: number | undefined): Octets[] {
  if (end !== undefined && end < 0) return [];
  const out: Octets[] = [];
  let cur = -1;
  for (const line of lines) {
    if (/^Received:/i.test(line)) cur++;
    if ((start === undefined || start <= cur) && (end === undefined || cur < end)) {
      out.push(line);
    } else if (end !== undefined && cur === end) {
      out.push(line);
      break;
    }
  }
  return out;
}

/** Split joined header text at newlines, keeping them (Perl `split /^/m`). */
export function splitKeepNewlines(text: Octets): Octets[] {
  const out: Octets[] = [];
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl + 1;
    out.push(text.slice(pos, end));
    pos = end;
  }
  return out;
}
