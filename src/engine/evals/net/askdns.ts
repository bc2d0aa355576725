/**
 * AskDNS: `askdns NAME QUERY-TEMPLATE [TYPE [SUBTEST]]` rules. The template's
 * _TAG_ names are filled with the message's values (one query per value);
 * a template waiting for a tag that has no value asks nothing. DKIMDOMAIN
 * waits for the DKIM verification. Subtests: /regex/, "string", [RCODE…],
 * or the numeric mask, range and value/mask forms of URIDNSBL.
 */
import { reverseIp } from '../../message/host-extract.js';
import type { DnsAnswer, NetLookups, RrType } from '../../net/dns-types.js';
import type { EvalDefinition, NetEvalRule, ScanContext } from '../../scan/context-types.js';
import { compilePerlRegex } from '../../regex/translate.js';
import { HEAD } from '../define.js';
import { isFqdnValid } from '../util/domains.js';
import { memo } from '../util/memo.js';
import { answerText } from './rbl-subtest.js';
import { canonicalSubtest, uriblMatches } from './uridnsbl-config.js';
import { afterMailAuth, authOutcome } from './mail-auth.js';
import { hitWithDetails, noteHit } from './noted-hits.js';

const PLUGIN = 'AskDNS';

type Subtest = { kind: 'none' } | { kind: 'regex'; re: RegExp } | { kind: 'string'; value: string } | { kind: 'rcodes'; codes: Set<string> } | { kind: 'number'; canonical: string };

interface AskRule {
  template: string;
  type: RrType;
  /** Answer types that count ('ANY' = all). */
  answerTypes: string[];
  subtest: Subtest;
}

const RCODE_NUMBERS: Readonly<Record<string, string>> = { 0: 'NOERROR', 1: 'FORMERR', 2: 'SERVFAIL', 3: 'NXDOMAIN', 4: 'NOTIMP', 5: 'REFUSED' };

