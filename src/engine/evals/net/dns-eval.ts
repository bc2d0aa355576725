/**
 * DNSEval: the DNS blocklist evals. check_rbl / check_rbl_txt look the
 * chosen relay IPs up in a zone; every answer to a set is also offered to
 * that set's check_rbl_sub rules. The from-address variants look host
 * names up instead. Lookups start before the rules run; the rules read
 * the answers after the join.
 */
import type { NetEvalRule, NetworkEval, ScanContext } from '../../scan/context-types.js';
import type { DnsAnswer, NetLookups, RrType } from '../../net/dns-types.js';
import { reverseIp } from '../../message/host-extract.js';
import { HEAD } from '../define.js';
import type { EvalTable } from '../define.js';
import { isDomainValid, isFqdnValid, uriToDomain } from '../util/domains.js';
import { isIpAddress } from '../util/ip-patterns.js';
import { allFromAddrs } from '../util/message-addrs.js';
import { memo } from '../util/memo.js';
import { rblIps } from './rbl-ips.js';
import { dnsblLog } from './dnsbl-log.js';
import { answerText, parseSubtest, subtestMatches } from './rbl-subtest.js';
import { noteRblAnswer, type RblTagAnswers, rblTagValue } from './rbl-tag.js';

/** One usable answer, with the question it answers (the report line names the listed address). */
interface RblAnswer {
  text: string;
  question: string;
  type: 'A' | 'TXT';
}

/** Per message: the answers by rule and by set, in the order they came. */
interface RblState {
  byRule: Map<string, RblAnswer[]>;
  bySet: Map<string, RblAnswer[]>;
  /** Every answer record by query, usable or not, for the RBL tag (rbl-tag.ts). */
  seen: RblTagAnswers;
  /** Whether the RBL tag was set from `seen` (once, after the join). */
  tagged: boolean;
}

function rblState(ctx: ScanContext): RblState {
  return memo(ctx, 'dnseval_answers', () => ({ byRule: new Map(), bySet: new Map(), seen: new Map(), tagged: false }));
}

/** The RBL tag, set once the answers are in (each rule's result comes after the join); SpamAssassin sets it at the end of its DNS phase. */
function tagAnswers(ctx: ScanContext): void {
  const state = rblState(ctx);
  if (state.tagged) return;
  state.tagged = true;
  const tag = rblTagValue(state.seen);
  if (tag !== '') ctx.setTag('RBL', tag);
}

function push(map: Map<string, RblAnswer[]>, key: string, value: RblAnswer): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function skipped(ctx: ScanContext): boolean {
  return (ctx.conf.other.get('skip_rbl_checks') ?? '0') !== '0';
}

/** One DNSBL query whose usable answers (127/8 A records, TXT) are recorded under the rule and its set. */
function query(ctx: ScanContext, net: NetLookups, rule: string, set: string, name: string, type: RrType): void {
  const state = rblState(ctx);
  void net.lookup(name, type).then((a: DnsAnswer) => {
    if (a.code !== 'NOERROR') return;
    for (const rec of a.records) {
      const text = answerText(rec);
      noteRblAnswer(state.seen, name, type, text);
      if (type === 'A' && !text.startsWith('127.')) continue;
      const answer: RblAnswer = { text, question: name, type: type === 'TXT' ? 'TXT' : 'A' };
      push(state.byRule, rule, answer);
      push(state.bySet, set, answer);
    }
  });
}

function zoneOf(zone: string | undefined): string {
  return (zone ?? '').replace(/\.+$/, '');
}

function relayLaunch(type: RrType): NetworkEval['launch'] {
  return (ctx, rule, net) => {
    if (skipped(ctx)) return;
    const [set = '', zone] = rule.args;
    const nice = rule.tflags.nice !== undefined;
    for (const ip of rblIps(ctx, set, nice)) {
      const rev = reverseIp(ip);
      if (rev !== undefined) query(ctx, net, rule.name, set, `${rev}.${zoneOf(zone)}`, type);
    }
  };
}

