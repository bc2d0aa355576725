/**
 * The steps every Received line goes through before format matching:
 * whitespace normalisation, the early "not a relay" checks, removal of the
 * trailing date, and the fields that are read the same way for all formats
 * (message id, HELO, the receiving host).
 */
import { byteRe } from './byte-regex.js';
import { receivedRe } from './ip-patterns.js';
import type { ReceivedFields } from './received-fields.js';

const STARTS_WITH_FROM = /^\(?from /i;
const LOCAL_FOR = /\bwith local for\b/;
const FROM_BY_ONLY = byteRe('^from (\\S+) by [^\\s;]+ ?;', 'i');
const BRACKETED_DOTTED = /^\[[\d.]+\]$/;
/**
 * The date after the last `;`. The separator run is matched only from its
 * first character and without backtracking into it (look-behind plus an
 * emulated atomic group). Neither changes what matches, since the date must
 * begin with a non-separator, but it keeps long `; ; ;` runs linear.
 */
const TRAILING_DATE = byteRe(
  '(?<![\\s;])(?=([\\s;]+))\\1(?:(?:Mon|T(?:ue|hu)|Wed|Fri|S(?:at|un)), )?\\d+ (?:J(?:an|u[nl])|Feb|Ma[ry]|A(?:pr|ug)|Sep|Oct|Nov|Dec) \\d+ \\d+:\\d+(?::\\d+)? \\S+$',
);
const ID = byteRe(' id <?([^\\s<>;]{3,})');
const HELO_CHARS = '[-A-Za-z0-9.^+_&:=?!@%*$\\\\/]';
const HELO_EQ = new RegExp(`\\bhelo=(${HELO_CHARS}+)(?:[^-A-Za-z0-9.^+_&:=?!@%*$\\\\/]|$)`);
const HELO_CMD = new RegExp(`\\b(?:HELO|EHLO) (${HELO_CHARS}+)(?:[^-A-Za-z0-9.^+_&:=?!@%*$\\\\/]|$)`);
const BY = byteRe(' by (\\S+)(?:[^-A-Za-z0-9;.]|$)');

const WS_SPLIT = /[\t\n\v\f\r ]+/;
const NEEDS_COLLAPSE = /[\t\n\v\f\r]| {2}|^ | $/;

/** Runs of Perl whitespace (tab, LF, VT, FF, CR, space) become one space; leading and trailing ones go. */
function collapseSpace(line: string): string {
  // Unfolded header values usually have single spaces already.
  if (!NEEDS_COLLAPSE.test(line)) return line;
  const words = line.split(WS_SPLIT);
  if (words[0] === '') words.shift();
  if (words[words.length - 1] === '') words.pop();
  return words.join(' ');
}

/** Collapse whitespace and drop the trailing semicolons SpamAssassin ignores. */
export function normaliseLine(line: string): string {
  let s = collapseSpace(line);
  // Each pass drops a final ';' and one whitespace character before it.
  while (s.endsWith(';')) {
    s = s.slice(0, -1);
    if (s.endsWith(' ')) s = s.slice(0, -1);
  }
  return s;
}

/** Lines that are skipped before any format is tried: no `from` clause, local delivery, `from X by Y;`. */
export function isSkippedEarly(s: string): boolean {
  if (!STARTS_WITH_FROM.test(s)) return true;
  if (LOCAL_FOR.test(s)) return true;
  const m = FROM_BY_ONLY.exec(s);
  return m !== null && !BRACKETED_DOTTED.test(m[1] ?? '');
}

/** Remove the trailing date and repair the `)by ` typo some MTAs write. */
export function stripDate(s: string): string {
  return s.replace(TRAILING_DATE, '').replace(')by ', ') by ');
}

/** Fields read identically for every format; format matchers may override them. */
export function readCommonFields(s: string, f: ReceivedFields): void {
  const id = ID.exec(s);
  if (id) f.id = id[1] ?? '';
  const helo = HELO_EQ.exec(s) ?? HELO_CMD.exec(s);
  if (helo) f.helo = helo[1] ?? '';
  const by = BY.exec(s);
  if (by) f.by = by[1] ?? '';
}

/** Exported for the synthetic-relay step, which looks for the first address in a header. */
export const FIRST_IP = receivedRe('({IP})');
