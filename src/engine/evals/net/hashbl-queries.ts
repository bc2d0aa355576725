/**
 * What every HashBL eval shares: its options (`sha1/max=10/shuffle` …), the
 * hash of a value (sha1 by default, md5, sha256 as base32, or `raw`), the
 * subtest, and the lookups of up to `max` values as HASH.list, an A answer
 * matching the subtest (default ^127\.) hitting with the value in the report.
 */
import { createHash } from 'node:crypto';
import type { NetLookups } from '../../net/dns-types.js';
import type { NetEvalRule, ScanContext } from '../../scan/context-types.js';
import { compilePerlRegex } from '../../regex/translate.js';
import { noteHit } from './noted-hits.js';

export const PLUGIN = 'HashBL';

export function parseOpts(text: string | undefined): Map<string, string> {
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

/** The value's hash under the options (a string is taken as octets). */
export function hashOf(opts: Map<string, string>, value: string | Buffer): string {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'latin1') : value;
  if (opts.has('sha256')) return base32(createHash('sha256').update(bytes).digest());
  if (opts.has('sha1')) return createHash('sha1').update(bytes).digest('hex');
  if (opts.has('md5')) return createHash('md5').update(bytes).digest('hex');
  return typeof value === 'string' ? value : bytes.toString('latin1');
}

/**
 * The values' lookups, as HashBL's _submit_query (hashbl_ignore names a value
 * or its hash to skip). `hashed`: the values are hashes already (attachments).
 */
export function submitQueries(ctx: ScanContext, rule: NetEvalRule, net: NetLookups, found: readonly string[], listArg: string, opts: Map<string, string>, subtest: RegExp, hashed = false): void {
  // SpamAssassin shuffles before cutting at max; the first ones are taken here, so results repeat.
  const max = Number(opts.get('max') ?? 10) || 10;
  const ignore = hashblIgnores(ctx);
  const typed = /\/(A|TXT)$/i.exec(listArg);
  const list = typed ? listArg.slice(0, -typed[0].length) : listArg;
  const type = typed ? ((typed[1] as string).toUpperCase() as 'A' | 'TXT') : 'A';
  for (const value of found.slice(0, max)) {
    if (!hashed && ignore.has(value.toLowerCase())) continue;
    const h = hashed ? value : hashOf(opts, value);
    if (ignore.has(h.toLowerCase())) continue;
    void net.lookup(`${h}.${list}`, type).then((a) => {
      // The report detail is the listed value, `@` written `[at]`.
      if (a.code === 'NOERROR' && type === 'A' && a.records.some((r) => subtest.test(String(r)))) noteHit(ctx, PLUGIN, rule.name, value.replace(/@/g, '[at]'));
    });
  }
}

/** hashbl_ignore's words, lower-cased: values, hashes, media types or file names not to look up. */
export function hashblIgnores(ctx: ScanContext): Set<string> {
  return new Set((ctx.conf.lists.get('hashbl_ignore') ?? []).map((x) => x.toLowerCase()));
}

/** Whether uridnsbl_skip_domain names any of these host names or domains (HashBL skips their values). */
export function skipsDomain(ctx: ScanContext, ...names: string[]): boolean {
  const skip = ctx.conf.lists.get('uridnsbl_skip_domain') ?? [];
  return names.some((n) => skip.includes(n.toLowerCase()));
}

/** The subtest regex of a rule's argument, or the default; undefined when it does not compile. */
export function subtestOf(arg: string | undefined): RegExp | undefined {
  try {
    return arg ? compilePerlRegex(arg, '') : /^127\./;
  } catch {
    return undefined;
  }
}

