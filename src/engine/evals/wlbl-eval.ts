/**
 * WLBLEval: welcome and block lists on senders, recipients and URI hosts,
 * and the named address lists of enlist_addrlist.
 */
import type { AddrList, EngineConfig } from '../config/types.js';
import type { ScanContext } from '../scan/context-types.js';
import { ANY, evalDef, HEAD, type EvalTable } from './define.js';
import { enlistedUriHostLists } from './uri-host-lists.js';
import { addrInList } from './util/addr-list.js';
import { splitDomain } from './util/domains.js';
import { memo } from './util/memo.js';
import { allFromAddrs, allToAddrs } from './util/message-addrs.js';
import { lcBytes } from './util/perl-values.js';
import { checkWelcomelistRcvd, relaysToCheck } from './wlbl-rcvd.js';

const PLUGIN = 'WLBLEval';

function anyFromIn(ctx: ScanContext, list: AddrList): boolean {
  return allFromAddrs(ctx).some((a) => addrInList(list, a));
}

function anyToIn(ctx: ScanContext, list: AddrList): boolean {
  return allToAddrs(ctx).some((a) => addrInList(list, a));
}

/** SpamAssassin looks named lists up among all settings, so the built-in lists are reachable by name too. */
const BUILTIN_LISTS: Record<string, (c: EngineConfig) => AddrList> = {
  welcomelist_from: (c) => c.welcomelistFrom,
  blocklist_from: (c) => c.blocklistFrom,
  welcomelist_to: (c) => c.welcomelistTo,
  more_spam_to: (c) => c.moreSpamTo,
  all_spam_to: (c) => c.allSpamTo,
  blocklist_to: (c) => c.blocklistTo,
  welcomelist_allows_relays: (c) => c.welcomelistAllowsRelays,
  welcomelist_auth: (c) => c.welcomelistAuth,
  def_welcomelist_auth: (c) => c.defWelcomelistAuth,
};

function namedList(conf: EngineConfig, name: string | undefined): AddrList | undefined {
  if (name === undefined) return undefined;
  return conf.addrLists.get(name) ?? BUILTIN_LISTS[name]?.(conf);
}

/** 1 welcomelisted, -1 forged (listed but via the wrong relay), 0 neither. */
function fromInWelcomelist(ctx: ScanContext): number {
  return memo(ctx, 'from_in_welcomelist', () => {
    let found = 0;
    for (const addr of allFromAddrs(ctx)) {
      if (addrInList(ctx.conf.welcomelistFrom, addr)) return 1;
      const r = checkWelcomelistRcvd(ctx, ctx.conf.welcomelistFromRcvd, ctx.conf.welcomelistAllowsRelays, addr);
      if (r === 1) return 1;
      if (r === -1) found = -1;
    }
    return found;
  });
}

function fromInDefaultWelcomelist(ctx: ScanContext): number {
  return memo(ctx, 'from_in_default_welcomelist', () => {
    let found = 0;
    for (const addr of allFromAddrs(ctx)) {
      const r = checkWelcomelistRcvd(ctx, ctx.conf.defWelcomelistFromRcvd, ctx.conf.welcomelistAllowsRelays, addr);
      if (r === 1) return 1;
      if (r === -1) found = -1;
    }
    return found;
  });
}

/** Whether the address's registrable domain is that of the relay that handed the mail over. */
export function addrMatchesRcvd(ctx: ScanContext, addr: string): boolean {
  const m = /@([^@]+\.[^@]+)$/.exec(addr);
  if (!m) return false;
  const addrDomain = splitDomain(ctx.conf, lcBytes(m[1] ?? ''))[1];
  for (const relay of relaysToCheck(ctx)) {
    const rdns = lcBytes(relay.rdns);
    if (rdns === '') continue;
    if (splitDomain(ctx.conf, rdns)[1] === addrDomain) return true;
  }
  return false;
}

const fromListCheck = (ctx: ScanContext, args: readonly string[]): boolean => {
  const list = namedList(ctx.conf, args[0]);
  return list !== undefined && anyFromIn(ctx, list);
};

/** check_uri_host_listed: on a hit the report line names the host (test_log `URI: host`). */
function uriHostListed(ctx: ScanContext, name: string): boolean {
  const host = enlistedUriHostLists(ctx).get(name);
  if (host === undefined) return false;
  ctx.testLog(`URI: ${host}`);
  return true;
}

