/**
 * Token keys: the last 5 bytes of SHA-1 over the token's octets, as the
 * SpamAssassin DBM store keeps them. Identical keys are what let
 * `sa-learn --backup` files move between SpamAssassin and Spamward.
 */
// Imported rather than read from the global, whose getter costs a call on every use in hot loops.
import { Buffer } from 'node:buffer';
import { hash } from 'node:crypto';
import type { Octets } from '../message/types.js';

export const TOKEN_KEY_BYTES = 5;

const HEX_DIGITS = 2 * TOKEN_KEY_BYTES;
const NON_ASCII = /[^\x00-\x7F]/;

/** The 5-byte key of a token given as octets (a latin1 string). */
export function tokenKey(token: Octets): Buffer {
  return Buffer.from(tokenKeyHex(token), 'hex');
}

/**
 * The key as 10 lower-case hex digits (dump and backup spelling). Every
 * message hashes hundreds of tokens, so this is the one-shot hash: an ASCII
 * token is hashed as the string itself (its UTF-8 bytes are its octets).
 */
export function tokenKeyHex(token: Octets): string {
  const digest = hash('sha1', NON_ASCII.test(token) ? Buffer.from(token, 'latin1') : token, 'hex');
  return digest.slice(digest.length - HEX_DIGITS);
}

/** Parse a 10-hex-digit key, or undefined when it is not one. */
export function keyFromHex(hex: string): Buffer | undefined {
  return /^[0-9a-f]{10}$/i.test(hex) ? Buffer.from(hex, 'hex') : undefined;
}
