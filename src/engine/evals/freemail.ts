/**
 * FreeMail: senders and reply addresses at free webmail providers
 * (freemail_domains), and freemail addresses quoted in the body.
 */
import { PERL_NON_SPACE, PERL_SPACE } from '../message/octets.js';
import type { ScanContext } from '../scan/context-types.js';
import { evalDef, HEAD, type EvalTable } from './define.js';
import { freemailConf, isFreemail, type FreemailConf } from './freemail-lists.js';
import { memo } from './util/memo.js';
import { allFromAddrs } from './util/message-addrs.js';
import { compileArgRegex } from './util/perl-regex-arg.js';
import { lcBytes } from './util/perl-values.js';

const PLUGIN = 'FreeMail';

// Perl's byte \s and \S (PERL_SPACE): JS's would also take \xA0, a UTF-8 continuation byte, as a space.
const ADDRESS_WITH_LABEL = `(?:>|${PERL_SPACE}{1,10}(?!(?:fa(?:x|csi)|tel|phone|e?-?mail))[a-z]{2,11}:)`;

interface BodyPatterns { mailto: RegExp; urlWithAt: RegExp; labelled: RegExp; anyEmail: RegExp }

const patternCache = new WeakMap<FreemailConf, BodyPatterns>();

/** The TLD alternation is large, so its patterns are compiled once per configuration. */
function bodyPatterns(fm: FreemailConf): BodyPatterns {
  let p = patternCache.get(fm);
  if (!p) {
    p = {
      mailto: new RegExp(`^mailto:${fm.emailSource}`, 'i'),
      urlWithAt: new RegExp(`<?https?://${PERL_NON_SPACE}{0,255}(?:@|%40)${PERL_NON_SPACE}{0,255}`, 'gi'),
      labelled: new RegExp(`<?(?<!mailto:)${fm.emailSource}${ADDRESS_WITH_LABEL}`, 'gi'),
      anyEmail: new RegExp(fm.emailSource, 'gi'),
    };
    patternCache.set(fm, p);
  }
  return p;
}

function collectBodyEmails(ctx: ScanContext, fm: FreemailConf): string[] {
  const emails: string[] = [];
  const seen = new Set<string>();
  const add = (e: string): void => {
    if (!seen.has(e)) emails.push(e);
    seen.add(e);
  };
  const { mailto, urlWithAt, labelled, anyEmail } = bodyPatterns(fm);
  for (const [uri, detail] of ctx.uriDetails()) {
    if (!detail.types.has('a') || detail.types.has('parsed')) continue;
    const m = mailto.exec(uri);
    if (m) add(lcBytes(m[1] ?? ''));
    if (emails.length >= 20) break;
  }
  const body = ctx.rendered().body;
  for (let i = 0; i < body.length; i++) {
    const line = body[i]!;
    // Both patterns need an '@' (or a URL's '%40'); most lines have neither, and the patterns are slow to fail.
    if (!line.includes('@') && !line.includes('%40')) continue;
    const cleaned = line.replace(urlWithAt, ' ').replace(labelled, ' ');
    // SpamAssassin 4.0.1 strips these from the body-rule array itself (its loop variable aliases the
    // array's lines), so the body rules and evals that run after this read the stripped text. Kept,
    // for the same verdicts: on a corpus message it decides MIXED_ES, an 'e' count near its threshold.
    if (cleaned !== line) ctx.rewriteBodyLine(i, cleaned);
    for (const m of cleaned.matchAll(anyEmail)) {
      add(lcBytes(m[1] ?? ''));
      if (emails.length >= 40) return emails;
    }
  }
  return emails;
}

/** Freemail addresses in the body, or undefined when there are too many addresses to judge. */
function bodyFreemails(ctx: ScanContext): Set<string> | undefined {
  return memo(ctx, 'freemail_body', () => {
    const fm = freemailConf(ctx.conf);
    const found = new Set<string>();
    let all = 0, free = 0;
    for (const email of collectBodyEmails(ctx, fm)) {
      if (++all === fm.maxBodyEmails && fm.skipWhenOverMax) return undefined;
      if (!isFreemail(ctx.conf, fm, email)) continue;
      if (++free === fm.maxBodyFreemails && fm.skipWhenOverMax) return undefined;
      found.add(email);
    }
    return found;
  });
}

function optionalRegex(source: string | undefined): RegExp | undefined | null {
  if (source === undefined) return undefined;
  return compileArgRegex(source) ?? null;
}

