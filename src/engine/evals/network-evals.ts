/**
 * Evals of the plugins that need the network (DNS blocklists, URI
 * blocklists, SPF, DKIM, DMARC, Razor, Pyzor, DCC, HashBL, short-URL
 * decoding). The ones implemented in ./net run their lookups when network
 * tests are on; the others are registered so rules that use them compile
 * and metas can refer to them, and never hit.
 */
import type { EvalDefinition, EvalRuleType } from '../scan/context-types.js';
import { ANY, BODY, FULL, HEAD, type EvalTable } from './define.js';
import { asnEvals } from './net/asn-eval.js';
import { authEvals } from './net/auth-evals.js';
import { dnsEvals } from './net/dns-eval.js';
import { hashblEvals } from './net/hashbl.js';
import { pyzorEvals } from './net/pyzor.js';
import { razorEvals } from './net/razor.js';
import { uriLocalBlEvals } from './net/uri-local-bl.js';
import { uridnsblEvals } from './net/uridnsbl.js';

const IMPLEMENTED: EvalTable = { ...asnEvals, ...dnsEvals, ...uridnsblEvals, ...authEvals, ...hashblEvals, ...pyzorEvals, ...razorEvals, ...uriLocalBlEvals };

const never = (): boolean => false;

function networkGroup(plugin: string, types: readonly EvalRuleType[], names: readonly string[]): [string, EvalDefinition][] {
  return names.map((name) => [name, { fn: never, plugin, types, network: true }]);
}

const GROUPS: [string, readonly EvalRuleType[], string[]][] = [
  ['DNSEval', HEAD, [
    'check_rbl_accreditor', 'check_rbl', 'check_rbl_ns_from', 'check_rbl_txt', 'check_rbl_sub', 'check_rbl_from_host',
    'check_rbl_from_domain', 'check_rbl_envfrom', 'check_rbl_headers', 'check_rbl_rcvd', 'check_dns_sender',
  ]],
  ['URIDNSBL', ANY, ['check_uridnsbl']],
  ['SPF', HEAD, [
    'check_for_spf_pass', 'check_for_spf_neutral', 'check_for_spf_none', 'check_for_spf_fail', 'check_for_spf_softfail',
    'check_for_spf_permerror', 'check_for_spf_temperror', 'check_for_spf_helo_pass', 'check_for_spf_helo_neutral',
    'check_for_spf_helo_none', 'check_for_spf_helo_fail', 'check_for_spf_helo_softfail', 'check_for_spf_helo_permerror',
    'check_for_spf_helo_temperror', 'check_for_spf_welcomelist_from', 'check_for_spf_whitelist_from',
    'check_for_def_spf_welcomelist_from', 'check_for_def_spf_whitelist_from', 'check_spf_skipped_noenvfrom',
  ]],
  ['DKIM', FULL, [
    'check_dkim_signed', 'check_arc_signed', 'check_dkim_valid', 'check_arc_valid', 'check_dkim_valid_author_sig',
    'check_dkim_valid_envelopefrom', 'check_dkim_dependable',
  ]],
  ['DKIM', HEAD, [
    'check_dkim_testing', 'check_dkim_adsp', 'check_for_dkim_welcomelist_from', 'check_for_dkim_whitelist_from',
    'check_for_def_dkim_welcomelist_from', 'check_for_def_dkim_whitelist_from',
  ]],
  ['DKIM', ANY, ['check_dkim_verified', 'check_dkim_signall', 'check_dkim_signsome']],
  ['DMARC', HEAD, ['check_dmarc_pass', 'check_dmarc_reject', 'check_dmarc_quarantine', 'check_dmarc_none', 'check_dmarc_missing']],
  ['Razor2', FULL, ['check_razor2', 'check_razor2_range']],
  ['Pyzor', FULL, ['check_pyzor']],
  ['DCC', FULL, ['check_dcc', 'check_dcc_reputation_range']],
  ['DecodeShortURLs', BODY, [
    'short_url', 'short_url_redir', 'short_url_200', 'short_url_404', 'short_url_code', 'short_url_chained',
    'short_url_maxchain', 'short_url_loop',
  ]],
];

export const networkEvals: EvalTable = {
  ...Object.fromEntries(
    GROUPS.flatMap(([plugin, types, names]) => networkGroup(plugin, types, names)).filter(([name]) => !(name in IMPLEMENTED)),
  ),
  ...IMPLEMENTED,
};
