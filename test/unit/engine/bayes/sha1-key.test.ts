import assert from 'node:assert/strict';
import { hash } from 'node:crypto';
import { describe, it } from 'node:test';
import { type KeyParts, sha1Key } from '../../../../src/engine/bayes/sha1-key.js';

/** The key's parts from node's own SHA-1 of the same octets. */
function expected(octets: string): KeyParts {
  const digest = Buffer.from(hash('sha1', Buffer.from(octets, 'latin1'), 'hex'), 'hex');
  return { high: digest[15] as number, low: digest.readUInt32BE(16) };
}

/** A deterministic mix of ASCII letters and any octet, so runs are reproducible. */
function octetsOf(length: number, seed: number): string {
  let x = seed * 2654435761 + 1;
  let s = '';
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    s += String.fromCharCode(x % 5 === 0 ? (x >>> 8) & 0xff : 97 + ((x >>> 8) % 26));
  }
  return s;
}

describe('sha1Key', () => {
  it('agrees with node for every length across three block boundaries (55/56 and 64 octets shift the padding)', () => {
    const out: KeyParts = { high: 0, low: 0 };
    for (let length = 0; length <= 200; length++) {
      const octets = octetsOf(length, length);
      sha1Key(octets, out);
      assert.deepEqual(out, expected(octets), `length ${length}`);
    }
  });

  it('reads each character as one octet, including 0x80-0xff', () => {
    const out: KeyParts = { high: 0, low: 0 };
    const all = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');
    sha1Key(all, out);
    assert.deepEqual(out, expected(all));
    sha1Key('\xff\xfe', out);
    assert.deepEqual(out, expected('\xff\xfe'));
  });

  it('gives the FIPS 180 "abc" digest\'s last five bytes', () => {
    // SHA-1("abc") = a9993e364706816aba3e25717850c26c9cd0d89d
    const out: KeyParts = { high: 0, low: 0 };
    sha1Key('abc', out);
    assert.deepEqual(out, { high: 0x6c, low: 0x9cd0d89d });
  });
});