/** _check_rbl_addresses: the host part of each address, squeezed and validated. */
function addressLaunch(addresses: (ctx: ScanContext) => string[]): NetworkEval['launch'] {
  return (ctx, rule, net) => {
    if (skipped(ctx)) return;
    const [set = '', zone] = rule.args;
    const hosts = new Set<string>();
    for (const a of addresses(ctx)) {
      const m = /@([^@\s]+)/.exec(a);
      if (!m) continue;
      const host = (m[1] as string).replace(/^\.+|\.+$/g, '').replace(/\.{2,}/g, '.');
      if (host.includes('.')) hosts.add(host.toLowerCase());
    }
    for (const host of hosts) hostLaunch(ctx, net, rule, set, zone, host);
  };
}

/** One host or IP value looked up in the zone, with the rule's ips_only / domains_only restrictions. */
function hostLaunch(ctx: ScanContext, net: NetLookups, rule: NetEvalRule, set: string, zone: string | undefined, raw: string): void {
  let host = raw.trim().replace(/\.$/, '');
  if (host === '') return;
  if (isIpAddress(host)) {
    if (rule.tflags.domains_only !== undefined) return;
    host = reverseIp(host) ?? host;
  } else {
    if (rule.tflags.ips_only !== undefined) return;
    if (!isFqdnValid(host) || !isDomainValid(ctx.conf, host)) return;
  }
  query(ctx, net, rule.name, set, `${host}.${zoneOf(zone)}`, 'A');
}

/** check_rbl_rcvd: the IP, by, HELO and rDNS of the last untrusted relay. */
const rcvdLaunch: NetworkEval['launch'] = (ctx, rule, net) => {
  if (skipped(ctx)) return;
  const [set = '', zone] = rule.args;
  const untrusted = ctx.relays().untrusted;
  const last = untrusted[untrusted.length - 1];
  if (!last) return;
  for (const v of new Set([last.ip, last.by, last.helo, last.rdns])) hostLaunch(ctx, net, rule, set, zone ?? '', v);
};

/** check_rbl_headers: addresses' domains, else the header values (hosts or IPs), of the listed headers (default rbl_headers). */
const headersLaunch: NetworkEval['launch'] = (ctx, rule, net) => {
  if (skipped(ctx)) return;
  const [set = '', zone = '', , headers] = rule.args;
  const names = (headers ?? ctx.conf.other.get('rbl_headers') ?? '').split(',').filter((h) => h !== '');
  for (const h of names) {
    const addr = ctx.headerList(`${h}:addr`)[0];
    if (addr !== undefined && /@[^@\s]+/.test(addr)) {
      addressLaunch(() => [addr])(ctx, rule, net);
      continue;
    }
    for (const line of ctx.header(h).split('\n')) hostLaunch(ctx, net, rule, set, zone, line);
  }
};

/**
 * check_rbl_ns_from: the envelope sender's domain is asked for NS records,
 * and each primary name server of a zone in the answer's authority section
 * (an SOA's MNAME, which a server gives when the domain has no NS records of
 * its own) is looked up in the zone. SpamAssassin reads every authority
 * record as an SOA and stops at the first that is not one (a delegation's NS
 * records), so a domain with its own NS records asks nothing further.
 */
const nsFromLaunch: NetworkEval['launch'] = (ctx, rule, net) => {
  if (skipped(ctx)) return;
  const [set = '', zone] = rule.args;
  let domain: string | undefined;
  for (const from of ctx.headerList('EnvelopeFrom:addr')) {
    const m = /@([^@\s]+\.[^@\s]+)/.exec(from.replace(/\.{2,}/g, '.'));
    if (m) {
      domain = (m[1] as string).toLowerCase();
      break;
    }
  }
  if (domain === undefined) return;
  net.track(net.lookup(domain, 'NS').then((answer) => {
    for (const primary of answer.authority ?? []) {
      if (primary === null) break;
      if (isFqdnValid(primary)) query(ctx, net, rule.name, set, `${primary}.${zoneOf(zone)}`, 'A');
    }
  }));
};

