/**
 * The message as delivered after a scan (`rewrite_mail`): either the original
 * headers with X-Spam-* markup added (report_safe 0, and every ham), or for
 * spam with report_safe 1/2 a new message that carries the report and the
 * original as an attachment. Untouched bytes stay untouched: the body is
 * copied byte for byte.
 */
import { randomInt } from 'node:crypto';
import type { ParsedMessage } from '../message/types.js';

export interface RewriteInput {
  msg: ParsedMessage;
  isSpam: boolean;
  reportSafe: 0 | 1 | 2;
  /** `X-Spam-Name: value\n` lines for spam and for ham. */
  /** The rendered X-Spam-* lines of the message's own verdict (the other one is left empty). */
  addedSpam: string;
  addedHam: string;
  /** rewrite_header values after tag expansion (Subject/From/To). */
  rewrite: Map<string, string>;
  /** Expanded subjprefix text, if any rule set one. */
  subjPrefix: string | undefined;
  /** The report text, built on demand: only an encapsulated spam carries it. */
  report: () => string;
  unsafeReport: () => string;
  reportCharset: string;
  copyHeaders: readonly string[];
  hostname: string;
  version: string;
  description: string;
  now: Date;
}

/** Returns the rewritten message as octets (latin1 string) split into header section and body. */
export function rewriteMessage(input: RewriteInput): { headers: string; body: Buffer } {
  const mbox = input.msg.mboxSeparator ?? '';
  if (input.isSpam && input.reportSafe !== 0) {
    const wrapped = rewriteReportSafe(input);
    return { headers: mbox + wrapped.headers, body: wrapped.body };
  }
  return { headers: mbox + rewriteHeadersOnly(input), body: input.msg.pristineBody };
}

function pristineHeaderText(msg: ParsedMessage): string {
  return msg.pristineHeaders.toString('latin1');
}

/** get_pristine_header(NAME): every instance's value (folding and line ending kept). */
export function pristineHeader(headerText: string, name: string): string[] {
  const re = new RegExp(`^${escapeRe(name)}[ \\t]*:[ \\t]*([\\s\\S]*?\\n(?![ \\t]))`, 'gim');
  return [...headerText.matchAll(re)].map((m) => m[1] ?? '');
}

function rewriteHeadersOnly(input: RewriteInput): string {
  const lines = splitLines(pristineHeaderText(input.msg));
  dropSpamMarkup(lines);
  let separator = '';
  if (lines.length > 0 && /^\s*$/.test(lines[lines.length - 1] ?? '')) separator = lines.pop() ?? '';
  const subjectRewrite = input.rewrite.get('Subject');
  if (input.isSpam) rewriteForSpam(lines, input);
  else if (subjectRewrite !== undefined) prefixSubjectForHam(lines, input);
  let pre = '';
  if (lines.length > 0 && /^Return-Path:/i.test(lines[0] ?? '')) {
    pre += lines.shift();
    while (lines.length > 0 && /^[ \t]/.test(lines[0] ?? '')) pre += lines.shift();
  }
  pre += input.isSpam ? input.addedSpam : input.addedHam;
  return fixLineEndings(pre + lines.join('') + separator, input.msg.crlf);
}

/** Old X-Spam-* fields (but not X-Spam-Prev-*) and their continuation lines go. */
function dropSpamMarkup(lines: string[]): void {
  for (let i = 0; i < lines.length; i++) {
    if (!/^X-Spam-(?!Prev-)/i.test(lines[i] ?? '')) continue;
    while (i < lines.length && /^(?:X-Spam-(?!Prev-)|[ \t])/i.test(lines[i] ?? '')) lines.splice(i, 1);
    i--;
  }
}

