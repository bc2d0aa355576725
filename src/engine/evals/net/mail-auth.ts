/**
 * SPF, DKIM and DMARC for one message through `mailauth`, with every DNS
 * question going through the message's query session (same servers, same
 * budget, same cache). Started once per message by the first SPF, DKIM or
 * DMARC rule; the evals read the outcome after the join.
 */
import type { ARCData } from 'mailauth';
import type { NetLookups, RrType } from '../../net/dns-types.js';
import type { ScanContext } from '../../scan/context-types.js';
import { memo } from '../util/memo.js';
import { type ArcFlags, arcFlags, hasArcHeaders } from './arc-result.js';
import { mailauthModules } from './mailauth-modules.js';

export interface DkimSignature {
  domain: string;
  result: string;
}

export interface AuthOutcome {
  /** SPF result for the envelope sender (pass, fail, softfail, neutral, none, permerror, temperror), if checked. */
  spf?: string;
  spfHelo?: string;
  /** The sender SPF checked (lower case), SpamAssassin's spf_sender. */
  spfSender?: string;
  dkim: DkimSignature[];
  /** The DKIM verification ran to its end (SpamAssassin's dkim_signatures_ready). */
  dkimChecked?: boolean;
  dmarc?: { result: string; policy: string };
  /** DKIM.pm's arc_signed / arc_valid. */
  arc?: ArcFlags;
}

/** node:dns error codes, which mailauth reads to tell "no record" from failures. */
const NODE_CODES: Readonly<Record<string, string>> = {
  NXDOMAIN: 'ENOTFOUND', NODATA: 'ENODATA', SERVFAIL: 'ESERVFAIL', TIMEOUT: 'ETIMEOUT', REFUSED: 'EREFUSED',
  RESTRICTED: 'EREFUSED',
};

function resolverFor(net: NetLookups) {
  return async (name: string, type: string): Promise<never> => {
    const a = await net.lookup(name, type as RrType);
    if (a.code === 'NOERROR') return a.records as never;
    const err = new Error(`${type} ${name}: ${a.code}`) as NodeJS.ErrnoException;
    err.code = NODE_CODES[a.code] ?? 'ESERVFAIL';
    throw err;
  };
}

export function authOutcome(ctx: ScanContext): AuthOutcome {
  return memo(ctx, 'mail_auth', () => ({ dkim: [] }));
}

/** SPF.pm's _get_sender: the first external relay's envfrom, else EnvelopeFrom when no trusted relay rewrote it. */
function spfSender(ctx: ScanContext): string | undefined {
  const r = ctx.relays();
  const relay = r.external[0];
  if (relay && relay.envfrom !== '') return relay.envfrom.toLowerCase();
  if (r.trusted.length > 0 && !ctx.conf.alwaysTrustEnvelopeSender) return undefined;
  const env = ctx.headerList('EnvelopeFrom:addr')[0];
  return env ? env.toLowerCase() : undefined;
}

const SPF_RESULTS = new Set(['pass', 'fail', 'softfail', 'neutral', 'none', 'permerror', 'temperror']);

function spfResult(status: string): string {
  if (status === 'temperr' || status === 'error') return 'temperror';
  return SPF_RESULTS.has(status) ? status : 'temperror';
}

const RECEIVED_SPF = /^received-spf:\s*(pass|neutral|(?:soft)?fail|(?:temp|perm)error|none)\b(?:.*\bidentity=(\S+?);?\b)?/is;
const AUTH_RESULTS_SPF = /^(?:arc-)?authentication-results:.*;\s*spf\s*=\s*([^;]*)/is;
const AR_RESULT = /^(pass|neutral|(?:hard|soft)?fail|(?:temp|perm)error|none)(?:[^;]*?\bsmtp\.(\S+)\s*=[^;]+)?/i;

/**
 * SPF.pm: results our own (internal) hosts already recorded in Received-SPF
 * or Authentication-Results headers are used instead of asking DNS; the
 * oldest header first unless use_newest_received_spf_header.
 */
function recordedSpf(ctx: ScanContext, out: AuthOutcome): void {
  if ((ctx.conf.other.get('ignore_received_spf_header') ?? '0') !== '0') return;
  let headers = ctx.headerList('ALL-INTERNAL').flatMap((block) => block.split(/\n(?=\S)/));
  if ((ctx.conf.other.get('use_newest_received_spf_header') ?? '0') === '0') headers = headers.reverse();
  for (const h of headers) {
    let result: string | undefined;
    let identity: string | undefined;
    const rs = RECEIVED_SPF.exec(h);
    if (rs) [result, identity] = [rs[1], rs[2]];
    else {
      const ar = AUTH_RESULTS_SPF.exec(h);
      const m = ar ? AR_RESULT.exec((ar[1] as string).trim()) : null;
      if (m) [result, identity] = [m[1], m[2]];
    }
    if (result === undefined) continue;
    result = result.toLowerCase() === 'hardfail' ? 'fail' : result.toLowerCase();
    const id = identity?.toLowerCase();
    if (id === undefined || id === 'mfrom' || id === 'mailfrom') out.spf ??= result;
    else if (id === 'helo') out.spfHelo ??= result;
    if (out.spf !== undefined && out.spfHelo !== undefined) return;
  }
}

