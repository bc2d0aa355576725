/**
 * RelayEval: facts about the Received chain (trust boundary, parse
 * failures, HELO forgeries).
 */
import type { Relay } from '../message/analysis-types.js';
import type { ScanContext } from '../scan/context-types.js';
import { ANY, evalDef, HEAD, type EvalTable } from './define.js';
import { IPV4_ADDRESS_SRC, isIpPrivate, isIpv4Address } from './util/ip-patterns.js';
import { memo } from './util/memo.js';
import { lcBytes, quoteMeta } from './util/perl-values.js';

const PLUGIN = 'RelayEval';

function counts(ctx: ScanContext): { trusted: number; untrusted: number; unparseable: number } {
  const r = ctx.relays();
  return { trusted: r.trusted.length, untrusted: r.untrusted.length, unparseable: r.numRelaysUnparseable };
}

const NUMERIC_HELO = new RegExp(`\\bhelo=(${IPV4_ADDRESS_SRC})(?=[\\x00-\\x20,;\\[()<>]|$)`, 'i');

function numericHelo(ctx: ScanContext): boolean {
  const m = NUMERIC_HELO.exec(ctx.relays().relaysUntrustedStr);
  return m !== null && !isIpPrivate(m[1] ?? '');
}

function heloIpMismatch(ctx: ScanContext): boolean {
  for (const relay of ctx.relays().untrusted) {
    const { helo, ip } = relay;
    if (!isIpv4Address(helo) || isIpPrivate(helo)) continue;
    const net = /^(\d+\.\d+\.\d+\.)/.exec(helo);
    if (isIpv4Address(ip) && !isIpPrivate(ip) && helo !== ip && net && !ip.startsWith(net[1] ?? '')) return true;
  }
  return false;
}

function senderNoReverse(ctx: ScanContext): boolean {
  const untrusted = ctx.relays().untrusted;
  const last = untrusted[untrusted.length - 1];
  return last !== undefined && /\./.test(last.rdns) && !last.ipPrivate;
}

const DOTCOM_HELO = /(?:\.|^)(lycos\.com|lycos\.co\.uk|hotmail\.com|localhost\.com|excite\.com|caramail\.com|cs\.com|aol\.com|msn\.com|yahoo\.com|drizzle\.com)$/i;

/** SpamAssassin resets the flag at every public relay, so the last one alone decides. */
function noRdnsDotcomHelo(ctx: ScanContext): boolean {
  return memo(ctx, 'no_rdns_dotcom_helo', () => {
    let hit = false;
    for (const relay of ctx.relays().untrusted) {
      if (relay.ipPrivate) continue;
      hit = DOTCOM_HELO.test(relay.helo) && relay.noReverseDns === true;
    }
    return hit;
  });
}

/** RelayEval's crude "domain of a host name": the last two labels, or three under short ccTLDs. */
export function hostnameToDomain(hostname: string): string {
  if (!/[a-zA-Z]/.test(hostname)) return hostname;
  const parts = hostname.split('.');
  if (parts.length > 1 && /(?:\S{3,}|ie|fr|de)/.test(parts[parts.length - 1] ?? '')) return parts.slice(-2).join('.');
  if (parts.length > 2) return parts.slice(-3).join('.');
  return hostname;
}

const HOSTLIKE = /^\w+(?:[\w.-]+\.)+\w+$/;

interface ForgedCounts { mismatchFrom: number; mismatchIpHelo: number }

function ipHeloMismatch(helo: string, fip: string): boolean {
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(helo) || !/^\d+\.\d+\.\d+\.\d+$/.test(fip) || fip === helo) return false;
  const hb = /^(\d+\.\d+)\./.exec(helo)?.[1];
  const fb = /^(\d+\.\d+)\./.exec(fip)?.[1];
  return hb !== undefined && fb !== undefined && hb !== fb && !isIpPrivate(helo);
}

function forgedReceived(ctx: ScanContext): ForgedCounts {
  return memo(ctx, 'forged_received', () => {
    const relays: readonly Relay[] = ctx.relays().untrusted;
    const from: (string | undefined)[] = relays.map((r) => hostnameToDomain(lcBytes(r.rdns)));
    const result = { mismatchFrom: 0, mismatchIpHelo: 0 };
    relays.forEach((relay, i) => {
      const by = hostnameToDomain(lcBytes(relay.by));
      if (!HOSTLIKE.test(by)) return;
      if (/^localhost(?:\.localdomain)?$/.test(from[i] ?? '') && relay.ip === '127.0.0.1') from[i] = undefined;
      if (ipHeloMismatch(hostnameToDomain(lcBytes(relay.helo)), relay.ip)) result.mismatchIpHelo++;
      const prev = i > 0 ? from[i - 1] : undefined;
      if (prev !== undefined && HOSTLIKE.test(prev) && by !== prev && !(by === 'msn.com' && prev === 'hotmail.com')) {
        result.mismatchFrom++;
      }
    });
    return result;
  });
}

/** Whether From names the domain and a relay's rdns and by both do; 'absent' when From does not. */
function fromDomainInReceived(ctx: ScanContext, domain: string, desired: string): boolean {
  const cache = memo(ctx, 'from_domain_in_received', () => new Map<string, boolean | 'absent'>());
  let found = cache.get(domain);
  if (found === undefined) {
    if (!new RegExp(`\\b${quoteMeta(domain)}`, 'i').test(ctx.header('From:addr'))) found = 'absent';
    else {
      const r = ctx.relays();
      const rcvd = `${r.relaysTrustedStr}\n${r.relaysUntrustedStr}`;
      found = safeRegExp(` rdns=\\S*\\b${domain} [^\\]]*by=\\S*\\b${domain} `)?.test(rcvd) ?? false;
    }
    cache.set(domain, found);
  }
  // SpamAssassin answers false either way when From lacks the domain.
  if (found === 'absent') return false;
  return desired === 'true' ? found : !found;
}

function safeRegExp(source: string): RegExp | undefined {
  try {
    return new RegExp(source);
  } catch {
    return undefined;
  }
}

export const relayEvals: EvalTable = {
  check_for_numeric_helo: evalDef(PLUGIN, ANY, numericHelo),
  check_for_illegal_ip: evalDef(PLUGIN, ANY, () => false),
  check_all_trusted: evalDef(PLUGIN, ANY, (ctx) => {
    const c = counts(ctx);
    return c.trusted > 0 && c.untrusted === 0 && c.unparseable === 0;
  }),
  check_no_relays: evalDef(PLUGIN, ANY, (ctx) => {
    const c = counts(ctx);
    return c.trusted === 0 && c.untrusted === 0 && c.unparseable === 0;
  }),
  check_relays_unparseable: evalDef(PLUGIN, ANY, (ctx) => counts(ctx).unparseable > 0),
  check_for_sender_no_reverse: evalDef(PLUGIN, ANY, senderNoReverse),
  check_for_from_domain_in_received_headers: evalDef(PLUGIN, HEAD, (ctx, args) =>
    fromDomainInReceived(ctx, args[0] ?? '', args[1] ?? '')),
  check_for_forged_received_trail: evalDef(PLUGIN, ANY, (ctx) => forgedReceived(ctx).mismatchFrom > 1),
  check_for_forged_received_ip_helo: evalDef(PLUGIN, ANY, (ctx) => forgedReceived(ctx).mismatchIpHelo > 0),
  helo_ip_mismatch: evalDef(PLUGIN, ANY, heloIpMismatch),
  check_for_no_rdns_dotcom_helo: evalDef(PLUGIN, ANY, noRdnsDotcomHelo),
};