function parseSubtest(text: string | undefined): Subtest | undefined {
  if (text === undefined || text === '') return { kind: 'none' };
  const re = /^\/(.+)\/([a-z]*)$/s.exec(text) ?? /^m(\W)(.+)\1([a-z]*)$/s.exec(text);
  if (re) {
    try {
      const [pattern, flags] = re.length === 3 ? [re[1], re[2]] : [re[2], re[3]];
      return { kind: 'regex', re: compilePerlRegex(pattern as string, flags ?? '') };
    } catch {
      return undefined;
    }
  }
  const quoted = /^(["'])(.*)\1$/s.exec(text);
  if (quoted) return { kind: 'string', value: quoted[2] as string };
  const rcodes = /^\[((?:[A-Z]+|\d+)(?:\s*,\s*(?:[A-Z]+|\d+))*)\]$/i.exec(text);
  if (rcodes) return { kind: 'rcodes', codes: new Set((rcodes[1] as string).toUpperCase().split(/\s*,\s*/).map((c) => RCODE_NUMBERS[c] ?? c)) };
  const canonical = canonicalSubtest(text);
  return canonical === undefined ? undefined : { kind: 'number', canonical };
}

function askRule(ctx: ScanContext, name: string): AskRule | undefined {
  return memo(ctx, `askdns:${name}`, () => {
    const spec = ctx.conf.hashes.get('askdns')?.get(name);
    if (spec === undefined) return undefined;
    const [template = '', types = 'A', ...rest] = spec.split(/\s+/);
    const answerTypes = types.toUpperCase().split(',');
    const subtest = parseSubtest(rest.join(' ').trim() || undefined);
    if (!subtest) return undefined;
    // The query type is the first listed (ANY asks for A).
    const first = answerTypes[0] === 'ANY' ? 'A' : (answerTypes[0] as RrType);
    return { template, type: first, answerTypes, subtest };
  });
}

/** Tag values known right after parsing (PerMsgStatus's metadata tags). */
export function tagValues(ctx: ScanContext, tag: string): string[] {
  const r = ctx.relays();
  const last = r.external[0];
  const first = r.trusted[r.trusted.length - 1];
  const uniq = (xs: string[]) => [...new Set(xs.filter((x) => x !== ''))];
  switch (tag) {
    case 'SENDERDOMAIN': return uniq([ctx.headerList('EnvelopeFrom:first:addr:host')[0]?.toLowerCase() ?? '']);
    case 'AUTHORDOMAIN': return uniq(ctx.headerList('From:addr:host').map((h) => h.toLowerCase()));
    case 'LASTEXTERNALIP': return uniq([last?.ip ?? '']);
    case 'LASTEXTERNALREVIP': return uniq([reverseIp(last?.ip ?? '') ?? '']);
    case 'LASTEXTERNALRDNS': return uniq([last?.rdns ?? '']);
    case 'LASTEXTERNALHELO': return uniq([last?.helo ?? '']);
    case 'FIRSTTRUSTEDIP': return uniq([first?.ip ?? '']);
    case 'FIRSTTRUSTEDREVIP': return uniq([reverseIp(first?.ip ?? '') ?? '']);
    case 'DKIMDOMAIN': return uniq(authOutcome(ctx).dkim.filter((s) => s.result === 'pass').map((s) => s.domain));
    default: {
      const header = /^HEADER\((.+)\)$/.exec(tag);
      if (header) return uniq(ctx.headerList(header[1] as string).map((v) => v.trim()));
      const v = ctx.getTag(tag);
      return v === undefined ? [] : [v];
    }
  }
}

/** Every expansion of the template (one per combination of tag values). */
function expand(ctx: ScanContext, template: string): string[] {
  let out = [template];
  for (const m of template.matchAll(/_(HEADER\([^)]*\)|[A-Z][A-Z0-9]*)_/g)) {
    const tag = m[1] as string;
    const values = tagValues(ctx, tag);
    if (values.length === 0) return [];
    out = out.flatMap((q) => values.map((v) => q.split(`_${tag}_`).join(v)));
  }
  return [...new Set(out)];
}

/**
 * The data of each answer record that matches the rule's subtest. An rcode
 * subtest matches every record of an answer with that rcode, or the answer
 * itself when it has none (SpamAssassin then logs empty data).
 */
function matchingData(rule: AskRule, a: DnsAnswer): string[] {
  const st = rule.subtest;
  if (st.kind === 'rcodes') {
    if (!st.codes.has(a.code === 'NODATA' ? 'NOERROR' : a.code)) return [];
    return a.records.length > 0 ? a.records.map(answerText) : [''];
  }
  if (a.code !== 'NOERROR') return [];
  const typeOk = rule.answerTypes.includes('ANY') || rule.answerTypes.includes(rule.type);
  if (!typeOk) return [];
  return a.records.map(answerText).filter((text) => {
    switch (st.kind) {
      case 'none': return true;
      case 'regex': return st.re.test(text);
      case 'string': return text === st.value;
      case 'number': return text === st.canonical || (rule.type === 'A' && uriblMatches({ kind: 'dnsbl', zone: '', type: 'A', subtest: st.canonical }, text, true));
    }
  });
}

function ask(ctx: ScanContext, rule: NetEvalRule, ar: AskRule, net: NetLookups): void {
  for (const q of expand(ctx, ar.template)) {
    if (!isFqdnValid(q.replace(/\.$/, ''))) continue;
    void net.lookup(q, ar.type).then((a) => {
      // askdns_hit's detail: the query, its type and the record's data.
      for (const d of matchingData(ar, a)) noteHit(ctx, PLUGIN, rule.name, `${q} ${ar.type}:${d}`);
    });
  }
}

function launch(ctx: ScanContext, rule: NetEvalRule, net: NetLookups): void {
  const ar = askRule(ctx, rule.name);
  if (!ar) return;
  if (!ar.template.includes('_DKIMDOMAIN_')) {
    ask(ctx, rule, ar, net);
    return;
  }
  afterMailAuth(ctx, net, () => ask(ctx, rule, ar, net));
}

export const askdnsEval: EvalDefinition = {
  fn: () => false,
  plugin: PLUGIN,
  types: HEAD,
  network: true,
  net: { launch, result: (ctx, rule) => hitWithDetails(ctx, PLUGIN, rule) },
};