async function runSpf(ctx: ScanContext, out: AuthOutcome, net: NetLookups): Promise<void> {
  recordedSpf(ctx, out);
  const hop = ctx.relays().external[0];
  if (!hop) return;
  const resolver = resolverFor(net);
  const mta = 'spamward';
  const sender = spfSender(ctx);
  if (sender) out.spfSender = sender;
  const jobs: Promise<void>[] = [];
  const { spf } = await mailauthModules();
  if (sender && out.spf === undefined) {
    jobs.push(spf({ sender, ip: hop.ip, helo: hop.helo || 'unknown', mta, resolver }).then((r) => {
      out.spf = spfResult(r.status.result);
    }));
  }
  // A HELO that is an address literal or a single label cannot be checked.
  const helo = hop.helo;
  if (out.spfHelo === undefined && helo && !/^[[!]?\d+\.\d+\.\d+\.\d+[\]!]?$/.test(helo) && helo.includes('.')) {
    jobs.push(spf({ sender: `postmaster@${helo}`, ip: hop.ip, helo, mta, resolver }).then((r) => {
      out.spfHelo = spfResult(r.status.result);
    }));
  }
  await Promise.all(jobs);
}

async function runDkim(ctx: ScanContext, out: AuthOutcome, net: NetLookups): Promise<void> {
  const names = ctx.msg.headers.map((h) => h.name);
  if (!names.some((n) => n.toLowerCase() === 'dkim-signature') && !hasArcHeaders(names)) {
    out.dkimChecked = true;
    out.arc = { signed: false, valid: false };
    return;
  }
  const minBits = Number(ctx.conf.other.get('dkim_minimum_key_bits') ?? 1024);
  const resolver = resolverFor(net);
  const { dkimVerify } = await mailauthModules();
  // mailauth verifies the newest ARC-Message-Signature along with the DKIM signatures.
  const res = await dkimVerify(Buffer.concat([ctx.msg.pristineHeaders, ctx.msg.pristineBody]), { resolver, minBitLength: minBits, curTime: ctx.now });
  out.dkim = res.results
    .filter((r) => r.signingDomain)
    .map((r) => ({ domain: r.signingDomain.toLowerCase(), result: r.status.result }));
  out.dkimChecked = true;
  out.arc = await arcFlags((res as { arc?: ARCData }).arc, names, resolver, minBits);
}

/** DMARC.pm: needs an external relay and a From address; SPF (mfrom, else HELO) and DKIM as SpamAssassin saw them. */
async function runDmarc(ctx: ScanContext, out: AuthOutcome, net: NetLookups): Promise<void> {
  const hop = ctx.relays().external[0];
  const from = ctx.headerList('From:first:addr')[0];
  if (!hop || !from || !from.includes('@')) return;
  const mfrom = ctx.headerList('EnvelopeFrom:first:addr:host')[0] ?? ctx.headerList('From:first:addr:domain')[0];
  if (!mfrom) return;
  const spfDomains: string[] = [];
  if (out.spf === 'pass') spfDomains.push(mfrom.toLowerCase());
  const dkimDomains = out.dkim.filter((s) => s.result === 'pass').map((s) => ({ domain: s.domain }));
  const { dmarc } = await mailauthModules();
  const r = await dmarc({ headerFrom: from, spfDomains, dkimDomains, resolver: resolverFor(net) });
  if (!r) return;
  const result = r.status.result;
  if (result === 'pass') out.dmarc = { result, policy: r.p ?? 'none' };
  else if (result === 'fail') out.dmarc = { result, policy: r.policy ?? 'none' };
  else if (result === 'none') out.dmarc = { result, policy: 'no policy available' };
}

/** Start SPF, DKIM and then DMARC for the message (once). */
/**
 * Runs `then` once SPF and DKIM are verified (the DKIMDOMAIN tag is known
 * then), tracked by the message's lookups; starts the verification if no
 * rule has yet.
 */
export function afterMailAuth(ctx: ScanContext, net: NetLookups, then: () => unknown): void {
  launchMailAuth(ctx, net, false);
  const base = ctx.scratch.get('mail_auth_base') as Promise<void> | undefined;
  if (base) net.track(base.then(then));
}

export function launchMailAuth(ctx: ScanContext, net: NetLookups, wantDmarc: boolean): void {
  const key = 'mail_auth_started';
  const started = ctx.scratch.get(key) as { dmarc: boolean } | undefined;
  if (started && (started.dmarc || !wantDmarc)) return;
  const out = authOutcome(ctx);
  let base = ctx.scratch.get('mail_auth_base') as Promise<void> | undefined;
  if (!base) {
    base = Promise.all([runSpf(ctx, out, net), runDkim(ctx, out, net)]).then(() => undefined);
    ctx.scratch.set('mail_auth_base', base);
    net.track(base);
  }
  if (wantDmarc) net.track(base.then(() => runDmarc(ctx, out, net)));
  ctx.scratch.set(key, { dmarc: wantDmarc || (started?.dmarc ?? false) });
}
