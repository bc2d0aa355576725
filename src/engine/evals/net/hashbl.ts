/**
 * HashBL's lookups: values hashed (sha1 by default, md5, sha256 as base32,
 * or `raw`), at most `max` (10) of them, looked up as HASH.list; an A answer
 * matching the subtest (default ^127\.) hits, the value in the report.
 *
 * - check_hashbl_bodyre(list, opts, regex[, subtest]): the first group of
 *   every match of the regex in the body text, lower-cased unless `case`,
 *   digits only with `num`.
 * - check_hashbl_uris(list[, opts[, subtest]]): the canonical forms of the
 *   message's links (found in an `a` tag or parsed from text, not mailto:),
 *   lower-cased unless `case`, skipping a link any of whose hosts (or their
 *   domains) uridnsbl_skip_domain names.
 */
import { createHash } from 'node:crypto';
import type { NetLookups } from '../../net/dns-types.js';
import type { NetEvalRule, ScanContext } from '../../scan/context-types.js';
import { compilePerlRegex } from '../../regex/translate.js';
import { BODY, HEAD, type EvalTable } from '../define.js';
import { hitWithDetails, noteHit } from './noted-hits.js';

const PLUGIN = 'HashBL';

function parseOpts(text: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const o of (text || 'sha1/max=10/shuffle').toLowerCase().split(/\s*\/\s*/)) {
    const [k = '', v] = o.split('=');
    out.set(k, v ?? '1');
  }
  return out;
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

function base32(buf: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

function hash(opts: Map<string, string>, value: string): string {
  const bytes = Buffer.from(value, 'latin1');
  if (opts.has('sha256')) return base32(createHash('sha256').update(bytes).digest());
  if (opts.has('sha1')) return createHash('sha1').update(bytes).digest('hex');
  if (opts.has('md5')) return createHash('md5').update(bytes).digest('hex');
  return value;
}

function launchBodyRe(ctx: ScanContext, rule: NetEvalRule, net: NetLookups): void {
  const [listArg, optsArg, reArg, subtestArg] = rule.args;
  if (!listArg || !reArg) return;
  let re: RegExp;
  try {
    re = compilePerlRegex(reArg, 's', { global: true });
  } catch {
    return;
  }
  const subtest = subtestOf(subtestArg);
  if (!subtest) return;
  const opts = parseOpts(optsArg);
  const found: string[] = [];
  for (const text of ctx.rendered().body) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m[0] === '') re.lastIndex++;
      const g = m[1];
      if (g === undefined) continue;
      let v = opts.has('case') ? g : g.toLowerCase();
      if (opts.has('num')) v = v.replace(/\D/g, '');
      if (v !== '' && !found.includes(v)) found.push(v);
    }
  }
  submitQueries(ctx, rule, net, found, listArg, opts, subtest);
}

/** The values' lookups, as HashBL's _submit_query (hashbl_ignore names a value or its hash to skip). */
function submitQueries(ctx: ScanContext, rule: NetEvalRule, net: NetLookups, found: readonly string[], listArg: string, opts: Map<string, string>, subtest: RegExp): void {
  // SpamAssassin shuffles before cutting at max; the first ones are taken here, so results repeat.
  const max = Number(opts.get('max') ?? 10) || 10;
  const ignore = new Set((ctx.conf.lists.get('hashbl_ignore') ?? []).map((x) => x.toLowerCase()));
  const typed = /\/(A|TXT)$/i.exec(listArg);
  const list = typed ? listArg.slice(0, -typed[0].length) : listArg;
  const type = typed ? ((typed[1] as string).toUpperCase() as 'A' | 'TXT') : 'A';
  for (const value of found.slice(0, max)) {
    if (ignore.has(value.toLowerCase())) continue;
    const h = hash(opts, value);
    if (ignore.has(h.toLowerCase())) continue;
    void net.lookup(`${h}.${list}`, type).then((a) => {
      // The report detail is the listed value, `@` written `[at]`.
      if (a.code === 'NOERROR' && type === 'A' && a.records.some((r) => subtest.test(String(r)))) noteHit(ctx, PLUGIN, rule.name, value.replace(/@/g, '[at]'));
    });
  }
}

/** The subtest regex of a rule's argument, or the default; undefined when it does not compile. */
function subtestOf(arg: string | undefined): RegExp | undefined {
  try {
    return arg ? compilePerlRegex(arg, '') : /^127\./;
  } catch {
    return undefined;
  }
}

function launchUris(ctx: ScanContext, rule: NetEvalRule, net: NetLookups): void {
  const [listArg, optsArg, subtestArg] = rule.args;
  const subtest = subtestOf(subtestArg);
  if (!listArg || !subtest) return;
  const opts = parseOpts(optsArg);
  // `raw` is refused for links, as in SpamAssassin.
  if (opts.has('raw')) return;
  const skip = new Set(ctx.conf.lists.get('uridnsbl_skip_domain') ?? []);
  const found: string[] = [];
  for (const [uri, info] of ctx.uriDetails()) {
    if (/^mailto:/i.test(uri)) continue;
    if (!info.types.has('a') && !info.types.has('parsed')) continue;
    if ([...info.hosts].some(([host, domain]) => skip.has(host) || skip.has(domain))) continue;
    for (const cleaned of info.cleaned) {
      const v = opts.has('case') ? cleaned : cleaned.toLowerCase();
      if (!found.includes(v)) found.push(v);
    }
  }
  submitQueries(ctx, rule, net, found, listArg, opts, subtest);
}

export const hashblEvals: EvalTable = {
  check_hashbl_bodyre: {
    fn: () => false,
    plugin: PLUGIN,
    types: BODY,
    network: true,
    net: { launch: launchBodyRe, result: (ctx, rule) => hitWithDetails(ctx, PLUGIN, rule) },
  },
  check_hashbl_uris: {
    fn: () => false,
    plugin: PLUGIN,
    types: HEAD,
    network: true,
    net: { launch: launchUris, result: (ctx, rule) => hitWithDetails(ctx, PLUGIN, rule) },
  },
};