/** FreeMail's `_test_log`: the address (or addresses) behind a hit, `@` written `(at)`, when freemail_add_describe_email is on. */
function logHit(ctx: ScanContext, fm: FreemailConf, text: string): true {
  if (fm.describeEmail) ctx.testLog(text.replace(/@/g, '(at)'));
  return true;
}

function checkFreemailHeader(ctx: ScanContext, args: readonly string[]): boolean {
  const fm = freemailConf(ctx.conf);
  const header = args[0];
  if (!fm.available || header === undefined) return false;
  const re = optionalRegex(args[1]);
  if (re === null) return false;
  const spec = /:addr$/.test(header) ? header : `${header}:addr`;
  const hit = ctx.headerList(spec).map(lcBytes).find((e) => isFreemail(ctx.conf, fm, e) && (re === undefined || re.test(e)));
  return hit !== undefined && logHit(ctx, fm, hit);
}

function checkFreemailFrom(ctx: ScanContext, args: readonly string[]): boolean {
  const fm = freemailConf(ctx.conf);
  if (!fm.available) return false;
  const re = optionalRegex(args[0]);
  if (re === null) return false;
  const from = [...new Set(allFromAddrs(ctx).map(lcBytes))].filter((e) => e !== '');
  const hit = from.find((e) => isFreemail(ctx.conf, fm, e) && (re === undefined || re.test(e)));
  return hit !== undefined && logHit(ctx, fm, hit);
}

function checkFreemailBody(ctx: ScanContext, args: readonly string[]): boolean {
  const fm = freemailConf(ctx.conf);
  if (!fm.available) return false;
  const body = bodyFreemails(ctx);
  if (body === undefined) return false;
  const re = optionalRegex(args[0]);
  if (re === null) return false;
  if (re === undefined) return body.size > 0 && logHit(ctx, fm, [...body].join(', '));
  const hit = [...body].find((e) => re.test(e));
  return hit !== undefined && logHit(ctx, fm, hit);
}

const BULK_ENVFROM = /(?:^(?:post|host|domain)master|^double-bounce|^(?:sentto|owner|return|(?:gr)?bounced?)-.+|-(?:request|bounces?|admin|owner)|\b(?:do[._-t]?)?no[._-t]?repl(?:y|ies)|.+=.+)@/i;

function checkFreemailReplyto(ctx: ScanContext, args: readonly string[]): boolean {
  const fm = freemailConf(ctx.conf);
  if (!fm.available) return false;
  const what = args[0] ?? 'replyto';
  if (what !== 'replyto' && what !== 'reply') return false;
  const envfrom = ctx.headerList('EnvelopeFrom')[0];
  if (fm.skipBulkEnvfrom && envfrom !== undefined && BULK_ENVFROM.test(envfrom)) return false;
  const from = ctx.headerList('From:addr').map(lcBytes);
  const replyTo = ctx.headerList('Reply-To:addr').map(lcBytes);
  const fromIsFm = from.some((e) => isFreemail(ctx.conf, fm, e));
  const replyIsFm = replyTo.some((e) => isFreemail(ctx.conf, fm, e));
  const fromNotInReplyTo = !from.some((f) => replyTo.includes(f));
  if (fromIsFm && replyIsFm && fromNotInReplyTo) return logHit(ctx, fm, `${from.join(',')} -> ${replyTo.join(',')}`);
  if (what === 'replyto' && !replyIsFm) return false;
  if (what === 'reply' && ((replyTo.length > 0 && !replyIsFm) || !fromIsFm)) return false;
  const body = bodyFreemails(ctx);
  if (body === undefined || body.size === 0) return false;
  const replyAddrs = what === 'replyto' || replyIsFm ? replyTo : from;
  for (const b of body) {
    const r = replyAddrs.find((a) => a !== b);
    if (r !== undefined) return logHit(ctx, fm, `${r}, ${b}`);
  }
  return false;
}

export const freemailEvals: EvalTable = {
  check_freemail_replyto: evalDef(PLUGIN, HEAD, checkFreemailReplyto),
  check_freemail_from: evalDef(PLUGIN, HEAD, checkFreemailFrom),
  check_freemail_header: evalDef(PLUGIN, HEAD, checkFreemailHeader),
  check_freemail_body: evalDef(PLUGIN, HEAD, checkFreemailBody),
};
