/**
 * URIDNSBL: the domains and IP literals of the message's URIs looked up
 * in URI blocklists. RHS lists get the registrable domain (or the full
 * host with tflags notrim, or the reversed IP of a literal); NS-based
 * lists get the domain's name servers; address lists (tflags a) get the
 * reversed addresses of the host and of its name servers.
 */
import type { NetEvalRule, ScanContext } from '../../scan/context-types.js';
import type { DnsAnswer, NetLookups } from '../../net/dns-types.js';
import { reverseIp } from '../../message/host-extract.js';
import { ANY, type EvalTable } from '../define.js';
import { trimDomain } from '../util/domains.js';
import { isIpPrivate, isIpv4Address } from '../util/ip-patterns.js';
import { memo } from '../util/memo.js';
import { ruleScore } from '../../rules/scores.js';
import { answerText } from './rbl-subtest.js';
import { type UriblRule, uriblMatches, uriblRules } from './uridnsbl-config.js';
import { hitWithDetails, noteHit } from './noted-hits.js';

const PLUGIN = 'URIDNSBL';

/** Hosts to look up: host → registrable domain, by the plugin's preference order, at most uridnsbl_max_domains. */
function uriHosts(ctx: ScanContext): Map<string, string> {
  return memo(ctx, 'uridnsbl_hosts', () => {
    const skipMailto = (ctx.conf.other.get('uridnsbl_skip_mailto') ?? '1') !== '0';
    const skip = new Set(ctx.conf.lists.get('uridnsbl_skip_domain') ?? []);
    const ordered: Map<string, string>[] = [0, 1, 2, 3, 4, 5].map(() => new Map());
    for (const [uri, info] of ctx.uriDetails()) {
      if (skipMailto && /^mailto:/i.test(uri)) continue;
      if (info.hosts.size === 0) continue;
      const entry = preference(info.types, info.anchorText);
      for (const [host, domain] of info.hosts) {
        if (skip.has(domain) || skip.has(host)) continue;
        ordered[entry]?.set(host, domain);
      }
    }
    const max = Number(ctx.conf.other.get('uridnsbl_max_domains') ?? 20);
    const out = new Map<string, string>();
    for (const group of ordered) {
      const fresh = [...group.keys()].filter((h) => !out.has(h));
      // SpamAssassin picks at random when a group overflows; the first ones are taken here, so results repeat.
      for (const h of fresh) if (out.size < max) out.set(h, group.get(h) as string);
    }
    return out;
  });
}

/** 0: linked with text, 1: form, 2: img, 3: other, 4: only parsed from text, 5: linked without text. */
function preference(types: Set<string>, anchors: readonly string[]): number {
  if (types.has('a')) return anchors.some((t) => t.length > 0) ? 0 : 5;
  if (types.has('form')) return 1;
  if (types.has('img')) return 2;
  if (types.has('parsed') && types.size === 1) return 4;
  return 3;
}

function lookupList(ctx: ScanContext, net: NetLookups, ruleName: string, cf: UriblRule, lookup: string, origin?: string): void {
  const reversed = /^\d+\.\d+\.\d+\.\d+$/.test(lookup) ? reverseIp(lookup) ?? lookup : lookup;
  void net.lookup(`${reversed}.${cf.zone}`, cf.type).then((a: DnsAnswer) => {
    if (a.code !== 'NOERROR') return;
    for (const rec of a.records) {
      if (!uriblMatches(cf, answerText(rec), cf.type === 'A')) continue;
      // got_dnsbl_hit's detail: `URI: domain`, or `URI: name/address` for an A record of a URI host or name server.
      noteHit(ctx, PLUGIN, ruleName, origin === undefined ? `URI: ${lookup}` : `URI: ${origin}/${lookup}`);
    }
  });
}

