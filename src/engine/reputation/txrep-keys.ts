/**
 * TxRep's entry keys. SpamAssassin writes them as AWL does (`id|ip=block`,
 * `id|ip=none` for identities without an IP) but in a file of their own
 * (tx-reputation); here they share the reputation store with AWL, so every
 * TxRep key carries a namespace no AWL key can start with (`|`, which both
 * plugins replace in addresses).
 */
import { ipBlockKey } from './ip-key.js';

export const TXREP_NAMESPACE = '|txrep|';

/** The block an internal sender's recipients are recorded under (txrep_welcomelist_out). */
export const WELCOMELIST_OUT_BLOCK = 'WELCOMELIST_OUT';

/** Perl's lc on a byte string: ASCII letters only. */
export function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/**
 * The IP part: the masked block exactly as AWL writes it (ip-key.ts: an IPv6
 * block in NetAddr::IP's upper-case full6 form, cut to 39 characters); only
 * the address part of a key is lower-cased.
 */
export const txrepIpKey = ipBlockKey;

/** Perl's `[^\s\@]+\@[^\s\@]+` on a byte string (Perl's \s there is ASCII whitespace only). */
const LOOKS_LIKE_ADDRESS = /[^\t\n\x0B\f\r @]@[^\t\n\x0B\f\r @]/;

/**
 * The key of an identity (`pack_addr`): lower-cased, the characters the
 * store cannot keep replaced by `_`, then `|ip=` and the block. On an
 * internal-only message with txrep_welcomelist_out, every address-like id
 * is filed under WELCOMELIST_OUT instead of its block, as SpamAssassin does.
 */
export function txrepEntryKey(id: string, ipKey: string, welcomelistOut: boolean): string {
  const addr = asciiLower(id).replace(/[\0;'"!|]/g, '_');
  const block = welcomelistOut && LOOKS_LIKE_ADDRESS.test(addr) ? WELCOMELIST_OUT_BLOCK : ipKey;
  return `${TXREP_NAMESPACE}${addr}|ip=${block}`;
}
