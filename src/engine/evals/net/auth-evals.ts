/**
 * The SPF, DKIM and DMARC evals (SPF.pm, DKIM.pm, DMARC.pm) over the
 * outcome of mail-auth.ts, including the SPF/DKIM welcomelists.
 */
import type { NetEvalRule, NetworkEval, ScanContext } from '../../scan/context-types.js';
import { ANY, FULL, HEAD, type EvalTable } from '../define.js';
import type { EvalRuleType } from '../../scan/context-types.js';
import { addrInList } from '../util/addr-list.js';
import { adspResult, launchAdsp } from './dkim-adsp.js';
import { type AuthOutcome, authOutcome, launchMailAuth } from './mail-auth.js';

function authEval(plugin: string, types: readonly EvalRuleType[], read: (o: AuthOutcome, ctx: ScanContext, rule: NetEvalRule) => boolean) {
  const dmarc = plugin === 'DMARC';
  const net: NetworkEval = {
    launch: (ctx, _rule, lookups) => launchMailAuth(ctx, lookups, dmarc),
    result: (ctx, rule) => read(authOutcome(ctx), ctx, rule),
  };
  return { fn: () => false, plugin, types, network: true, net };
}

const SPF_RESULTS = ['pass', 'neutral', 'none', 'fail', 'softfail', 'permerror', 'temperror'] as const;

/**
 * What SPF_FAIL and SPF_HELO_FAIL show under their report line: SPF.pm's
 * "SPF failed: " and Mail::SPF's authority explanation, which without an
 * `exp=` modifier in the record is its default. (A record's own `exp=` text
 * is not fetched here, so such a domain gets the default too.)
 */
const SPF_FAILURE_COMMENT = 'SPF failed: Rejected by SPF record';

function spfEvals(): EvalTable {
  const out: Record<string, ReturnType<typeof authEval>> = {};
  for (const r of SPF_RESULTS) {
    const note = (hit: boolean, ctx: ScanContext) => {
      if (hit && r === 'fail') ctx.testLog(SPF_FAILURE_COMMENT);
      return hit;
    };
    out[`check_for_spf_${r}`] = authEval('SPF', HEAD, (o, ctx) => note(o.spf === r, ctx));
    out[`check_for_spf_helo_${r}`] = authEval('SPF', HEAD, (o, ctx) => note(o.spfHelo === r, ctx));
  }
  return out;
}

/** _check_spf_welcomelist: the SPF sender is listed and SPF passed. */
function spfListed(settings: readonly string[], alsoAuth: 'welcomelistAuth' | 'defWelcomelistAuth') {
  return (o: AuthOutcome, ctx: ScanContext): boolean => {
    if (o.spf !== 'pass' || !o.spfSender) return false;
    return settings.some((s) => addrInList(ctx.conf.lists.get(s), o.spfSender as string)) || addrInList(ctx.conf[alsoAuth], o.spfSender);
  };
}

function validSigs(o: AuthOutcome): string[] {
  return o.dkim.filter((s) => s.result === 'pass').map((s) => s.domain);
}

function authorDomains(ctx: ScanContext): string[] {
  return ctx.headerList('From:addr').map((a) => /@([^@]+)$/.exec(a)?.[1]?.toLowerCase() ?? '').filter((d) => d !== '');
}

/** _check_dkim_signed_by's domain test: ".d" or "*.d" = d or a subdomain, else exact. */
function acceptable(domains: readonly string[], sdid: string): boolean {
  if (domains.length === 0) return true;
  return domains.some((ad) => {
    const sub = /^\*?\.(.*)$/s.exec(ad);
    if (sub) {
      const d = (sub[1] as string).toLowerCase();
      return sdid === d || sdid.endsWith(`.${d}`);
    }
    return sdid === ad.toLowerCase();
  });
}

/** DKIM evals take the acceptable domains as their arguments. */
function dkimBy(mustBeValid: boolean, author: boolean) {
  return (o: AuthOutcome, ctx: ScanContext, rule: NetEvalRule): boolean => {
    const sigs = mustBeValid ? validSigs(o) : o.dkim.map((s) => s.domain);
    const authors = author ? authorDomains(ctx) : [];
    return sigs.some((d) => (!author || authors.includes(d)) && acceptable(rule.args, d));
  };
}

