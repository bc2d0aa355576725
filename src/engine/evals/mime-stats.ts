/**
 * MIMEEval's one pass over the MIME tree (`_check_attachments`): part
 * counts by type and encoding, charset findings, quoted-printable
 * statistics and the text/HTML size ratio of multipart/alternative mail.
 */
import { parseContentType } from '../message/content-type.js';
import type { MimePart } from '../message/types.js';
import type { ScanContext } from '../scan/context-types.js';
import { partHeader } from './util/headers.js';
import { isCharsetOkForLocales, localesAcceptAll, myLocales } from './util/locales.js';
import { memo } from './util/memo.js';
import { allParts, rawLines } from './util/mime-tree.js';
import { lcBytes } from './util/perl-values.js';

/** The `$pms->{mime_*}` values by SpamAssassin's key; absent keys were never set. */
export type MimeStats = Map<string, number>;

export interface MimeScan {
  stats: MimeStats;
  /** Charsets of all parts, space-joined (`mime_html_charsets`), or undefined. */
  charsets: string | undefined;
}

const ASCII_ALIASES = /(?:us-ascii|ansi_x3\.4-1968|iso-ir-6|ansi_x3\.4-1986|iso_646\.irv:1991|ascii|iso646-us|us|ibm367|cp367|csascii)/;

function bump(stats: MimeStats, key: string): void {
  stats.set(key, (stats.get(key) ?? 0) + 1);
}

interface PartHeaders { ctype: string; cte: string; cd: string; charset: string }

function headerFacts(ctx: ScanContext, scan: MimeScan, h: PartHeaders): void {
  const { stats } = scan;
  if (h.ctype === 'text/html') bump(stats, 'mime_body_html_count');
  else if (/^text/i.test(h.ctype)) bump(stats, 'mime_body_text_count');
  if (h.cte.includes('base64')) bump(stats, 'mime_base64_count');
  else if (h.cte.includes('quoted-printable')) bump(stats, 'mime_qp_count');
  if (h.cd.includes('attachment')) bump(stats, 'mime_attachment');
  if (/^text/.test(h.ctype) && h.cte.includes('base64') && (h.charset === '' || ASCII_ALIASES.test(h.charset)) &&
    !/^(?:attachment|inline)/.test(h.cd)) stats.set('mime_base64_encoded_text', 1);
  if (/iso-\S+-\S+\b/i.test(h.charset) && !/iso-(?:8859-\d{1,2}|2022-(?:jp|kr))\b/.test(h.charset)) {
    stats.set('mime_bad_iso_charset', 1);
  }
  if (!/[a-z]/i.test(h.charset)) return;
  scan.charsets = scan.charsets === undefined ? h.charset : `${scan.charsets} ${h.charset}`;
  if (stats.get('mime_faraway_charset')) return;
  const locales = myLocales(ctx.conf.okLocales);
  if (!localesAcceptAll(locales) && !isCharsetOkForLocales(h.charset, locales)) stats.set('mime_faraway_charset', 1);
}

interface Accumulators {
  qpBytes: number; qpCount: number; normalChars: number; unicodeChars: number;
  partBytes: (number | undefined)[]; partType: string[];
}

const QP_ENCODED = /=(?:09|3[0-9ABCEF]|[2456][0-9A-F]|7[0-9A-E])/g;