/** A hit on these answers; each one is noted under the rule's report line (but for `__` rules), as dnsbl_hit does. */
function hitOn(ctx: ScanContext, rule: NetEvalRule, answers: readonly RblAnswer[]): boolean {
  if (answers.length === 0) return false;
  if (!rule.name.startsWith('__')) {
    for (const a of answers) {
      const log = dnsblLog(a.question, a.type, a.text);
      if (log !== '') ctx.testLog(log);
    }
  }
  return true;
}

/** check_rbl*: hit when an own answer passes the rule's subtest (any usable answer without one). */
function ruleResult(ctx: ScanContext, rule: NetEvalRule, subtestArg: number): boolean {
  tagAnswers(ctx);
  const answers = rblState(ctx).byRule.get(rule.name) ?? [];
  const text = rule.args[subtestArg];
  if (text === undefined || text === '') return hitOn(ctx, rule, answers);
  const subtest = parseSubtest(text);
  return subtest !== undefined && hitOn(ctx, rule, answers.filter((a) => subtestMatches(subtest, a.text)));
}

const subResult = (ctx: ScanContext, rule: NetEvalRule): boolean => {
  tagAnswers(ctx);
  const [set = '', text] = rule.args;
  const subtest = text === undefined ? undefined : parseSubtest(text);
  if (subtest === undefined) return false;
  return hitOn(ctx, rule, (rblState(ctx).bySet.get(set) ?? []).filter((a) => subtestMatches(subtest, a.text)));
};

function fromDomains(ctx: ScanContext): string[] {
  const out: string[] = [];
  for (const a of allFromAddrs(ctx)) {
    const d = uriToDomain(ctx.conf, a);
    if (d !== undefined && !out.some((x) => x.toLowerCase() === `dummy@${d}`.toLowerCase())) out.push(`dummy@${d}`);
  }
  return out;
}

/** check_rbl_accreditor: only when the sender asserts that accreditor (a--NAME. in the envelope or an Accreditor header). */
function accreditors(ctx: ScanContext): Set<string> {
  return memo(ctx, 'accreditor_tag', () => {
    const tags = new Set<string>();
    const env = /[@.]a--([a-z0-9]{3,})\./i.exec(ctx.header('EnvelopeFrom:addr'));
    if (env) tags.add((env[1] as string).toLowerCase());
    const field = ctx.headerList('Accreditor').join('');
    for (const part of field.split(',')) {
      const first = part.trim().split(/\s+/)[0];
      if (first) tags.add(first.toLowerCase());
    }
    return tags;
  });
}

const NEVER = (): boolean => false;

function netEval(launch: NetworkEval['launch'], result: NetworkEval['result']) {
  return { fn: NEVER, plugin: 'DNSEval', types: HEAD, network: true, net: { launch, result } };
}

const relayA = relayLaunch('A');

export const dnsEvals: EvalTable = {
  check_rbl: netEval(relayA, (ctx, rule) => ruleResult(ctx, rule, 2)),
  check_rbl_txt: netEval(relayLaunch('TXT'), (ctx, rule) => ruleResult(ctx, rule, 2)),
  check_rbl_sub: netEval(() => undefined, subResult),
  check_rbl_accreditor: netEval(
    (ctx, rule, net) => {
      if (accreditors(ctx).has((rule.args[3] ?? '').toLowerCase())) relayA(ctx, rule, net);
    },
    (ctx, rule) => ruleResult(ctx, rule, 2),
  ),
  check_rbl_from_host: netEval(addressLaunch(allFromAddrs), (ctx, rule) => ruleResult(ctx, rule, 2)),
  check_rbl_from_domain: netEval(addressLaunch(fromDomains), (ctx, rule) => ruleResult(ctx, rule, 2)),
  check_rbl_rcvd: netEval(rcvdLaunch, (ctx, rule) => ruleResult(ctx, rule, 2)),
  check_rbl_headers: netEval(headersLaunch, (ctx, rule) => ruleResult(ctx, rule, 2)),
  check_rbl_envfrom: netEval(addressLaunch((ctx) => ctx.headerList('EnvelopeFrom:addr')), (ctx, rule) => ruleResult(ctx, rule, 2)),
  check_rbl_ns_from: netEval(nsFromLaunch, (ctx, rule) => ruleResult(ctx, rule, 2)),
};