/** welcomelist_from_dkim ADDR [SDID]: an author in the list, signed validly by SDID (the author's domain when empty). */
function dkimListed(field: 'welcomelistFromDkim' | 'defWelcomelistFromDkim', auth: 'welcomelistAuth' | 'defWelcomelistAuth') {
  return (o: AuthOutcome, ctx: ScanContext): boolean => {
    const valid = validSigs(o);
    if (valid.length === 0) return false;
    for (const author of ctx.headerList('From:addr').map((a) => a.toLowerCase())) {
      const authorDomain = /@([^@]+)$/.exec(author)?.[1] ?? '';
      for (const e of ctx.conf[field]) {
        if (!addrInList([e.addr], author)) continue;
        const want = e.relay === '' ? authorDomain : e.relay.toLowerCase();
        if (valid.includes(want)) return true;
      }
      if (addrInList(ctx.conf[auth], author) && valid.includes(authorDomain)) return true;
    }
    return false;
  };
}

/** check_dkim_adsp and check_dkim_signall (= ADSP 'A'). */
function adspEval(fixed?: string) {
  const net: NetworkEval = {
    launch: (ctx, _rule, lookups) => launchAdsp(ctx, lookups),
    result: (ctx, rule) => adspResult(ctx, fixed === undefined ? rule : { ...rule, args: [fixed] }),
  };
  return { fn: () => false, plugin: 'DKIM', types: HEAD, network: true, net };
}

export const authEvals: EvalTable = {
  check_dkim_adsp: adspEval(),
  check_dkim_signall: adspEval('A'),
  ...spfEvals(),
  check_for_spf_welcomelist_from: authEval('SPF', HEAD, spfListed(['welcomelist_from_spf'], 'welcomelistAuth')),
  check_for_spf_whitelist_from: authEval('SPF', HEAD, spfListed(['welcomelist_from_spf'], 'welcomelistAuth')),
  check_for_def_spf_welcomelist_from: authEval('SPF', HEAD, spfListed(['def_welcomelist_from_spf'], 'defWelcomelistAuth')),
  check_for_def_spf_whitelist_from: authEval('SPF', HEAD, spfListed(['def_welcomelist_from_spf'], 'defWelcomelistAuth')),
  check_dkim_signed: authEval('DKIM', FULL, dkimBy(false, false)),
  check_dkim_valid: authEval('DKIM', FULL, dkimBy(true, false)),
  check_dkim_verified: authEval('DKIM', ANY, dkimBy(true, false)),
  check_dkim_valid_author_sig: authEval('DKIM', FULL, dkimBy(true, true)),
  check_dkim_valid_envelopefrom: authEval('DKIM', FULL, (o, ctx) => {
    const env = /@(\S+)/.exec(ctx.header('EnvelopeFrom:addr'))?.[1]?.toLowerCase();
    return env !== undefined && validSigs(o).includes(env);
  }),
  // Dependable: the check ran, and found no signature or the message was not truncated (__TRUNCATED).
  check_dkim_dependable: authEval('DKIM', FULL, (o, ctx) => o.dkimChecked === true && (o.dkim.length === 0 || ctx.hitValue('__TRUNCATED') === 0)),
  check_for_dkim_welcomelist_from: authEval('DKIM', HEAD, dkimListed('welcomelistFromDkim', 'welcomelistAuth')),
  check_for_dkim_whitelist_from: authEval('DKIM', HEAD, dkimListed('welcomelistFromDkim', 'welcomelistAuth')),
  check_for_def_dkim_welcomelist_from: authEval('DKIM', HEAD, dkimListed('defWelcomelistFromDkim', 'defWelcomelistAuth')),
  check_for_def_dkim_whitelist_from: authEval('DKIM', HEAD, dkimListed('defWelcomelistFromDkim', 'defWelcomelistAuth')),
  // ARC (DKIM.pm): no acceptable-domain arguments are honoured, any argument makes the rule false.
  check_arc_signed: authEval('DKIM', FULL, (o, _ctx, rule) => o.arc?.signed === true && rule.args.length === 0),
  check_arc_valid: authEval('DKIM', FULL, (o, _ctx, rule) => o.arc?.valid === true && rule.args.length === 0),
  check_dmarc_pass: authEval('DMARC', HEAD, (o) => o.dmarc?.result === 'pass' && o.dmarc.policy !== 'no policy available'),
  check_dmarc_reject: authEval('DMARC', HEAD, (o) => o.dmarc?.result === 'fail' && o.dmarc.policy === 'reject'),
  check_dmarc_quarantine: authEval('DMARC', HEAD, (o) => o.dmarc?.result === 'fail' && o.dmarc.policy === 'quarantine'),
  check_dmarc_none: authEval('DMARC', HEAD, (o) => o.dmarc?.result === 'fail' && o.dmarc.policy === 'none'),
  check_dmarc_missing: authEval('DMARC', HEAD, (o) => o.dmarc?.policy === 'no policy available'),
};
