/**
 * MIMEEval: MIME structure, encodings and charsets.
 */
import type { ParseFlags } from '../message/types.js';
import type { ScanContext } from '../scan/context-types.js';
import { ANY, BODY, evalDef, type EvalTable } from './define.js';
import { mimeScan } from './mime-stats.js';
import { headerOrUndef, partHeader } from './util/headers.js';
import { isCharsetOkForLocales, localesAcceptAll, myLocales } from './util/locales.js';
import { memo } from './util/memo.js';
import { allParts, rawLines } from './util/mime-tree.js';
import { lcBytes, perlNum } from './util/perl-values.js';

const PLUGIN = 'MIMEEval';

/** The charset parameter of a Content-Type line, as MIMEEval extracts it. */
export function charsetFromCtLine(type: string | undefined): string | undefined {
  if (type === undefined) return undefined;
  const m = /charset="([^"]+)"/i.exec(type) ?? /charset='([^']+)'/i.exec(type) ?? /charset=(\S+)/i.exec(type);
  return m ? m[1] : undefined;
}

function moreHighBitsSet(s: string): boolean {
  const high = s.match(/[^\x00-\x7F]/g)?.length ?? 0;
  return s.length - high <= high && high > 3;
}

function checkForFarawayCharset(ctx: ScanContext, _args: readonly string[], body?: readonly string[]): boolean {
  const locales = myLocales(ctx.conf.okLocales);
  if (localesAcceptAll(locales)) return false;
  const charset = charsetFromCtLine(headerOrUndef(ctx, 'Content-Type'));
  if (charset === undefined || isCharsetOkForLocales(charset, locales)) return false;
  return moreHighBitsSet((body ?? []).join('\n'));
}

const stat = (ctx: ScanContext, key: string): number | undefined => mimeScan(ctx).stats.get(key);

function htmlMime(ctx: ScanContext, only: boolean): boolean {
  if (/^text\/html/i.test(ctx.header('Content-Type'))) return true;
  const html = stat(ctx, 'mime_body_html_count') ?? 0;
  return only ? html > 0 && stat(ctx, 'mime_body_text_count') === 0 : html > 0;
}

const CAPS_PRONE_CHARSET = /^[-_a-z0-9]*(?:koi|jp|jis|euc|gb|big5|isoir|cp1251|windows-1251|georgianps|pt154|tis)[-_a-z0-9]*$/i;

function bodyCharsetLikelyToFp(ctx: ScanContext): boolean {
  const charsets: string[] = [];
  const top = charsetFromCtLine(headerOrUndef(ctx, 'Content-Type'));
  if (top !== undefined) charsets.push(top);
  const all = mimeScan(ctx).charsets;
  if (all !== undefined) charsets.push(...all.split(/\s+/).filter((c) => c !== ''));
  return charsets.some((c) => CAPS_PRONE_CHARSET.test(c));
}

function uppercasePercent(ctx: ScanContext, body: readonly string[]): number {
  return memo(ctx, 'uppercase', () => {
    if (bodyCharsetLikelyToFp(ctx)) return 0;
    let len = 0, lower = 0, upper = 0;
    for (const line0 of body) {
      // Perl's \s on octets (JS's would take \xA0, a byte inside many UTF-8 characters, for a space).
      if (!/[^\t\n\v\f\r ][\t\n\v\f\r ]+[^\t\n\v\f\r ]/.test(line0) || /^(?:[A-Za-z0-9+/=]{60,76} ){2}/.test(line0)) continue;
      const line = line0.replace(/\x1b\$B[\s\S]*\x1b\(B/g, '');
      len += line.length;
      // Counted in a loop: match(/[a-z0-9]/g) built an array of every letter of the body.
      for (let i = 0; i < line.length; i++) {
        const c = line.charCodeAt(i);
        if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) lower++;
        else if (c >= 0x41 && c <= 0x5a) upper++;
      }
    }
    if (len < 200 || upper + lower === 0) return 0;
    return (upper / (upper + lower)) * 100;
  });
}

