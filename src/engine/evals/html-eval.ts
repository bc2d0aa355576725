/**
 * HTMLEval: tests on the HTML parser's results. SpamAssassin runs each test
 * over every rendered HTML part (`html_all`) and hits when any part does.
 */
import type { HtmlResults } from '../message/analysis-types.js';
import type { ScanContext } from '../scan/context-types.js';
import { BODY, evalDef, type EvalTable } from './define.js';
import { evalValueExpr } from './util/compare-expr.js';
import { isCharsetOkForLocales, localesAcceptAll, myLocales } from './util/locales.js';
import { compileArgRegex } from './util/perl-regex-arg.js';
import { perlNum, perlTrue } from './util/perl-values.js';

const PLUGIN = 'HTMLEval';

function htmlAll(ctx: ScanContext): readonly HtmlResults[] {
  return ctx.rendered().html;
}

/** A scalar result by SpamAssassin key, falling back on the typed fields. */
export function htmlValue(html: HtmlResults, key: string): number | string | undefined {
  const v = html.values.get(key);
  if (v !== undefined) return v;
  if (key === 'length') return html.length;
  if (key === 'non_space_len') return html.nonSpaceLength;
  if (key === 'image_area') return html.imageArea;
  return undefined;
}

/** An array result by SpamAssassin key (`comment`, `title`, `anchor` …). */
export function htmlArray(html: HtmlResults, key: string): readonly string[] | undefined {
  const a = html.arrays?.get(key);
  if (a !== undefined) return a;
  if (key === 'title') return html.title;
  if (key === 'anchor') return html.anchorText;
  return undefined;
}

function tagBalance(ctx: ScanContext, args: readonly string[]): boolean {
  const [tag = '', expr = ''] = args;
  if (!/^[a-zA-Z0-9]+$/.test(tag)) return false;
  return htmlAll(ctx).some((html) => {
    const v = html.inside.get(tag);
    return v !== undefined && evalValueExpr(v, expr);
  });
}

function imageOnly(ctx: ScanContext, args: readonly string[]): boolean {
  const min = perlNum(args[0]), max = perlNum(args[1]);
  return htmlAll(ctx).some((html) => {
    const len = perlNum(htmlValue(html, 'length'));
    return html.inside.has('img') && len > min && len <= max;
  });
}

function imageRatio(ctx: ScanContext, args: readonly string[]): boolean {
  const min = perlNum(args[0]), max = perlNum(args[1]);
  return htmlAll(ctx).some((html) => {
    const area = perlNum(htmlValue(html, 'image_area'));
    if (!(area > 0)) return false;
    const ratio = perlNum(htmlValue(html, 'non_space_len')) / area;
    return ratio > min && ratio <= max;
  });
}

function charsetFaraway(ctx: ScanContext): boolean {
  const locales = myLocales(ctx.conf.okLocales);
  if (localesAcceptAll(locales)) return false;
  return htmlAll(ctx).some((html) => {
    const charsets = htmlValue(html, 'charsets');
    if (charsets === undefined) return false;
    let okay = 0, bad = 0;
    for (const c of String(charsets).split(/\s+/).filter((x) => x !== '')) {
      if (isCharsetOkForLocales(c, locales)) okay++;
      else bad++;
    }
    return bad > 0 && bad >= okay;
  });
}

function textMatch(ctx: ScanContext, args: readonly string[], negate: boolean): boolean {
  const re = compileArgRegex(args[1] ?? '');
  if (!re) return false;
  return htmlAll(ctx).some((html) => (htmlArray(html, args[0] ?? '') ?? []).some((s) => re.test(s) !== negate));
}

function titleSubjectRatio(ctx: ScanContext, args: readonly string[]): boolean {
  const subject = ctx.header('Subject');
  if (subject === '') return false;
  const limit = perlNum(args[0]);
  return htmlAll(ctx).some((html) => {
    let max = 0;
    for (const title of htmlArray(html, 'title') ?? []) {
      if (perlTrue(title)) max = Math.max(max, title.length / subject.length);
    }
    return max > limit;
  });
}

function range(ctx: ScanContext, args: readonly string[]): boolean {
  const [test = '', min0, max0] = args;
  const min = perlNum(min0);
  return htmlAll(ctx).some((html) => {
    const value = htmlValue(html, test);
    if (value === undefined) return false;
    if (max0 === undefined || max0 === 'inf') return perlNum(value) > min;
    if (value === 'inf') return false;
    return perlNum(value) > min && perlNum(value) <= perlNum(max0);
  });
}

function iframeSrc(ctx: ScanContext): boolean {
  for (const detail of ctx.uriDetails().values()) if (detail.types.has('iframe')) return true;
  return false;
}

export const htmlEvals: EvalTable = {
  html_tag_balance: evalDef(PLUGIN, BODY, tagBalance),
  html_image_only: evalDef(PLUGIN, BODY, imageOnly),
  html_image_ratio: evalDef(PLUGIN, BODY, imageRatio),
  html_charset_faraway: evalDef(PLUGIN, BODY, charsetFaraway),
  html_tag_exists: evalDef(PLUGIN, BODY, (ctx, args) => htmlAll(ctx).some((h) => h.inside.has(args[0] ?? ''))),
  html_test: evalDef(PLUGIN, BODY, (ctx, args) => htmlAll(ctx).some((h) => perlTrue(htmlValue(h, args[0] ?? '')))),
  html_eval: evalDef(PLUGIN, BODY, (ctx, args) => htmlAll(ctx).some((h) => {
    const v = htmlValue(h, args[0] ?? '');
    return v !== undefined && evalValueExpr(perlNum(v), args[1] ?? '');
  })),
  html_text_match: evalDef(PLUGIN, BODY, (ctx, args) => textMatch(ctx, args, false)),
  html_title_subject_ratio: evalDef(PLUGIN, BODY, titleSubjectRatio),
  html_text_not_match: evalDef(PLUGIN, BODY, (ctx, args) => textMatch(ctx, args, true)),
  html_range: evalDef(PLUGIN, BODY, range),
  check_iframe_src: evalDef(PLUGIN, BODY, iframeSrc),
};