const uriListed = (name: string) => (ctx: ScanContext): boolean => uriHostListed(ctx, name);

export const wlblEvals: EvalTable = {
  check_from_in_blocklist: evalDef(PLUGIN, HEAD, (ctx) => anyFromIn(ctx, ctx.conf.blocklistFrom)),
  check_from_in_blacklist: evalDef(PLUGIN, HEAD, (ctx) => anyFromIn(ctx, ctx.conf.blocklistFrom)),
  check_to_in_blocklist: evalDef(PLUGIN, HEAD, (ctx) => anyToIn(ctx, ctx.conf.blocklistTo)),
  check_to_in_blacklist: evalDef(PLUGIN, HEAD, (ctx) => anyToIn(ctx, ctx.conf.blocklistTo)),
  check_to_in_welcomelist: evalDef(PLUGIN, HEAD, (ctx) => anyToIn(ctx, ctx.conf.welcomelistTo)),
  check_to_in_whitelist: evalDef(PLUGIN, HEAD, (ctx) => anyToIn(ctx, ctx.conf.welcomelistTo)),
  check_to_in_more_spam: evalDef(PLUGIN, HEAD, (ctx) => anyToIn(ctx, ctx.conf.moreSpamTo)),
  check_to_in_all_spam: evalDef(PLUGIN, HEAD, (ctx) => anyToIn(ctx, ctx.conf.allSpamTo)),
  check_from_in_list: evalDef(PLUGIN, HEAD, fromListCheck),
  check_to_in_list: evalDef(PLUGIN, HEAD, (ctx, args) => {
    const list = namedList(ctx.conf, args[0]);
    return list !== undefined && anyToIn(ctx, list);
  }),
  check_replyto_in_list: evalDef(PLUGIN, HEAD, (ctx, args) => {
    const list = namedList(ctx.conf, args[0]);
    const replyTo = ctx.header('Reply-To:addr');
    return list !== undefined && replyTo !== '' && addrInList(list, replyTo);
  }),
  check_from_in_welcomelist: evalDef(PLUGIN, HEAD, (ctx) => fromInWelcomelist(ctx) > 0),
  check_from_in_whitelist: evalDef(PLUGIN, HEAD, (ctx) => fromInWelcomelist(ctx) > 0),
  check_forged_in_welcomelist: evalDef(PLUGIN, HEAD, (ctx) =>
    fromInWelcomelist(ctx) < 0 && fromInDefaultWelcomelist(ctx) === 0),
  check_forged_in_whitelist: evalDef(PLUGIN, HEAD, (ctx) =>
    fromInWelcomelist(ctx) < 0 && fromInDefaultWelcomelist(ctx) === 0),
  check_from_in_default_welcomelist: evalDef(PLUGIN, HEAD, (ctx) => fromInDefaultWelcomelist(ctx) > 0),
  check_from_in_default_whitelist: evalDef(PLUGIN, HEAD, (ctx) => fromInDefaultWelcomelist(ctx) > 0),
  check_forged_in_default_welcomelist: evalDef(PLUGIN, HEAD, (ctx) =>
    fromInDefaultWelcomelist(ctx) < 0 && fromInWelcomelist(ctx) === 0),
  check_forged_in_default_whitelist: evalDef(PLUGIN, HEAD, (ctx) =>
    fromInDefaultWelcomelist(ctx) < 0 && fromInWelcomelist(ctx) === 0),
  check_mailfrom_matches_rcvd: evalDef(PLUGIN, HEAD, (ctx) => {
    const sender = ctx.header('EnvelopeFrom:addr');
    return sender !== '' && addrMatchesRcvd(ctx, sender);
  }),
  check_uri_host_listed: evalDef(PLUGIN, HEAD, (ctx, args) => uriHostListed(ctx, args[0] ?? '')),
  check_uri_host_in_blocklist: evalDef(PLUGIN, ANY, uriListed('BLOCK')),
  check_uri_host_in_blacklist: evalDef(PLUGIN, ANY, uriListed('BLOCK')),
  check_uri_host_in_welcomelist: evalDef(PLUGIN, ANY, uriListed('WELCOME')),
  check_uri_host_in_whitelist: evalDef(PLUGIN, ANY, uriListed('WELCOME')),
};
