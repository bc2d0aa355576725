import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sha1Key } from '../../../../src/engine/bayes/sha1-key.js';
import { keyFromHex, tokenKey, tokenKeyHex } from '../../../../src/engine/bayes/hash.js';

describe('token keys', () => {
  it('are the last five bytes of SHA-1 (FIPS 180 test vector "abc")', () => {
    // SHA-1("abc") = a9993e364706816aba3e25717850c26c9cd0d89d
    assert.equal(tokenKeyHex('abc'), '6c9cd0d89d');
    assert.equal(tokenKey('abc').length, 5);
  });

  it('come from the in-place SHA-1 as from node\'s, for one block and for several', () => {
    const texts = ['abc', Buffer.from('é', 'utf8').toString('latin1'), 'x'.repeat(55), 'y'.repeat(56), 'z'.repeat(64), 'w'.repeat(200)];
    for (const t of texts) {
      const key = { high: 0, low: 0 };
      sha1Key(t, key);
      assert.equal(key.high.toString(16).padStart(2, '0') + key.low.toString(16).padStart(8, '0'), tokenKeyHex(t), `${t.length} octets`);
    }
  });

  it('hash the octets, not the UTF-16 code units', () => {
    const octets = Buffer.from('é', 'utf8').toString('latin1');
    assert.notEqual(tokenKeyHex(octets), tokenKeyHex('é'));
  });

  it('parse back from hex and reject anything else', () => {
    assert.deepEqual(keyFromHex('6c9cd0d89d'), Buffer.from([0x6c, 0x9c, 0xd0, 0xd8, 0x9d]));
    assert.equal(keyFromHex('xyz'), undefined);
  });
});