/**
 * The NS records of the domain. In SpamAssassin 4.0.1 the name servers'
 * addresses are looked up only for the rules with tflags `a` (the plain,
 * `ns` rules launch the NS query and then have nothing to ask), and the
 * NS query is made only when some active rule is an NS-based one.
 */
function viaNameServers(ctx: ScanContext, net: NetLookups, rule: NetEvalRule, cf: UriblRule, domain: string): void {
  net.track(
    net.lookup(domain, 'NS').then((ns) => {
      if (ns.code !== 'NOERROR') return;
      for (const rec of ns.records) {
        const nsName = String(rec).toLowerCase();
        const literal = /^\d+\.\d+\.\d+\.\d+$/.test(nsName) || nsName.includes(':');
        if (literal && (!isIpv4Address(nsName) || isIpPrivate(nsName))) continue;
        if (cf.kind === 'nsrhsbl') lookupList(ctx, net, rule.name, cf, literal ? nsName : trimDomain(ctx.conf, nsName));
        else if (cf.kind === 'fullnsrhsbl') lookupList(ctx, net, rule.name, cf, nsName);
        else if (cf.kind === 'dnsbl' && rule.tflags.a !== undefined && !literal) viaAddress(ctx, net, rule, cf, nsName);
      }
    }),
  );
}

function viaAddress(ctx: ScanContext, net: NetLookups, rule: NetEvalRule, cf: UriblRule, host: string): void {
  net.track(
    net.lookup(host, 'A').then((a) => {
      if (a.code !== 'NOERROR') return;
      for (const ip of a.records) lookupList(ctx, net, rule.name, cf, String(ip), host);
    }),
  );
}

/** Whether any active URIDNSBL rule is NS-based (nsrhsbl, fullnsrhsbl, or a plain list without tflags a). */
function anyNsRule(ctx: ScanContext): boolean {
  return memo(ctx, 'uridnsbl_ns_rules', () => {
    for (const [name, cf] of uriblRules(ctx.conf)) {
      if (ruleScore(ctx.conf, name, ctx.scoreSet) === 0) continue;
      const t = ctx.conf.tflags.get(name) ?? {};
      if (cf.kind === 'nsrhsbl' || cf.kind === 'fullnsrhsbl' || (cf.kind === 'dnsbl' && (t.ns !== undefined || t.a === undefined))) return true;
    }
    return false;
  });
}

function launch(ctx: ScanContext, rule: NetEvalRule, net: NetLookups): void {
  if ((ctx.conf.other.get('skip_uribl_checks') ?? '0') !== '0') return;
  const cf = uriblRules(ctx.conf).get(rule.name);
  if (!cf) return;
  const t = rule.tflags;
  for (const [rawHost, rawDomain] of uriHosts(ctx)) {
    const host = rawHost.toLowerCase();
    const domain = rawDomain.toLowerCase();
    const literal = /^\d+\.\d+\.\d+\.\d+$/.test(host) || host.startsWith('[');
    if (literal) {
      // Only public IPv4 literals; they go to RHS lists (plain or ips_only).
      if (!isIpv4Address(host) || isIpPrivate(host)) continue;
      if (cf.kind === 'rhsbl' && t.domains_only === undefined) lookupList(ctx, net, rule.name, cf, host);
      continue;
    }
    if (cf.kind === 'rhsbl') {
      if (t.ips_only === undefined) lookupList(ctx, net, rule.name, cf, t.notrim !== undefined ? host : domain);
      continue;
    }
    if (cf.kind === 'dnsbl' && t.a !== undefined) viaAddress(ctx, net, rule, cf, host);
    if (anyNsRule(ctx)) viaNameServers(ctx, net, rule, cf, domain);
  }
}

export const uridnsblEvals: EvalTable = {
  check_uridnsbl: {
    fn: () => false,
    plugin: PLUGIN,
    types: ANY,
    network: true,
    net: { launch, result: (ctx, rule) => hitWithDetails(ctx, PLUGIN, rule) },
  },
};
