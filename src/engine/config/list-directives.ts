/**
 * Address and host lists (welcomelist_*, blocklist_*, enlist_*, the DKIM and
 * _rcvd pair lists). Entries are lower-cased globs; adding an existing entry
 * keeps one copy, as SpamAssassin's hash-based lists do.
 */
import { invalidValue, missingValue, type DirectiveHandler } from './directive-types.js';
import type { ParseState } from './parse-state.js';
import type { RcvdListEntry } from './types.js';
import { words } from './values.js';

/** EngineConfig fields that are plain address lists. */
export type AddrListField =
  | 'welcomelistFrom' | 'blocklistFrom' | 'welcomelistTo' | 'moreSpamTo' | 'allSpamTo' | 'blocklistTo'
  | 'welcomelistAllowsRelays' | 'welcomelistAuth' | 'defWelcomelistAuth' | 'welcomelistSubject' | 'blocklistSubject';

type PairField = 'welcomelistFromRcvd' | 'defWelcomelistFromRcvd' | 'welcomelistFromDkim' | 'defWelcomelistFromDkim';

function addUnique(list: string[], items: string[]): void {
  for (const item of items) if (!list.includes(item)) list.push(item);
}

/** Where a list lives: a typed field, or the generic `lists` map under the setting name. */
export type ListTarget = { field: AddrListField } | { setting: string };

function targetList(st: ParseState, target: ListTarget): string[] {
  if ('field' in target) return st.mut(target.field);
  return st.mutEntry('lists', target.setting, () => []);
}

export function addAddrList(target: ListTarget): DirectiveHandler {
  return (st, value, key) => {
    if (value === '') return missingValue(key);
    addUnique(targetList(st, target), words(value.toLowerCase()));
    return undefined;
  };
}

export function removeAddrList(...targets: ListTarget[]): DirectiveHandler {
  return (st, value, key) => {
    if (value === '') return missingValue(key);
    const drop = new Set(words(value.toLowerCase()));
    for (const t of targets) {
      const list = targetList(st, t);
      const kept = list.filter((a) => !drop.has(a));
      list.splice(0, list.length, ...kept);
    }
    return undefined;
  };
}

/** welcomelist_subject / blocklist_subject: the whole value is one lower-cased glob. */
export function addSubjectList(field: 'welcomelistSubject' | 'blocklistSubject'): DirectiveHandler {
  return (st, value, key) => {
    if (value === '') return missingValue(key);
    addUnique(st.mut(field), [value.toLowerCase()]);
    return undefined;
  };
}

/** welcomelist_from_rcvd ADDR RELAY (exactly two words). */
export function addRcvdPair(field: PairField): DirectiveHandler {
  return (st, value, key) => {
    if (value === '') return missingValue(key);
    const m = /^(\S+)\s+(\S+)$/.exec(value);
    if (m === null) return invalidValue(key);
    pushPair(st.mut(field), (m[1] as string).toLowerCase(), (m[2] as string).toLowerCase());
    return undefined;
  };
}

function pushPair(list: RcvdListEntry[], addr: string, relay: string): void {
  if (!list.some((e) => e.addr === addr && e.relay === relay)) list.push({ addr, relay });
}

export function removeRcvdPairs(...fields: PairField[]): DirectiveHandler {
  return (st, value, key) => {
    if (value === '') return missingValue(key);
    const drop = new Set(words(value.toLowerCase()));
    for (const f of fields) st.config[f] = st.config[f].filter((e) => !drop.has(e.addr));
    return undefined;
  };
}

/** DKIM lists: ADDR [SIGNING-DOMAIN]; only the domain part of ADDR is lower-cased; '' = author domain. */
function dkimPair(value: string): { addr: string; relay: string } | undefined {
  const m = /^(\S+)(?:\s+(\S+))?$/.exec(value);
  if (m === null) return undefined;
  // SA lower-cases the domain, then the whole entry when it stores the pair.
  const addr = (m[1] as string).toLowerCase();
  return { addr, relay: (m[2] ?? '').toLowerCase() };
}

export function addDkimPair(field: 'welcomelistFromDkim' | 'defWelcomelistFromDkim'): DirectiveHandler {
  return (st, value, key) => {
    if (value === '') return missingValue(key);
    const p = dkimPair(value);
    if (p === undefined) return invalidValue(key);
    pushPair(st.mut(field), p.addr, p.relay);
    return undefined;
  };
}

export const removeDkimPair: DirectiveHandler = (st, value, key) => {
  if (value === '') return missingValue(key);
  const p = dkimPair(value);
  if (p === undefined) return invalidValue(key);
  for (const f of ['welcomelistFromDkim', 'defWelcomelistFromDkim'] as const) {
    st.config[f] = st.config[f].filter((e) => !(e.addr === p.addr && e.relay === p.relay));
  }
  return undefined;
};

/** enlist_addrlist (NAME) addr… */
export const enlistAddrlist: DirectiveHandler = (st, value, key) => {
  const m = /^\((.+?)\)\s+([\s\S]+)$/.exec(value);
  if (m === null) return missingValue(key);
  addUnique(st.mutEntry('addrLists', m[1] as string, () => []), words((m[2] as string).toLowerCase()));
  return undefined;
};

/** Host lists keep `!host` exclusions; a host written again replaces its previous entry. */
function setHosts(list: string[], hosts: string[]): void {
  for (const h of hosts) {
    const bare = h.replace(/^!/, '');
    const at = list.findIndex((e) => e.replace(/^!/, '') === bare);
    if (at >= 0) list[at] = h;
    else list.push(h);
  }
}

function hostList(st: ParseState, name: string): string[] {
  const list = st.mutEntry('uriHostLists', name, () => []);
  // The dedicated welcome/block fields mirror SA's WELCOME and BLOCK host lists.
  if (name === 'WELCOME') st.config.welcomelistUriHost = list;
  if (name === 'BLOCK') st.config.blocklistUriHost = list;
  return list;
}

/** enlist_uri_host (NAME) host… */
export const enlistUriHost: DirectiveHandler = (st, value, key) => {
  const m = /^\((.+?)\)\s+([\s\S]+)$/.exec(value);
  if (m === null) return missingValue(key);
  setHosts(hostList(st, m[1] as string), words((m[2] as string).toLowerCase()));
  return undefined;
};

/** delist_uri_host [(NAME)] host…: removes from one list, or from all. */
export const delistUriHost: DirectiveHandler = (st, value, key) => {
  const m = /^(?:\((.+?)\)\s+)?([\s\S]+)$/.exec(value);
  if (m === null) return missingValue(key);
  const names = m[1] !== undefined ? [m[1]] : [...st.config.uriHostLists.keys()];
  const drop = new Set(words((m[2] as string).toLowerCase()).map((h) => h.replace(/^!/, '')));
  for (const n of names) {
    const list = hostList(st, n);
    const kept = list.filter((e) => !drop.has(e.replace(/^!/, '')));
    list.splice(0, list.length, ...kept);
  }
  return undefined;
};

export function fixedHostList(name: 'WELCOME' | 'BLOCK'): DirectiveHandler {
  return (st, value) => {
    setHosts(hostList(st, name), words(value.toLowerCase()));
    return undefined;
  };
}

