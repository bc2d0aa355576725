/**
 * BodyEval: shape of the body text (length, blank lines, vertical words,
 * stock-tip vocabulary, text vs HTML alternative agreement).
 */
import type { HtmlResults } from '../message/analysis-types.js';
import type { MimePart } from '../message/types.js';
import type { ScanContext } from '../scan/context-types.js';
import { BODY, evalDef, type EvalTable } from './define.js';
import { memo } from './util/memo.js';
import { allParts } from './util/mime-tree.js';
import { isUndefArg, lcBytes, perlNum } from './util/perl-values.js';

const PLUGIN = 'BodyEval';

interface Rendered { type: string; text: string; chars: boolean; html?: HtmlResults }

/** Node::rendered for a text part: what the renderer produced for that leaf. */
function renderedOf(ctx: ScanContext, part: MimePart): Rendered | undefined {
  const byPart = memo(ctx, 'rendered_by_part', () => {
    const map = new Map<MimePart, Rendered>();
    for (const tp of ctx.rendered().textParts) {
      if (tp.part) map.set(tp.part, { type: tp.type, text: tp.text, chars: tp.chars, html: tp.html });
    }
    return map;
  });
  return byPart.get(part);
}

// Perl's \s and \w: on characters (a decoded part) by Unicode properties, where \s takes U+0085
// and not U+FEFF, and \w is Alphabetic, decimal digits, marks, connector punctuation and the
// joiners (not other numbers such as ³); on octets, ASCII only.
const UNICODE_SPACES = /[\t\n\x0b\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u;
const UNICODE_WORD = /[\p{Alphabetic}\p{Nd}\p{M}\p{Pc}\p{Join_Control}]/u;
const ASCII_SPACES = /[\t\n\x0b\f\r ]+/;
const ASCII_WORD = /\w/;

/** `grep(/\w/, split(/\s+/, $rnd))`. */
function words(r: Rendered): string[] {
  const [spaces, word] = r.chars ? [UNICODE_SPACES, UNICODE_WORD] : [ASCII_SPACES, ASCII_WORD];
  return r.text.split(spaces).filter((w) => word.test(w));
}

interface MaDiff { diff: number; html: number; text: number }

function countWords(into: Map<string, number>, r: Rendered): void {
  for (const w of words(r)) into.set(w, (into.get(w) ?? 0) + 1);
}

function summaryIsCalendarInvite(root: MimePart): boolean {
  const types = allParts(root).map((p) => p.type);
  return types.length === 3 && types[0] === 'multipart/alternative' && types[1] === 'text/html' && types[2] === 'text/calendar';
}

function alternativeDifference(ctx: ScanContext): MaDiff {
  return memo(ctx, 'madiff', () => {
    const result = { diff: 0, html: 0, text: 0 };
    const alternatives = allParts(ctx.msg.root).filter((p) => /^multipart\/alternative\b/.test(p.type));
    if (alternatives.length === 0 || summaryIsCalendarInvite(ctx.msg.root)) return result;
    for (const alt of alternatives) {
      const html = new Map<string, number>();
      const text = new Map<string, number>();
      for (const part of allParts(alt).filter((p) => /^text\b/.test(p.type))) {
        const r = renderedOf(ctx, part);
        if (!r) continue;
        if (r.type === 'text/html') {
          countWords(html, r);
          if (html.size === 0 && r.html?.inside.has('img')) html.set('\n', 1);
        } else countWords(text, r);
      }
      const orig = html.size;
      if (orig === 0) continue;
      result.html = orig;
      result.text = text.size;
      for (const [k, v] of text) {
        const h = html.get(k);
        if (h !== undefined && h - v < 1) html.delete(k);
      }
      result.diff = Math.max(result.diff, (html.size / orig) * 100);
    }
    return result;
  });
}

function blankLineRatio(ctx: ScanContext, minlines: number): number {
  const cache = memo(ctx, 'blank_line_ratio', () => new Map<number, number>());
  let ratio = cache.get(minlines);
  if (ratio === undefined) {
    let blank = 0, nlines = 0;
    for (const chunk of ctx.rendered().rawbody) {
      for (const line of chunk.split(/(?<=\n)/)) {
        nlines++;
        if (!/[^\t\n\v\f\r ]/.test(line)) blank++;
      }
    }
    ratio = nlines < minlines ? -1 : (100 * blank) / nlines;
    cache.set(minlines, ratio);
  }
  return ratio;
}

function verticalWords(ctx: ScanContext, text: readonly string[]): number {
  return memo(ctx, 'tvd_vertical_words', () => {
    let max = -1;
    for (const line of text) {
      const l = line.length;
      if (l <= 5) continue;
      const spaces = line.split(' ').length - 1;
      const nonspaces = l - spaces;
      const pct = spaces > nonspaces || nonspaces === 0 ? 100 : Math.trunc((100 * spaces) / nonspaces);
      max = Math.max(max, pct);
    }
    return max;
  });
}

const MAX_BODY_LINE_LENGTH = 2048;

/** Message::split_into_array_of_short_paragraphs: pieces of at most about 4 KiB, cut at a newline, '>' or space. */
export function shortParagraphs(text: string): string[] {
  const n = text.length;
  if (n <= MAX_BODY_LINE_LENGTH) return [text];
  const out: string[] = [];
  let ofs = 0;
  const cutAt = (ch: string): number => {
    const j = text.indexOf(ch, ofs + MAX_BODY_LINE_LENGTH);
    return j < 0 || j - ofs + 1 > 2 * MAX_BODY_LINE_LENGTH ? -1 : j;
  };
  while (n - ofs > 2 * MAX_BODY_LINE_LENGTH) {
    let j = cutAt('\n');
    if (j < 0) j = cutAt('>');
    if (j < 0) j = cutAt(' ');
    if (j < 0) j = ofs + MAX_BODY_LINE_LENGTH;
    out.push(text.slice(ofs, j + 1));
    ofs = j + 1;
  }
  if (ofs < n) out.push(text.slice(ofs));
  return out;
}

const STOCK_LABEL = /^(trad(?:e|ing)date|company(?:name)?|s\w?(?:t\w?o\w?c\w?k|y\w?m(?:\w?b\w?o\w?l)?)|t(?:arget|icker)|(?:opening|current)p(?:rice)?|p(?:rojected|osition)|expectations|weeks?high|marketperformance|(?:year|week|month|day|price)(?:target|estimates?)|sector|r(?:ecommendation|ating))$/;

function stockInfo(ctx: ScanContext): number {
  return memo(ctx, 'stock_info', () => {
    const first = allParts(ctx.msg.root).find((p) => /^text\/plain$/.test(p.type));
    const r = first ? renderedOf(ctx, first) : undefined;
    if (!r) return 0;
    const hits = new Set<string>();
    for (const chunk of shortParagraphs(r.text)) {
      for (const m of chunk.matchAll(/^[\t\n\v\f\r ]*([^:\t\n\v\f\r ][^:\n]{2,29})[\t\n\v\f\r ]*:[\t\n\v\f\r ]*[^\t\n\v\f\r ]/gm)) {
        const label = lcBytes(m[1] ?? '').replace(/[^a-z]/g, '');
        const hit = STOCK_LABEL.exec(label);
        if (hit) hits.add(hit[1] ?? '');
      }
    }
    return hits.size;
  });
}

export const bodyEvals: EvalTable = {
  multipart_alternative_difference: evalDef(PLUGIN, BODY, (ctx, args) => {
    const d = alternativeDifference(ctx).diff;
    const [min, max] = args;
    return (perlNum(min) === 0 || d > perlNum(min)) && (max === 'undef' || d <= perlNum(max));
  }),
  multipart_alternative_difference_count: evalDef(PLUGIN, BODY, (ctx, args) => {
    const d = alternativeDifference(ctx);
    if (!(d.html > perlNum(args[1]))) return false;
    return d.text / d.html > perlNum(args[0]);
  }),
  check_blank_line_ratio: evalDef(PLUGIN, BODY, (ctx, args) => {
    const [min0, max0, minlines0] = args;
    const minlines = minlines0 === undefined || perlNum(minlines0) < 1 ? 1 : perlNum(minlines0);
    const r = blankLineRatio(ctx, minlines);
    const min = perlNum(min0), max = perlNum(max0);
    return (min === 0 && r <= max) || (r > min && r <= max);
  }),
  tvd_vertical_words: evalDef(PLUGIN, BODY, (ctx, args, text) => {
    const max = perlNum(args[1]) >= 100 ? 101 : perlNum(args[1]);
    const v = verticalWords(ctx, text ?? ctx.rendered().body);
    return v >= perlNum(args[0]) && v < max;
  }),
  check_stock_info: evalDef(PLUGIN, BODY, (ctx, args) => {
    const min = perlNum(args[0]);
    return min === 0 || stockInfo(ctx) >= min;
  }),
  check_body_length: evalDef(PLUGIN, BODY, (ctx, args) => ctx.msg.pristineBody.length <= perlNum(args[0])),
  ...plaintextSigEvals(),
};

interface SigRatio { bodyLength: number; sigLength: number; ratio: number }

function plaintextSig(ctx: ScanContext): SigRatio | undefined {
  return memo(ctx, 'plaintext_body_sig_ratio', () => {
    const part = allParts(ctx.msg.root).find((p) => /^text\/plain/.test(p.type));
    if (!part) return undefined;
    const text = part.decoded().toString('latin1');
    let bodyLength = text.length;
    let sigLength = 0;
    for (const m of text.matchAll(/^-- ?\r?$/gm)) {
      const end = m.index + m[0].length;
      // A separator followed by almost nothing is not a signature.
      if (text.length - end <= 4) continue;
      bodyLength = m.index;
      sigLength = text.length - end;
    }
    return { bodyLength, sigLength, ratio: sigLength ? bodyLength / sigLength : 10 ** 6 };
  });
}

function inRange(value: number | undefined, args: readonly string[]): boolean {
  if (value === undefined) return false;
  return value >= perlNum(args[0]) && (isUndefArg(args[1]) || value <= perlNum(args[1]));
}

function plaintextSigEvals(): EvalTable {
  return {
    plaintext_body_length: evalDef(PLUGIN, BODY, (ctx, args) => inRange(plaintextSig(ctx)?.bodyLength, args)),
    plaintext_sig_length: evalDef(PLUGIN, BODY, (ctx, args) => inRange(plaintextSig(ctx)?.sigLength, args)),
    plaintext_body_sig_ratio: evalDef(PLUGIN, BODY, (ctx, args) => {
      const r = plaintextSig(ctx)?.ratio;
      // SpamAssassin's missing-max branch yields 10**6 (true) rather than comparing.
      return r !== undefined && r >= perlNum(args[0]) && (args[1] === undefined || r <= perlNum(args[1]));
    }),
  };
}
