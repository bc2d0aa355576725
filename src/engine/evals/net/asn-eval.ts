/**
 * `check_asn('/REGEX/' [, 'TAG'])`: hits when the ASN tag (`ASN` unless
 * named) matches, once the ASN lookups are answered (a GeoIP answer is
 * there from the start, DNS or not); the report shows
 * `TAG: value` under the rule. SpamAssassin runs the check when the tag
 * first gets a value, so a tag no answer filled never hits, whatever the
 * pattern; a missing or broken pattern never hits either.
 */
import type { NetEvalRule, ScanContext } from '../../scan/context-types.js';
import { type EvalTable, HEAD } from '../define.js';
import { compileDelimitedArgRegex } from '../util/perl-regex-arg.js';

function asnHit(ctx: ScanContext, args: readonly string[]): boolean {
  const [pattern, tag = 'ASN'] = args;
  if (pattern === undefined) return false;
  const re = compileDelimitedArgRegex(pattern);
  const value = ctx.getTag(tag);
  if (re === undefined || value === undefined || value === '' || !re.test(value)) return false;
  ctx.testLog(`${tag}: ${value}`);
  return true;
}

export const asnEvals: EvalTable = {
  // Without network tests only a GeoIP answer (taken before the rules) can have filled the tag.
  check_asn: { fn: asnHit, plugin: 'ASN', types: HEAD, net: { launch: () => undefined, result: (ctx, rule: NetEvalRule) => asnHit(ctx, rule.args) } },
};
