/**
 * Address lists (welcomelist_from, blocklist_to, enlist_addrlist …) as
 * SpamAssassin compiles them: each entry is a lower-cased file glob that
 * must match the whole address, and the entry text itself also matches
 * literally. Compiled lists are cached per list array.
 */
import { lcBytes } from './perl-values.js';

export interface CompiledAddrList {
  /** Entries as lower-cased literal keys. */
  readonly literal: ReadonlySet<string>;
  /**
   * The entries' anchored patterns, filed under their literal tail (what
   * follows the last wildcard, as the pattern matches it): an address can
   * only match a pattern whose tail ends it. FreeMail checks every address
   * against def_welcomelist_auth (898 globs with the stock rules), which
   * as one test per glob cost about 50 us a message.
   */
  readonly byTail: ReadonlyMap<string, readonly RegExp[]>;
  /** The tails' lengths, longest first. */
  readonly tailLengths: readonly number[];
}

/**
 * The glob-to-regex rewrite of Conf::Parser: NUL, backslash and `(` become
 * `_` first (so they can only match an underscore), every other
 * non-word character is escaped, `?` is one character, a run of `*` is any
 * run of characters.
 */
export function globToRegexSource(glob: string, paranoid: boolean): string {
  let s = paranoid ? glob.replace(/[\0\\(]/g, '_') : glob;
  s = s.replace(/[^*?_a-zA-Z0-9]/g, '\\$&');
  s = s.replace(/\?/g, '.');
  return s.replace(/\*+/g, '.*');
}

/** Anchored address-glob matcher; Perl `$` also accepts one final newline. */
export function addrGlobToRegExp(glob: string): RegExp {
  return new RegExp(`^${globToRegexSource(lcBytes(glob), true)}(?:\\n)?$`);
}

// Keyed by the list object; the length guards against a list grown in place after first use.
const cache = new WeakMap<readonly string[], CompiledAddrList & { size: number }>();

export function compileAddrList(list: readonly string[]): CompiledAddrList {
  const hit = cache.get(list);
  if (hit && hit.size === list.length) return hit;
  const literal = new Set<string>();
  const byTail = new Map<string, RegExp[]>();
  for (const entry of list) {
    const lc = lcBytes(entry);
    literal.add(lc);
    const tail = literalTail(lc);
    const filed = byTail.get(tail);
    if (filed) filed.push(addrGlobToRegExp(lc));
    else byTail.set(tail, [addrGlobToRegExp(lc)]);
  }
  const tailLengths = [...new Set([...byTail.keys()].map((t) => t.length))].sort((a, b) => b - a);
  const compiled = { literal, byTail, tailLengths, size: list.length };
  cache.set(list, compiled);
  return compiled;
}

/**
 * What a glob's pattern matches literally at its end: the characters after
 * its last wildcard, with the ones the paranoid rewrite turns into `_`
 * turned likewise ('' when it ends with a wildcard).
 */
function literalTail(glob: string): string {
  const paranoid = glob.replace(/[\0\\(]/g, '_');
  return paranoid.slice(Math.max(paranoid.lastIndexOf('*'), paranoid.lastIndexOf('?')) + 1);
}

/** `_check_welcomelist`: whether the (lower-cased) address is in the list. */
export function addrInList(list: readonly string[] | undefined, addr: string): boolean {
  if (!list || list.length === 0) return false;
  const compiled = compileAddrList(list);
  const lc = lcBytes(addr);
  if (compiled.literal.has(lc)) return true;
  // A pattern also accepts one final newline after what it matches.
  const end = lc.endsWith('\n') ? lc.length - 1 : lc.length;
  for (const length of compiled.tailLengths) {
    if (length > end) continue;
    const candidates = compiled.byTail.get(lc.slice(end - length, end));
    if (candidates?.some((re) => re.test(lc))) return true;
  }
  return false;
}
