/**
 * The message as it was before SpamAssassin (or Spamward) marked it up, as
 * `spamassassin -d` prints it and sa-learn learns it:
 *  - a report_safe wrapper gives back the original it carries (the part
 *    marked `x-spam-type=original`, or a message/rfc822 part with the
 *    encapsulation description);
 *  - otherwise the header section loses every X-Spam-* field, the fields a
 *    rewrite changed get their X-Spam-Prev-* value back (a Subject that did
 *    not exist goes again), markup of older versions without X-Spam-Prev-*
 *    (the rewrite_header tag in front of Subject, a `(tag)` comment after
 *    From/To) and a 2.4x "SPAM: ----" report at the top of the body go too.
 * The line ending of the message is kept; the mbox separator stays in front.
 */
import type { EngineConfig } from '../config/types.js';
import { quoteRegExp, splitLines } from '../message/octets.js';
import type { ParsedMessage } from '../message/types.js';

export interface MarkupSettings {
  /** rewrite_header, by header name: the tags older versions left without an X-Spam-Prev-* copy. */
  rewriteHeaders: ReadonlyMap<string, string>;
  /** encapsulated_content_description: how an original without x-spam-type is recognised. */
  encapsulatedDescription: string;
}

export function markupSettingsOf(conf: EngineConfig): MarkupSettings {
  return {
    rewriteHeaders: conf.rewriteHeader,
    encapsulatedDescription: conf.other.get('encapsulated_content_description') ?? 'original message before SpamAssassin',
  };
}

/** True when the message says a checker marked it (sa-learn removes the markup of such a message before learning it). */
export function hasCheckerMark(msg: ParsedMessage): boolean {
  return msg.root.header('x-spam-checker-version').length > 0;
}

export function removeMarkup(msg: ParsedMessage, settings: MarkupSettings): Buffer {
  const mbox = msg.mboxSeparator ?? '';
  const original = encapsulatedOriginal(msg, settings.encapsulatedDescription);
  if (original !== undefined) return Buffer.from(mbox + original, 'latin1');
  return Buffer.from(mbox + cleanedHeaders(msg, settings.rewriteHeaders) + cleanedBody(msg), 'latin1');
}

// Perl's \s on bytes (JS's \s also takes \xA0 and more).
const BLANK_LINE = /^[\t\n\x0b\f\r ]*$/;

/** The body lines of a report_safe wrapper's original part, or undefined when the message is no such wrapper. */
function encapsulatedOriginal(msg: ParsedMessage, description: string): string | undefined {
  const types = msg.root.header('content-type');
  const type = types.length > 0 ? types[types.length - 1] : '';
  const boundary = /^\s*multipart\/mixed;\s+boundary\s*=\s*["']?(.+?)["']?(?:;|$)/i.exec(type ?? '')?.[1];
  if (boundary === undefined) return undefined;
  const lines = splitLines(msg.pristineBody.toString('latin1'));
  const opens = new RegExp(`^--${quoteRegExp(boundary)}\\r?\\n?$`);
  let inHeader = false;
  let partType = '';
  let partDescription = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (!inHeader && !opens.test(line)) continue;
    if (BLANK_LINE.test(line)) {
      if (isOriginal(partType, partDescription, description)) return bodyUntilBoundary(lines.slice(i + 1), boundary);
      inHeader = false;
      partType = '';
      partDescription = '';
      continue;
    }
    inHeader = true;
    const field = /^(Content-Type|Content-Description):[\t\n\x0b\f\r ]+([^\n]+?)[\t\n\x0b\f\r ]*$/i.exec(line);
    if (field?.[1]?.toLowerCase() === 'content-type') partType = field[2] as string;
    else if (field) partDescription = field[2] as string;
  }
  return undefined;
}

function isOriginal(type: string, partDescription: string, description: string): boolean {
  return /^(?:message\/rfc822|text\/plain);\s+x-spam-type=original/.test(type) || (type === 'message/rfc822' && partDescription === description);
}

/** The part's lines up to its closing boundary, without the blank line before it when there is one. */
function bodyUntilBoundary(lines: string[], boundary: string): string {
  const closing = lines.findIndex((l) => l.startsWith(`--${boundary}`));
  if (closing < 0) return lines.join('');
  // SpamAssassin looks at the line before the boundary; before the first line that is the last one (Perl's $msg[-1]).
  const before = closing === 0 ? lines[lines.length - 1] : lines[closing - 1];
  if (/\S/.test(before ?? '')) return lines.slice(0, closing).join('');
  return closing === 0 ? lines.slice(0, -1).join('') : lines.slice(0, closing - 1).join('');
}

