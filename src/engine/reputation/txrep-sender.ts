/**
 * Who sent a message, as TxRep identifies the sender: the From address (or
 * the envelope sender), its domain, the originating IP and the HELO name of
 * the relays SpamAssassin trusts, and the signer the reputation is bound to.
 */
import { asciiLower } from './txrep-keys.js';

export interface TxRepRelay {
  ip: string;
  helo: string;
  ipPrivate: boolean;
}

export interface SenderHops {
  origIp: string | undefined;
  helo: string | undefined;
}

/** The domain of an address: everything after its last `@` (the address itself when it has none). */
export function fromDomain(from: string): string {
  const at = from.lastIndexOf('@');
  return at > 0 ? from.slice(at + 1) : from;
}

/** A HELO that only repeats the relay's IP (bare or bracketed) says nothing new. */
function heloIsIp(helo: string, ip: string): boolean {
  const inner = helo.replace(/^\[/, '').replace(/\]$/, '');
  return inner === ip;
}

/**
 * The HELO and originating IP over the trusted relays then the untrusted
 * ones (each newest first). The HELO is the last one that does not repeat the
 * relay's IP, the From domain or the From address (an empty HELO counts, and
 * then leaves none). The IP is the last public one among the trusted relays
 * and the first untrusted one (SpamAssassin's AWL bug 6908), or among all
 * relays for a message scoring under 2; a message seen only by private
 * trusted hops gets 127.0.0.1, so it differs from one with no IP at all.
 */
export function senderHops(trusted: readonly TxRepRelay[], untrusted: readonly TxRepRelay[], from: string, domain: string, points: number): SenderHops {
  let helo: string | undefined;
  let origIp: string | undefined;
  let trustedLeft = trusted.length;
  const lowDomain = asciiLower(domain);
  const lowFrom = asciiLower(from);
  for (const relay of [...trusted, ...untrusted]) {
    const lowHelo = asciiLower(relay.helo);
    if (!heloIsIp(relay.helo, relay.ip) && lowHelo !== lowDomain && lowHelo !== lowFrom) helo = relay.helo;
    trustedLeft--;
    if ((trustedLeft >= -1 || points < 2) && !relay.ipPrivate && relay.ip !== '') origIp = relay.ip;
    if (trustedLeft >= 0 && !origIp && relay.ipPrivate && relay.ip !== '') origIp = '127.0.0.1';
  }
  return { origIp, helo };
}
