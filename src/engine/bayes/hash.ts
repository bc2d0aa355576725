/**
 * Token keys: the last 5 bytes of SHA-1 over the token's octets, as the
 * SpamAssassin DBM store keeps them. Identical keys are what let
 * `sa-learn --backup` files move between SpamAssassin and Spamward.
 */
import { createHash } from 'node:crypto';
import type { Octets } from '../message/types.js';

export const TOKEN_KEY_BYTES = 5;

/** The 5-byte key of a token given as octets (a latin1 string). */
export function tokenKey(token: Octets): Buffer {
  return createHash('sha1').update(Buffer.from(token, 'latin1')).digest().subarray(20 - TOKEN_KEY_BYTES);
}

/** The key as 10 lower-case hex digits (dump and backup spelling). */
export function tokenKeyHex(token: Octets): string {
  return tokenKey(token).toString('hex');
}

/** Parse a 10-hex-digit key, or undefined when it is not one. */
export function keyFromHex(hex: string): Buffer | undefined {
  return /^[0-9a-f]{10}$/i.test(hex) ? Buffer.from(hex, 'hex') : undefined;
}
