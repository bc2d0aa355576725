/**
 * HashBL's check_hashbl_tag(list, opts, TAG[, subtest]): the values of a
 * template tag (_DKIMDOMAIN_ once DKIM is verified, the relay and sender
 * tags, _HEADER(Name)_ …, as askdns reads them), lower-cased unless `case`;
 * with `ip`, `ipv4` or `ipv6` only addresses of that kind, `revip` reversing
 * them; a host name is skipped when it or its registrable domain is in
 * uridnsbl_skip_domain, and with `fqdn`, `tld` or `trim` (both, and the
 * registrable domain queried) it must be a valid name with a known TLD.
 * The values are then hashed and looked up as the other HashBL evals.
 */
import type { NetLookups } from '../../net/dns-types.js';
import { reverseIp } from '../../message/host-extract.js';
import type { NetEvalRule, ScanContext } from '../../scan/context-types.js';
import { isDomainValid, isFqdnValid, trimDomain } from '../util/domains.js';
import { isIpAddress, isIpv4Address } from '../util/ip-patterns.js';
import { tagValues } from './askdns.js';
import { parseOpts, skipsDomain, submitQueries, subtestOf } from './hashbl-queries.js';
import { afterMailAuth } from './mail-auth.js';

/** One tag value as the options leave it, or undefined when they drop it. */
function usableValue(ctx: ScanContext, raw: string, opts: Map<string, string>): string | undefined {
  let value = opts.has('case') ? raw : raw.toLowerCase();
  const ipv4 = isIpv4Address(value);
  const isIp = ipv4 || isIpAddress(value);
  if (opts.has('ip') && !isIp) return undefined;
  if (opts.has('ipv4') && !ipv4) return undefined;
  if (opts.has('ipv6') && (!isIp || ipv4)) return undefined;
  if (isIp) return opts.has('revip') ? (reverseIp(value) ?? value) : value;
  const fqdnValid = isFqdnValid(value);
  if (opts.has('fqdn') && !fqdnValid) return undefined;
  let domain: string | undefined;
  if (fqdnValid) {
    domain = trimDomain(ctx.conf, value);
    if (skipsDomain(ctx, value, domain)) return undefined;
  }
  if (opts.has('tld') && !isDomainValid(ctx.conf, value)) return undefined;
  if (opts.has('trim') && domain) value = domain;
  return value;
}

function query(ctx: ScanContext, rule: NetEvalRule, net: NetLookups, listArg: string, opts: Map<string, string>, tag: string, subtest: RegExp): void {
  const values: string[] = [];
  for (const raw of tagValues(ctx, tag)) {
    const v = usableValue(ctx, raw, opts);
    if (v !== undefined && v !== '' && !values.includes(v)) values.push(v);
  }
  submitQueries(ctx, rule, net, values, listArg, opts, subtest);
}

export function launchTag(ctx: ScanContext, rule: NetEvalRule, net: NetLookups): void {
  const [listArg, optsArg, tagArg, subtestArg] = rule.args;
  const subtest = subtestOf(subtestArg);
  if (!listArg || !tagArg || !subtest) return;
  const opts = parseOpts(optsArg);
  if (opts.has('trim')) opts.set('fqdn', '1').set('tld', '1');
  const tag = tagArg.replace(/^_(.+)_$/, '$1').toUpperCase();
  if (tag !== 'DKIMDOMAIN') {
    query(ctx, rule, net, listArg, opts, tag, subtest);
    return;
  }
  // The signing domains are known once DKIM is verified (SpamAssassin's action_depends_on_tags).
  afterMailAuth(ctx, net, () => query(ctx, rule, net, listArg, opts, tag, subtest));
}
