/**
 * URIDetail's `uri_detail` rules: a rule hits when one URI of the message
 * meets every criterion (raw, type, cleaned, text, domain, host), each
 * tested positively (`=~`) or negatively (`!~`) against at least one value.
 */
import type { UriDetailCriterion } from '../config/types.js';
import type { UriDetail } from '../message/analysis-types.js';
import { compilePerlRegex } from '../regex/translate.js';
import type { ScanContext } from '../scan/context-types.js';

export interface UriDetailCondition {
  key: string;
  positive: boolean;
  pattern: RegExp;
}

/** SpamAssassin tests the criteria in this order and skips the URI at the first failure. */
const KEY_ORDER = ['raw', 'type', 'cleaned', 'text', 'domain', 'host'] as const;

const VALUES: Record<(typeof KEY_ORDER)[number], (raw: string, d: UriDetail) => Iterable<string>> = {
  raw: (raw) => [raw],
  type: (_raw, d) => d.types,
  cleaned: (_raw, d) => d.cleaned,
  text: (_raw, d) => d.anchorText,
  domain: (_raw, d) => d.domains,
  host: (_raw, d) => d.hosts.keys(),
};

function test(re: RegExp, s: string): boolean {
  re.lastIndex = 0;
  return re.test(s);
}

function criterionHolds(cond: UriDetailCondition, values: Iterable<string>): boolean {
  for (const v of values) if (test(cond.pattern, v) === cond.positive) return true;
  return false;
}

export function matchUriDetail(ctx: ScanContext, conditions: readonly UriDetailCondition[]): boolean {
  // A later criterion for the same key replaces an earlier one, as in the config parser.
  const byKey = new Map<string, UriDetailCondition>();
  for (const c of conditions) byKey.set(c.key, c);
  const ordered = KEY_ORDER.flatMap((k) => {
    const c = byKey.get(k);
    return c ? [[k, c] as const] : [];
  });
  if (ordered.length === 0) return false;
  for (const [raw, detail] of ctx.uriDetails()) {
    if (ordered.every(([k, c]) => criterionHolds(c, VALUES[k](raw, detail)))) return true;
  }
  return false;
}

/**
 * The conditions of a parsed uri_detail rule, with each Perl pattern
 * translated; throws RuleCompileError for a pattern that cannot be.
 */
export function uriDetailConditions(criteria: readonly UriDetailCriterion[]): UriDetailCondition[] {
  return criteria.map((c) => ({ key: c.key, positive: c.positive, pattern: compilePerlRegex(c.pattern, c.flags) }));
}