function rewriteForSpam(lines: string[], input: RewriteInput): void {
  let created = false;
  if (pristineHeader(pristineHeaderText(input.msg), 'Subject').length === 0 && input.rewrite.has('Subject')) {
    lines.push('Subject: \n');
    created = true;
  }
  const count = lines.length;
  for (let i = 0; i < count; i++) {
    const m = /^(From|Subject|To):/i.exec(lines[i] ?? '');
    if (!m) continue;
    const hdr = capitalize(m[1] ?? '');
    const rewriteTag = input.rewrite.get(hdr);
    if (rewriteTag === undefined) continue;
    lines.push(created ? 'X-Spam-Prev-Subject: (nonexistent)\n' : `X-Spam-Prev-${lines[i]}`);
    let tag = rewriteTag.replace(/\n/g, ' ');
    if (hdr === 'From' || hdr === 'To') tag = `(${tag})`;
    let line = lines[i] ?? '';
    if (input.subjPrefix !== undefined) line = prefixOnce(line, input.subjPrefix.replace(/\n/g, ' ').replace(/\s+$/, ''));
    lines[i] = prefixOnce(line, tag);
  }
}

function prefixSubjectForHam(lines: string[], input: RewriteInput): void {
  if (pristineHeader(pristineHeaderText(input.msg), 'Subject').length === 0) lines.push('Subject: \n');
  if (input.subjPrefix === undefined) return;
  const prefix = input.subjPrefix.replace(/\n/g, ' ').replace(/\s+$/, '');
  for (let i = 0; i < lines.length; i++) {
    if (/^Subject:/i.test(lines[i] ?? '')) lines[i] = prefixOnce(lines[i] ?? '', prefix);
  }
}

/** `s/^([^:]+:)[ \t]*(?:\Qtag\E )?/$1 tag /i`: add the tag unless it is already there. */
function prefixOnce(line: string, tag: string): string {
  const re = new RegExp(`^([^:]+:)[ \\t]*(?:${escapeRe(tag)} )?`, 'i');
  return line.replace(re, (_m, name: string) => `${name} ${tag} `);
}

function rewriteReportSafe(input: RewriteInput): { headers: string; body: Buffer } {
  const headerText = pristineHeaderText(input.msg);
  // Message::get_pristine_header: the last pristine value, else (a last header cut off before its
  // newline, which the pristine pattern cannot match) the last decoded value with a newline.
  const last = (name: string): string | undefined => {
    const all = pristineHeader(headerText, name);
    if (all.length > 0) return all[all.length - 1];
    const decoded = input.msg.root.header(name.toLowerCase());
    return decoded.length > 0 ? `${decoded[decoded.length - 1]}\n` : undefined;
  };
  let from = last('From');
  let to = last('To');
  const cc = last('Cc');
  let subject = last('Subject');
  const date = last('Date');
  const msgId = last('Message-Id');
  const subjectTag = input.rewrite.get('Subject');
  if (subjectTag !== undefined) {
    subject ??= '\n';
    if (input.subjPrefix !== undefined) subject = input.subjPrefix.replace(/\n/g, ' ') + subject;
    const tag = subjectTag.replace(/\n/g, ' ');
    subject = subject.replace(new RegExp(`^(?:${escapeRe(tag)} )?`), `${tag} `);
  }
  const toTag = input.rewrite.get('To');
  if (toTag !== undefined) to = appendComment(to ?? '\n', toTag.replace(/\n/g, ' '));
  const fromTag = input.rewrite.get('From');
  if (fromTag !== undefined) from = appendComment(from ?? '\n', fromTag.replace(/\n+/g, ''));
  let head = '';
  if (from !== undefined) head += `From: ${from}`;
  if (to !== undefined) head += `To: ${to}`;
  if (cc !== undefined) head += `Cc: ${cc}`;
  if (subject !== undefined) head += `Subject: ${subject}`;
  if (date !== undefined) head += `Date: ${date}`;
  if (msgId !== undefined) head += `Message-Id: ${msgId}`;
  head += input.addedSpam;
  head = copyHeaders(head, headerText, input.copyHeaders);
  head = `Received: from localhost by ${input.hostname}\n\twith SpamAssassin (version ${input.version});\n\t${rfc2822Date(input.now)}\n${head}`;
  return buildEncapsulation(head, input);
}

