import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keyFromHex, packTokenKeys, tokenKey, tokenKeyHex, tokenKeyLatin1 } from '../../../../src/engine/bayes/hash.js';

describe('token keys', () => {
  it('are the last five bytes of SHA-1 (FIPS 180 test vector "abc")', () => {
    // SHA-1("abc") = a9993e364706816aba3e25717850c26c9cd0d89d
    assert.equal(tokenKeyHex('abc'), '6c9cd0d89d');
    assert.equal(tokenKey('abc').length, 5);
  });

  it('hash the octets, not the UTF-16 code units', () => {
    const octets = Buffer.from('é', 'utf8').toString('latin1');
    assert.notEqual(tokenKeyHex(octets), tokenKeyHex('é'));
  });

  it('spelled latin1 are the same bytes, pack back to back and sort in the byte order of their hex', () => {
    const octets = Buffer.from('é', 'utf8').toString('latin1');
    assert.equal(Buffer.from(tokenKeyLatin1('abc'), 'latin1').toString('hex'), '6c9cd0d89d');
    assert.equal(Buffer.from(tokenKeyLatin1(octets), 'latin1').toString('hex'), tokenKeyHex(octets));
    const texts = ['abc', octets, 'Subject:hello', 'zz'];
    assert.equal(packTokenKeys(texts.map(tokenKeyLatin1)).toString('hex'), texts.map(tokenKeyHex).join(''));
    const byLatin1 = [...texts].sort((a, b) => (tokenKeyLatin1(a) < tokenKeyLatin1(b) ? -1 : 1));
    const byHex = [...texts].sort((a, b) => (tokenKeyHex(a) < tokenKeyHex(b) ? -1 : 1));
    assert.deepEqual(byLatin1, byHex);
  });

  it('parse back from hex and reject anything else', () => {
    assert.deepEqual(keyFromHex('6c9cd0d89d'), Buffer.from([0x6c, 0x9c, 0xd0, 0xd8, 0x9d]));
    assert.equal(keyFromHex('xyz'), undefined);
  });
});
