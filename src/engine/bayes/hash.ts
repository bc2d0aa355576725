/**
 * Token keys: the last 5 bytes of SHA-1 over the token's octets, as the
 * SpamAssassin DBM store keeps them. Identical keys are what let
 * `sa-learn --backup` files move between SpamAssassin and Spamward.
 */
// Imported rather than read from the global, whose getter costs a call on every use in hot loops.
import { Buffer } from 'node:buffer';
import { hash } from 'node:crypto';
import type { Octets } from '../message/types.js';
import { type KeyParts, sha1Key } from './sha1-key.js';

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

/**
 * The key as a 5-character latin1 string (one character per byte): how
 * TokenSets key their tokens, for scans and learns alike. Hashed in place
 * (sha1-key.ts), which costs less than a call into node's hash per token.
 */
export function tokenKeyLatin1(token: Octets): string {
  sha1Key(token, KEY);
  const low = KEY.low;
  return String.fromCharCode(KEY.high, low >>> 24, (low >>> 16) & 0xff, (low >>> 8) & 0xff, low & 0xff);
}

const KEY: KeyParts = { high: 0, low: 0 };

/** Parse a 10-hex-digit key, or undefined when it is not one. */
export function keyFromHex(hex: string): Buffer | undefined {
  return /^[0-9a-f]{10}$/i.test(hex) ? Buffer.from(hex, 'hex') : undefined;
}

/**
 * Keys given as latin1 (a TokenSet's keys) packed back to back, as a store's
 * scan read takes them: one string written out instead of a buffer per token.
 */
export function packTokenKeys(latin1Keys: Iterable<string>): Buffer {
  let bytes = '';
  for (const k of latin1Keys) bytes += k;
  return Buffer.from(bytes, 'latin1');
}