function lineFacts(scan: MimeScan, acc: Accumulators, h: PartHeaders, index: number, line: string): void {
  const { stats } = scan;
  if (stats.get('mime_multipart_alternative') && !h.cd.includes('attachment') &&
    (h.ctype === 'text/plain' || h.ctype === 'text/html')) acc.partBytes[index] = (acc.partBytes[index] ?? 0) + line.length;
  if (h.cte === 'quoted-printable' && !line.startsWith('SPAM: ')) {
    if (line.length > 79) stats.set('mime_qp_long_line', 1);
    acc.qpBytes += line.length;
    const qp = line.includes('=') ? (line.match(QP_ENCODED)?.length ?? 0) : 0;
    if (qp > 0) {
      acc.qpCount += qp;
      const trailing = /((?:=09|=20)+)[\t\n\v\f\r ]*$/.exec(line);
      if (trailing) acc.qpCount -= (trailing[1] ?? '').length / 3;
    }
  }
  if (h.ctype === 'text/plain' && (h.charset === '' || h.charset === 'us-ascii') && /[\x00\x0d\x80-\xff]/.test(line)) {
    bump(stats, 'mime_ascii_text_illegal');
  }
  if (h.ctype === 'text/plain' && (h.cte === '' || h.cte === '7bit' || h.cte === '8bit')) {
    const subs = line.match(/&#x[0-9A-F]{4};/g)?.length ?? 0;
    acc.normalChars += line.length - subs * 8;
    acc.unicodeChars += subs;
  }
}

/**
 * Whether any of lineFacts' checks applies to the part: an image or a
 * base64 attachment needs none, and splitting its body into lines was most
 * of this pass's cost on mail that carries one.
 */
function readsLines(scan: MimeScan, h: PartHeaders): boolean {
  const textPart = h.ctype === 'text/plain' || h.ctype === 'text/html';
  if (textPart && scan.stats.get('mime_multipart_alternative') && !h.cd.includes('attachment')) return true;
  return h.cte === 'quoted-printable' || h.ctype === 'text/plain';
}

/**
 * MIMEEval reads each part's type and charset from its Content-Type header
 * again, not what the parser settled on: a multipart without a boundary,
 * parsed as text/plain, still counts as multipart here, and a part without
 * the header has SpamAssassin's default charset, us-ascii.
 */
function partHeaderFacts(part: MimePart): PartHeaders {
  const ct = parseContentType(part.header('content-type'));
  return {
    ctype: ct.type,
    cte: lcBytes(partHeader(part, 'Content-Transfer-Encoding') ?? ''),
    cd: lcBytes(partHeader(part, 'Content-Disposition') ?? ''),
    charset: lcBytes(ct.charset ?? ''),
  };
}

function multipartRatio(acc: Accumulators, last: number): number | undefined {
  let text: number | undefined;
  let html: number | undefined;
  for (let i = last; i >= 0; i--) {
    const bytes = acc.partBytes[i];
    if (bytes === undefined) continue;
    if (html === undefined && acc.partType[i] === 'text/html') html = bytes;
    else if (text === undefined && acc.partType[i] === 'text/plain') text = bytes;
    if (html !== undefined && text !== undefined) break;
  }
  return text !== undefined && html !== undefined && html > 0 ? text / html : undefined;
}

const INITIAL_KEYS = [
  'mime_base64_count', 'mime_base64_encoded_text', 'mime_body_html_count', 'mime_body_text_count', 'mime_faraway_charset',
  'mime_missing_boundary', 'mime_multipart_alternative', 'mime_qp_count', 'mime_qp_long_line', 'mime_qp_ratio',
  'mime_ascii_text_illegal', 'mime_text_unicode_ratio',
];

export function mimeScan(ctx: ScanContext): MimeScan {
  return memo(ctx, 'mime_checked_attachments', () => {
    const scan: MimeScan = { stats: new Map(INITIAL_KEYS.map((k) => [k, 0])), charsets: undefined };
    scan.stats.set('mime_multipart_ratio', 1);
    const acc: Accumulators = { qpBytes: 0, qpCount: 0, normalChars: 0, unicodeChars: 0, partBytes: [], partType: [] };
    let index = -1;
    for (const part of allParts(ctx.msg.root)) {
      const h = partHeaderFacts(part);
      if (h.ctype === 'multipart/alternative') scan.stats.set('mime_multipart_alternative', 1);
      headerFacts(ctx, scan, h);
      if (!part.isLeaf) continue;
      index++;
      acc.partType[index] = h.ctype;
      if (!h.cd.includes('attachment')) acc.partBytes[index] = 0;
      if (!readsLines(scan, h)) continue;
      for (const raw of rawLines(part)) lineFacts(scan, acc, h, index, ctx.msg.crlf ? raw.replace(/\r\n$/, '\n') : raw);
    }
    if (acc.qpBytes > 0) {
      scan.stats.set('mime_qp_ratio', acc.qpCount / acc.qpBytes);
      scan.stats.set('mime_qp_count', acc.qpCount);
      scan.stats.set('mime_qp_bytes', acc.qpBytes);
    }
    if (acc.normalChars > 0) scan.stats.set('mime_text_unicode_ratio', acc.unicodeChars / acc.normalChars);
    const ratio = scan.stats.get('mime_multipart_alternative') ? multipartRatio(acc, index) : undefined;
    if (ratio !== undefined) scan.stats.set('mime_multipart_ratio', ratio);
    if (ctx.msg.flags.mimeBoundaryMissing) scan.stats.set('mime_missing_boundary', 1);
    return scan;
  });
}
