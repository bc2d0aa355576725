/**
 * HashBL's check_hashbl_bodyre(list, opts, regex[, subtest]): the first
 * group of every match of the regex in the body text, lower-cased unless
 * `case`, digits only with `num`, hashed (sha1 by default, md5, sha256 as
 * base32, or `raw`), at most `max` (10) of them, looked up as HASH.list;
 * an A answer matching the subtest (default ^127\.) hits.
 */
import { createHash } from 'node:crypto';
import type { NetLookups } from '../../net/dns-types.js';
import type { NetEvalRule, ScanContext } from '../../scan/context-types.js';
import { compilePerlRegex } from '../../regex/translate.js';
import { BODY, type EvalTable } from '../define.js';
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
  let subtest: RegExp;
  try {
    re = compilePerlRegex(reArg, 's', { global: true });
    subtest = subtestArg ? compilePerlRegex(subtestArg, '') : /^127\./;
  } catch {
    return;
  }
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

export const hashblEvals: EvalTable = {
  check_hashbl_bodyre: {
    fn: () => false,
    plugin: PLUGIN,
    types: BODY,
    network: true,
    net: { launch: launchBodyRe, result: (ctx, rule) => hitWithDetails(ctx, PLUGIN, rule) },
  },
};
