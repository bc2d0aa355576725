/**
 * HashBL's evals (their lookups in hashbl-queries.ts):
 *
 * - check_hashbl_bodyre(list, opts, regex[, subtest]): the first group of
 *   every match of the regex in the body text, lower-cased unless `case`,
 *   digits only with `num`.
 * - check_hashbl_uris(list[, opts[, subtest]]): the canonical forms of the
 *   message's links (found in an `a` tag or parsed from text, not mailto:),
 *   lower-cased unless `case`, skipping a link any of whose hosts (or their
 *   domains) uridnsbl_skip_domain names.
 * - check_hashbl_emails: the message's addresses (hashbl-emails.ts).
 * - check_hashbl_tag: a template tag's values (hashbl-tag.ts).
 * - check_hashbl_attachments: the MIME parts' bodies (hashbl-attachments.ts).
 */
import type { NetLookups } from '../../net/dns-types.js';
import type { EvalDefinition, NetEvalRule, ScanContext } from '../../scan/context-types.js';
import { compilePerlRegex } from '../../regex/translate.js';
import { BODY, HEAD, type EvalTable } from '../define.js';
import { launchAttachments } from './hashbl-attachments.js';
import { launchEmails } from './hashbl-emails.js';
import { launchTag } from './hashbl-tag.js';
import { parseOpts, PLUGIN, skipsDomain, submitQueries, subtestOf } from './hashbl-queries.js';
import { hitWithDetails } from './noted-hits.js';

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

function launchUris(ctx: ScanContext, rule: NetEvalRule, net: NetLookups): void {
  const [listArg, optsArg, subtestArg] = rule.args;
  const subtest = subtestOf(subtestArg);
  if (!listArg || !subtest) return;
  const opts = parseOpts(optsArg);
  // `raw` is refused for links, as in SpamAssassin.
  if (opts.has('raw')) return;
  const found: string[] = [];
  for (const [uri, info] of ctx.uriDetails()) {
    if (/^mailto:/i.test(uri)) continue;
    if (!info.types.has('a') && !info.types.has('parsed')) continue;
    if ([...info.hosts].some(([host, domain]) => skipsDomain(ctx, host, domain))) continue;
    for (const cleaned of info.cleaned) {
      const v = opts.has('case') ? cleaned : cleaned.toLowerCase();
      if (!found.includes(v)) found.push(v);
    }
  }
  submitQueries(ctx, rule, net, found, listArg, opts, subtest);
}

/** A HashBL eval: it hits only through its lookups, whose answers give the hit and its report details. */
function hashblEval(types: EvalDefinition['types'], launch: NonNullable<EvalDefinition['net']>['launch']): EvalDefinition {
  return { fn: () => false, plugin: PLUGIN, types, network: true, net: { launch, result: (ctx, rule) => hitWithDetails(ctx, PLUGIN, rule) } };
}

export const hashblEvals: EvalTable = {
  check_hashbl_bodyre: hashblEval(BODY, launchBodyRe),
  check_hashbl_uris: hashblEval(HEAD, launchUris),
  check_hashbl_emails: hashblEval(HEAD, launchEmails),
  check_hashbl_attachments: hashblEval(BODY, launchAttachments),
  check_hashbl_tag: hashblEval(HEAD, launchTag),
};