function appendComment(value: string, tag: string): string {
  // `s/(?:\t\Q(tag)\E)?$/\t(tag)/`: Perl's $ sits before the value's final newline.
  const core = value.endsWith('\n') ? value.slice(0, -1) : value;
  const nl = value.endsWith('\n') ? '\n' : '';
  const suffix = `\t(${tag})`;
  return (core.endsWith(suffix) ? core : core + suffix) + nl;
}

function copyHeaders(head: string, headerText: string, names: readonly string[]): string {
  const already = new Set(['from', 'to', 'cc', 'subject', 'date', 'message-id']);
  let out = head;
  for (const name of names) {
    if (already.has(name.toLowerCase())) continue;
    already.add(name.toLowerCase());
    const values = pristineHeader(headerText, name);
    const text = values.map((v) => `${name}: ${v}`).join('');
    out = name.toLowerCase() === 'received' ? text + out : out + text;
  }
  return out;
}

function buildEncapsulation(head: string, input: RewriteInput): { headers: string; body: Buffer } {
  const original = input.msg.pristine;
  const originalText = original.toString('latin1');
  let boundary = `----------=_${hex8(Math.floor(input.now.getTime() / 1000))}.${hex8(randomInt(0, 2 ** 32 - 1))}`;
  while (new RegExp(`^${escapeRe(boundary)}(?:--)?$`, 'm').test(originalText)) boundary += `/${hex8(randomInt(0, 2 ** 32 - 1))}`;
  // `get_header('Content-Type')`: the last decoded value, with a newline, so an empty one still counts as not text/plain.
  const types = input.msg.root.header('content-type');
  const ct = types.length > 0 ? `${types[types.length - 1]}\n` : undefined;
  let report = input.report();
  let disposition = 'inline';
  if (ct !== undefined && !/text\/plain/i.test(ct)) {
    disposition = 'attachment';
    report += input.unsafeReport();
  }
  const type = input.reportSafe > 1 ? 'text/plain' : 'message/rfc822';
  const mime =
    `MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="${boundary}"\n\n` +
    `This is a multi-part message in MIME format.\n\n--${boundary}\n` +
    `Content-Type: text/plain; charset=${input.reportCharset}\nContent-Disposition: inline\nContent-Transfer-Encoding: 8bit\n\n` +
    `${report}\n\n--${boundary}\nContent-Type: ${type}; x-spam-type=original\nContent-Description: ${input.description}\n` +
    `Content-Disposition: ${disposition}\nContent-Transfer-Encoding: 8bit\n\n`;
  const trailer = fixLineEndings(`\n--${boundary}--\n\n`, input.msg.crlf);
  const all = fixLineEndings(head + mime, input.msg.crlf);
  // The header section of the new message ends at its first blank line.
  const split = all.indexOf(input.msg.crlf ? '\r\n\r\n' : '\n\n');
  const cut = split + (input.msg.crlf ? 4 : 2);
  const body = Buffer.concat([Buffer.from(all.slice(cut), 'latin1'), original, Buffer.from(trailer, 'latin1')]);
  return { headers: all.slice(0, cut), body };
}

function fixLineEndings(text: string, crlf: boolean): string {
  return crlf ? text.replace(/\r?\n/g, '\r\n') : text;
}

function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function hex8(n: number): string {
  return n.toString(16).toUpperCase().padStart(8, '0');
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** time_to_rfc822_date: local time with numeric zone, e.g. `Wed, 25 Nov 2026 23:56:33 +0000`. */
export function rfc2822Date(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const zone = `${off >= 0 ? '+' : '-'}${pad(Math.trunc(Math.abs(off) / 60))}${pad(Math.abs(off) % 60)}`;
  return `${DAYS[d.getDay()]}, ${pad(d.getDate())} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${zone}`;
}
