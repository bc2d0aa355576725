/**
 * enlist_uri_host lists (and welcomelist_uri_host / blocklist_uri_host,
 * which are the lists named WELCOME and BLOCK): a URI host is listed when
 * its most specific entry (the host, then each parent domain) is not a
 * `!` exclusion. Computed once per message for every list.
 */
import type { EngineConfig } from '../config/types.js';
import type { ScanContext } from '../scan/context-types.js';
import { memo } from './util/memo.js';
import { lcBytes } from './util/perl-values.js';

type HostVerdicts = Map<string, boolean>;

function addEntries(target: HostVerdicts, entries: readonly string[]): void {
  for (const raw of entries) {
    for (const word of lcBytes(raw).split(/\s+/)) {
      if (word === '') continue;
      if (word.startsWith('!')) target.set(word.slice(1), false);
      else target.set(word, true);
    }
  }
}

interface ListSizes {
  lists: number;
  entries: number;
  welcome: number;
  block: number;
}

const listCache = new WeakMap<EngineConfig, { sizes: ListSizes; lists: Map<string, HostVerdicts> }>();

/**
 * Changes when a list is added or grows, so a configuration edited in place
 * is recompiled. Counted rather than spelled out: it is checked on every
 * message, and joining the lists' names and lengths into a string cost more
 * than the look-ups it guards.
 */
function listSizes(conf: EngineConfig): ListSizes {
  let entries = 0;
  for (const list of conf.uriHostLists.values()) entries += list.length;
  return { lists: conf.uriHostLists.size, entries, welcome: conf.welcomelistUriHost.length, block: conf.blocklistUriHost.length };
}

function sameSizes(a: ListSizes, b: ListSizes): boolean {
  return a.lists === b.lists && a.entries === b.entries && a.welcome === b.welcome && a.block === b.block;
}

/** Every named URI host list: host → true (listed) / false (excluded). */
export function uriHostLists(conf: EngineConfig): Map<string, HostVerdicts> {
  const sizes = listSizes(conf);
  const hit = listCache.get(conf);
  if (hit && sameSizes(hit.sizes, sizes)) return hit.lists;
  const lists = new Map<string, HostVerdicts>();
  const list = (name: string): HostVerdicts => {
    let l = lists.get(name);
    if (!l) { l = new Map(); lists.set(name, l); }
    return l;
  };
  for (const [name, entries] of conf.uriHostLists) addEntries(list(name), entries);
  if (conf.welcomelistUriHost.length > 0) addEntries(list('WELCOME'), conf.welcomelistUriHost);
  if (conf.blocklistUriHost.length > 0) addEntries(list('BLOCK'), conf.blocklistUriHost);
  listCache.set(conf, { sizes, lists });
  return lists;
}

/** The names to look up for a host: itself, then each parent (the last 11 at most). */
export function hostQueryKeys(host: string): string[] {
  const literal = /^\[(.*)\]$/s.exec(host);
  if (literal) return [literal[1] ?? ''];
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return [host];
  if (host === '') return [];
  const keys: string[] = [];
  let h = host;
  for (;;) {
    if (keys.length > 10) keys.shift();
    keys.push(h);
    const dot = h.indexOf('.');
    if (dot < 0) break;
    h = h.slice(dot + 1);
  }
  return keys;
}

/** The first key the list has a verdict for, with that verdict. */
function verdictFor(list: HostVerdicts, keys: readonly string[]): { key: string; listed: boolean } | undefined {
  for (const key of keys) {
    const listed = list.get(key);
    if (listed !== undefined) return { key, listed };
  }
  return undefined;
}

/** Names of the lists that some non-mailto URI host of the message is on. */
/**
 * List name -> the host that put the message on it, as the report shows it:
 * `host`, or `host (entry)` when a parent domain is the listed entry. The
 * last listed host wins, as in SpamAssassin (which walks its URIs in hash order).
 */
export function enlistedUriHostLists(ctx: ScanContext): Map<string, string> {
  return memo(ctx, 'uri_host_enlisted', () => {
    const lists = uriHostLists(ctx.conf);
    const hit = new Map<string, string>();
    if (lists.size === 0) return hit;
    const seen = new Set<string>();
    for (const [uri, detail] of ctx.uriDetails()) {
      if (/^mailto:/i.test(uri)) continue;
      for (const host of detail.hosts.keys()) {
        if (seen.has(host)) continue;
        seen.add(host);
        const keys = hostQueryKeys(host);
        for (const [name, list] of lists) {
          const v = verdictFor(list, keys);
          if (v?.listed === true) hit.set(name, v.key === host ? host : `${host} (${v.key})`);
        }
      }
    }
    return hit;
  });
}