function checkMaNonText(ctx: ScanContext): boolean {
  for (const alt of allParts(ctx.msg.root).filter((p) => p.type === 'multipart/alternative')) {
    for (const child of alt.children) {
      if (!child.isLeaf) continue;
      if (child.type === 'application/rtf' || /^text\//i.test(child.type)) continue;
      return true;
    }
  }
  return false;
}

function base64Length(ctx: ScanContext): number {
  return memo(ctx, 'base64_length', () => {
    let longest = 0;
    for (const part of allParts(ctx.msg.root).filter((p) => p.isLeaf)) {
      if (part.type === 'application/ics') continue;
      if (!/^base64$/.test(lcBytes(partHeader(part, 'Content-Transfer-Encoding') ?? ''))) continue;
      for (const line of rawLines(part)) longest = Math.max(longest, line.length);
    }
    return longest;
  });
}

/** check_msg_parse_flags names → the parser's flags. */
const PARSE_FLAGS: Record<string, (f: ParseFlags) => boolean | undefined> = {
  missing_head_body_separator: (f) => f.missingHeadBodySeparator,
  truncated_header: (f) => f.truncatedHeader,
  missing_mime_head_body_separator: (f) => f.missingMimeHeadBodySeparator,
  missing_mime_headers: (f) => f.missingMimeHeaders,
  mime_epilogue_exists: (f) => f.mimeEpilogueExists,
  mimepart_limit_exceeded: (f) => f.limitReached !== undefined && /part/i.test(f.limitReached),
};

export const mimeEvals: EvalTable = {
  check_for_mime: evalDef(PLUGIN, BODY, (ctx, args) => (stat(ctx, args[0] ?? '') ?? 0) !== 0),
  check_for_mime_html: evalDef(PLUGIN, BODY, (ctx) => htmlMime(ctx, false)),
  check_for_mime_html_only: evalDef(PLUGIN, BODY, (ctx) => htmlMime(ctx, true)),
  check_mime_multipart_ratio: evalDef(PLUGIN, BODY, (ctx, args) => {
    const r = stat(ctx, 'mime_multipart_ratio') ?? 1;
    return r >= perlNum(args[0]) && r < perlNum(args[1]);
  }),
  check_msg_parse_flags: evalDef(PLUGIN, ANY, (ctx, args) => PARSE_FLAGS[args[0] ?? '']?.(ctx.msg.flags) === true),
  check_for_ascii_text_illegal: evalDef(PLUGIN, BODY, (ctx) => (stat(ctx, 'mime_ascii_text_illegal') ?? 0) > 0),
  check_abundant_unicode_ratio: evalDef(PLUGIN, BODY, (ctx, args) => {
    const ratio = args[0] ?? '';
    if (!/^\d{0,3}\.\d{1,3}$/.test(ratio)) return false;
    return (stat(ctx, 'mime_text_unicode_ratio') ?? 0) >= perlNum(ratio);
  }),
  check_for_faraway_charset: evalDef(PLUGIN, BODY, checkForFarawayCharset),
  check_for_uppercase: evalDef(PLUGIN, BODY, (ctx, args, body) => {
    const pct = uppercasePercent(ctx, body ?? ctx.rendered().body);
    return pct > perlNum(args[0]) && pct <= perlNum(args[1]);
  }),
  check_ma_non_text: evalDef(PLUGIN, BODY, checkMaNonText),
  check_base64_length: evalDef(PLUGIN, BODY, (ctx, args) => {
    const len = base64Length(ctx);
    if (args[1] !== undefined && len > perlNum(args[1])) return false;
    return len >= perlNum(args[0]);
  }),
  check_qp_ratio: evalDef(PLUGIN, BODY, (ctx, args) => (stat(ctx, 'mime_qp_ratio') ?? 0) >= perlNum(args[0])),
};
