/**
 * The persistent address list (`spamassassin --add-addr-to-welcomelist`,
 * `--add-addr-to-blocklist`, `--remove-addr-from-welcomelist`), for AWL and
 * for TxRep. As SpamAssassin's modify_address / modify_reputation do, an
 * address first loses every entry it has, the `ip=none` one and the per-IP
 * ones (`addr|ip=…`), so that its next message, from whatever IP, starts
 * from the listed score; then, unless it is being removed, it gets one
 * `ip=none` entry worth that score.
 *
 * AWL lists at ±100. TxRep scales ±100 by its weights: the sum of the five
 * identity weights over the weight of the kind of identity given (a HELO
 * name without a dot, an IP, an address, a domain), so that the listed
 * identity alone moves a message as far as all of them would.
 */
import { addressKey } from './ip-key.js';
import type { ReputationStore } from './reputation-store.js';
import { txrepEntryKey } from './txrep-keys.js';
import type { TxRepSettings } from './txrep-settings.js';

/** What listing does to an address: welcome (−100), block (+100), or remove. */
export type Listing = 'welcome' | 'block' | 'remove';

const LISTED_SCORE: Readonly<Record<Listing, number | undefined>> = { welcome: -100, block: 100, remove: undefined };

/** Every key of the store starting with `prefix` (an admin command's scan of the store, not a scan's). */
async function keysWithPrefix(store: ReputationStore, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const [key] of store.entries()) if (key.startsWith(prefix)) keys.push(key);
  return keys;
}

/** Drops the address's entries and, unless removing, stores `score` under `noneKey`; true when it had any entry. */
async function relist(store: ReputationStore, prefix: string, noneKey: string, score: number | undefined, now: number): Promise<boolean> {
  const keys = await keysWithPrefix(store, prefix);
  await store.transact((tx) => {
    for (const k of keys) tx.del(k);
    if (score !== undefined) tx.put(noneKey, { count: 1, total: score, lastHit: now });
  });
  return keys.length > 0;
}

/** AWL's listing of an address; true when the address had entries before. */
export function listAwlAddress(store: ReputationStore, addr: string, listing: Listing, now = Math.floor(Date.now() / 1000)): Promise<boolean> {
  const packed = addressKey(addr);
  return relist(store, `${packed}|`, `${packed}|ip=none`, LISTED_SCORE[listing], now);
}

/** TxRep's identity and score for a command-line argument (`id` or `id,signer`; the signer is not part of a key). */
export function txrepListing(arg: string, listing: Listing, s: TxRepSettings): { id: string; score: number | undefined } {
  const id = arg.replace(/,.*$/s, '');
  const w = s.weights;
  let factor = w.EMAIL + w.EMAIL_IP + w.DOMAIN + w.IP + w.HELO;
  // SpamAssassin's own rough tests, in its order (a domain taken for an IP costs little).
  if (!id.includes('.') && w.HELO) factor /= w.HELO;
  else if (/^[a-f\d.:]+$/.test(id) && w.IP) factor /= w.IP;
  else if (id.includes('@') && w.EMAIL) factor /= w.EMAIL;
  else if (!id.includes('@') && w.DOMAIN) factor /= w.DOMAIN;
  else factor = 1;
  const value = LISTED_SCORE[listing];
  return { id, score: value === undefined ? undefined : factor * value };
}

/** TxRep's listing of an identity: the identity, the score stored (none when removed), and whether it had entries before. */
export async function listTxRepAddress(store: ReputationStore, arg: string, listing: Listing, s: TxRepSettings, now = Math.floor(Date.now() / 1000)): Promise<{ id: string; score: number | undefined; had: boolean }> {
  const { id, score } = txrepListing(arg, listing, s);
  const noneKey = txrepEntryKey(id, 'none', false);
  return { id, score, had: await relist(store, noneKey.slice(0, -'ip=none'.length), noneKey, score, now) };
}

