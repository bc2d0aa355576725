/**
 * AccessDB (not loaded by Debian's default .pre files): looks the sender up
 * in a sendmail access map (`makemap hash access.db < access`, or any
 * Berkeley DB hash file) as `check_access_database('/path/access.db')`.
 *
 * What is looked up, in order, each once: for every From-like address its
 * whole text, `user@`, and its domain and each parent domain; then, when
 * there are untrusted relays, the last one's host name and its parents (when
 * the MTA recorded one) and its IP address and each shorter dotted prefix;
 * every item both bare and behind `From:`, each key as stored and with a
 * NUL after it (makemap -N). The first word of a value decides: OK or SKIP
 * ends the look-up with no hit; REJECT, ERROR, DISCARD or a number makes a
 * hit, which a later OK still takes back.
 *
 * A file that is missing, unreadable or not a hash database gives no hit,
 * as SpamAssassin's failed tie does. The map is read once and again only
 * when the file changes (SpamAssassin opens it for every message).
 */
import { homedir } from 'node:os';
import type { ScanContext } from '../scan/context-types.js';
import { cachedFile } from '../storage/cached-file.js';
import { readBerkeleyHash } from './access-db/berkeley-hash-file.js';
import { HEAD, evalDef, type EvalTable } from './define.js';
import { allFromAddrs } from './util/message-addrs.js';
import { lcBytes } from './util/perl-values.js';

const PLUGIN = 'AccessDB';

const ALLOW = new Set(['OK', 'SKIP']);
const DENY = new Set(['REJECT', 'ERROR', 'DISCARD']);

/** Perl's truth of a string: neither empty nor "0". */
function perlTrue(s: string | undefined): s is string {
  return s !== undefined && s !== '' && s !== '0';
}

/** `name`, then each parent after dropping the first label, down to the last label. */
function withParents(name: string, out: string[]): void {
  let rest = name;
  for (;;) {
    out.push(`From:${rest}`, rest);
    if (!rest.includes('.')) return;
    rest = rest.replace(/^[^.]*\./, '');
  }
}

/** The keys SpamAssassin's AccessDB asks for, in its order, duplicates included. */
export function accessKeys(ctx: ScanContext): string[] {
  const keys: string[] = [];
  for (const from of allFromAddrs(ctx)) {
    const at = from.indexOf('@');
    const user = at < 0 ? from : from.slice(0, at);
    const domain = at < 0 ? undefined : from.slice(at + 1);
    keys.push(`From:${from}`, from);
    if (perlTrue(user)) keys.push(`From:${user}@`, `${user}@`);
    if (perlTrue(domain)) withParents(domain, keys);
  }
  const last = ctx.relays().untrusted[0];
  if (last !== undefined) {
    if (!last.noReverseDns) withParents(lcBytes(last.rdns), keys);
    let ip = last.ip.replace(/[^0-9.]/g, '');
    for (;;) {
      keys.push(`From:${ip}`, ip);
      if (!ip.includes('.')) break;
      ip = ip.replace(/\.[^.]*$/, '');
    }
  }
  return keys;
}

/** 1 when the map's answers for the keys end on a refusal, 0 otherwise. */
export function accessVerdict(map: ReadonlyMap<string, string>, keys: readonly string[]): number {
  let verdict = 0;
  const asked = new Set<string>();
  for (const key of keys) {
    if (asked.has(key)) continue;
    asked.add(key);
    const value = [map.get(key), map.get(`${key}\0`)].find(perlTrue);
    if (value === undefined) continue;
    const type = (value.split(/[^A-Za-z0-9_]/)[0] ?? '').toUpperCase();
    if (ALLOW.has(type)) return 0;
    if (DENY.has(type) || /^[0-9]+$/.test(type)) verdict = 1;
  }
  return verdict;
}

/** The access map at `path`, undefined when it cannot be opened as a hash database. */
function accessMap(path: string): ReadonlyMap<string, string> | undefined {
  return cachedFile(path, 'access-db', readBerkeleyHash);
}

function checkAccessDatabase(ctx: ScanContext, args: readonly string[]): number {
  const path = (args[0] ?? '').replace(/^~(?=\/|$)/, homedir());
  if (path === '') return 0;
  const map = accessMap(path);
  return map === undefined ? 0 : accessVerdict(map, accessKeys(ctx));
}

export const accessDbEvals: EvalTable = {
  check_access_database: evalDef(PLUGIN, HEAD, checkAccessDatabase),
};
