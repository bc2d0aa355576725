/**
 * FromNameSpoof (not loaded by the Debian default .pre files): a display
 * name that is itself an e-mail address of someone other than the sender.
 * SpamAssassin defers these evals until DKIM is done so fns_ignore_dkim can
 * apply; without network tests no DKIM domain is known, so they are
 * computed directly.
 */
import type { EngineConfig } from '../config/types.js';
import type { ScanContext } from '../scan/context-types.js';
import { evalDef, HEAD, type EvalTable } from './define.js';
import { addrInList } from './util/addr-list.js';
import { uriToDomain } from './util/domains.js';
import { memo } from './util/memo.js';
import { allToAddrs } from './util/message-addrs.js';
import { lcBytes, perlNum } from './util/perl-values.js';

const PLUGIN = 'FromNameSpoof';

interface Spoof {
  addressDifferent: boolean;
  domainDifferent: boolean;
  ownerDifferent: boolean;
  equalsReplyTo: boolean;
  equalsTo: boolean;
}

/** The address in the display name; the host part is matched possessively, as in SpamAssassin. */
const NAME_ADDRESS = /\b([\w.!#$%&'*+/=?^_`{|}~-]+@\w[\w-]*\.\w(?=([\w.-]+))\2)\b/i;

function words(conf: EngineConfig, setting: string): string[] {
  const hash = conf.hashes.get(setting);
  const fromHash = hash ? [...hash].flatMap(([k, v]) => [k, ...v.split(/\s+/)]) : [];
  return [...fromHash, ...(conf.lists.get(setting) ?? [])].filter((w) => w !== '');
}

/** fns_add_addrlist groups live in the address lists named FNS_<group>, as in SpamAssassin. */
function owner(conf: EngineConfig, addr: string, domain: string): string {
  for (const [name, list] of conf.addrLists) {
    if (name.startsWith('FNS_') && addrInList(list, addr)) return lcBytes(name.slice(4));
  }
  const m = /^([^@]+)@(.+)$/s.exec(addr);
  if (m && m[2] !== domain) return owner(conf, `${m[1]}@${domain}`, domain);
  return /^([^.]+)\./.exec(domain)?.[1] ?? domain;
}

function closeEnough(conf: EngineConfig, fromname: string, nameAddr: string): boolean {
  const extra = (s: string): number => s.match(/[^a-z0-9]/g)?.length ?? 0;
  const len = fromname.length + extra(fromname) - extra(nameAddr) - nameAddr.length;
  const limit = conf.other.has('fns_extrachars') ? perlNum(conf.other.get('fns_extrachars')) : 50;
  return len <= limit;
}

function analyse(ctx: ScanContext): Spoof | undefined {
  return memo(ctx, 'fromname_spoof', () => {
    if (words(ctx.conf, 'fns_ignore_headers').some((h) => ctx.header(h) !== '')) return undefined;
    const fromAddr = lcBytes(ctx.header('From:addr'));
    const fromDomain = uriToDomain(ctx.conf, `mailto:${fromAddr}`);
    if (fromDomain === undefined) return undefined;
    const fromname = lcBytes(ctx.header('From:name'));
    const m = NAME_ADDRESS.exec(fromname);
    if (!m) return undefined;
    const nameAddr = m[1] ?? '';
    const nameDomain = uriToDomain(ctx.conf, `mailto:${nameAddr}`);
    if (nameDomain === undefined || !closeEnough(ctx.conf, fromname, nameAddr)) return undefined;
    return {
      addressDifferent: nameAddr !== fromAddr,
      domainDifferent: nameDomain !== fromDomain,
      ownerDifferent: owner(ctx.conf, nameAddr, nameDomain) !== owner(ctx.conf, fromAddr, fromDomain),
      equalsReplyTo: nameAddr === lcBytes(ctx.header('Reply-To:addr')),
      equalsTo: allToAddrs(ctx).includes(nameAddr),
    };
  });
}

function spoofLevel(ctx: ScanContext, args: readonly string[]): boolean {
  const s = analyse(ctx);
  if (!s) return false;
  const arg = args[0];
  const level = arg !== undefined && /^[012]$/.test(arg) ? Number(arg) : perlNum(ctx.conf.other.get('fns_check') ?? '1');
  const byLevel = [s.addressDifferent, s.addressDifferent && s.ownerDifferent, s.addressDifferent && s.domainDifferent];
  return byLevel[level] ?? false;
}

const flag = (key: keyof Spoof) => (ctx: ScanContext): boolean => analyse(ctx)?.[key] ?? false;

export const fromnameSpoofEvals: EvalTable = {
  check_fromname_spoof: evalDef(PLUGIN, HEAD, spoofLevel),
  check_fromname_different: evalDef(PLUGIN, HEAD, flag('addressDifferent')),
  check_fromname_domain_differ: evalDef(PLUGIN, HEAD, flag('domainDifferent')),
  check_fromname_contains_email: evalDef(PLUGIN, HEAD, (ctx) => containsEmail(ctx)),
  check_fromname_equals_to: evalDef(PLUGIN, HEAD, flag('equalsTo')),
  check_fromname_owners_differ: evalDef(PLUGIN, HEAD, flag('ownerDifferent')),
  check_fromname_equals_replyto: evalDef(PLUGIN, HEAD, flag('equalsReplyTo')),
};

/** Set before the closeness test in SpamAssassin, so it can hold when the others do not. */
function containsEmail(ctx: ScanContext): boolean {
  if (words(ctx.conf, 'fns_ignore_headers').some((h) => ctx.header(h) !== '')) return false;
  if (uriToDomain(ctx.conf, `mailto:${lcBytes(ctx.header('From:addr'))}`) === undefined) return false;
  const m = NAME_ADDRESS.exec(lcBytes(ctx.header('From:name')));
  return m !== null && uriToDomain(ctx.conf, `mailto:${m[1] ?? ''}`) !== undefined;
}