function cleanedHeaders(msg: ParsedMessage, rewriteHeaders: ReadonlyMap<string, string>): string {
  let hdrs = msg.pristineHeaders.toString('latin1').replace(/\r?\n/g, '\n');
  hdrs = unfoldOwnFields(hdrs);
  hdrs = dropUnrecordedRewrites(hdrs, rewriteHeaders);
  hdrs = dropCreatedSubject(hdrs);
  hdrs = restorePreviousValues(hdrs);
  const ownField = /(^|\n)X-Spam-[^\n]*\n/g;
  for (let next = hdrs.replace(ownField, '$1'); next !== hdrs; next = hdrs.replace(ownField, '$1')) hdrs = next;
  return withLineEnding(hdrs, msg.crlf);
}

function cleanedBody(msg: ParsedMessage): string {
  let body = msg.pristineBody.toString('latin1').replace(/\r?\n/g, '\n');
  // A 2.4x report: dashes, SPAM: lines, dashes and a blank line, at the very top of the body.
  const oldReport = /^\n?SPAM: -{4}[^\n]+\n(?:SPAM:[^\n]*\n)*SPAM: -{4}[^\n]+\n\n/;
  while (oldReport.test(body)) body = body.replace(oldReport, '');
  return withLineEnding(body, msg.crlf);
}

const withLineEnding = (text: string, crlf: boolean): string => (crlf ? text.replace(/\n/g, '\r\n') : text);

/** X-Spam-* fields (not X-Spam-Prev-*) on one line each, so that they can go line by line. */
function unfoldOwnFields(hdrs: string): string {
  const folded = /((?:^|\n)X-Spam-(?!Prev)[^\n]+?)\n[ \t]+(\S[^\n]*\n)/g;
  let out = hdrs;
  for (let next = out.replace(folded, '$1 $2'); next !== out; next = out.replace(folded, '$1 $2')) out = next;
  return out;
}

/** Rewrites recorded by no X-Spam-Prev-* field (versions before 3.0): the tag is taken off again. */
function dropUnrecordedRewrites(hdrs: string, rewriteHeaders: ReadonlyMap<string, string>): string {
  let out = hdrs;
  for (const [name, tag] of rewriteHeaders) {
    if (new RegExp(`^X-Spam-Prev-${quoteRegExp(name)}:`, 'im').test(out)) continue;
    if (name === 'Subject') {
      // A score in the tag was printed as two digits, a dot and two digits.
      const pattern = quoteRegExp(tag).replace(/_(?:HITS|SCORE|REQD)_/g, '\\d{2}\\.\\d{2}');
      const tagged = new RegExp(`^Subject: ${pattern} `, 'gm');
      for (let next = out.replace(tagged, 'Subject: '); next !== out; next = out.replace(tagged, 'Subject: ')) out = next;
    } else {
      out = out.replace(new RegExp(`^(${quoteRegExp(name)}:[ \\t][^\\n]*?)\\t\\([^)]*\\)$`, 'gm'), '$1');
    }
  }
  return out;
}

/** A Subject that only the rewrite created (X-Spam-Prev-Subject: (nonexistent)) goes with its record. */
function dropCreatedSubject(hdrs: string): string {
  if (!/^X-Spam-Prev-Subject:\s*\(nonexistent\)$/m.test(hdrs) || /^Subject:[^\n]*\(nonexistent\)/m.test(hdrs)) return hdrs;
  // As SpamAssassin writes these two substitutions: each leaves a newline where it matched, and the
  // second (Perl's /s) lets its `.*` run over line ends to the last one.
  return hdrs
    .replace(/(^|\n)X-Spam-Prev-Subject:\s*\(nonexistent\)\n/, '$1\n')
    .replace(/(^|\n)Subject:\s*[ \t]*[\s\S]*\n(?:\s+\S[\s\S]*\n)*/, '$1\n');
}

/** Each X-Spam-Prev-NAME field replaces the current NAME field (or is put back at the end of the section). */
function restorePreviousValues(hdrs: string): string {
  let out = hdrs;
  const record = /^X-Spam-Prev-(([^:]+:)[ \t]*[^\n]*\n(?:\s+\S[^\n]*\n)*)/m;
  for (let m = record.exec(out); m; m = record.exec(out)) {
    const [whole, previous, name] = m as unknown as [string, string, string];
    out = out.slice(0, m.index) + out.slice(m.index + whole.length);
    const current = new RegExp(`^${quoteRegExp(name)}[ \\t]*[^\\n]*\\n(?:\\s+\\S[^\\n]*\\n)*`, 'm');
    if (current.test(out)) out = out.replace(current, () => previous);
    else out = out.replace('\n\n', () => `\n${previous}\n`);
  }
  return out;
}
