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
  readonly patterns: readonly RegExp[];
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
  const patterns: RegExp[] = [];
  for (const entry of list) {
    const lc = lcBytes(entry);
    literal.add(lc);
    patterns.push(addrGlobToRegExp(lc));
  }
  const compiled = { literal, patterns, size: list.length };
  cache.set(list, compiled);
  return compiled;
}

/** `_check_welcomelist`: whether the (lower-cased) address is in the list. */
export function addrInList(list: readonly string[] | undefined, addr: string): boolean {
  if (!list || list.length === 0) return false;
  const compiled = compileAddrList(list);
  const lc = lcBytes(addr);
  if (compiled.literal.has(lc)) return true;
  return compiled.patterns.some((re) => re.test(lc));
}
