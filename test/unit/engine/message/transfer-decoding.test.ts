import assert from 'node:assert/strict';
import { test } from 'node:test';
import { base64Decode, decodeTransfer, qpDecode, tolerantBase64Decode } from '../../../../src/engine/message/transfer-decoding.js';

test('quoted-printable: soft breaks, escapes, trailing blanks before a newline', () => {
  assert.equal(qpDecode('a=3Db=\nc=09d   \ne=20\n=zz'), 'a=bc\td\ne \n=zz');
});

test('base64: clean input, inner padding, and junk handled as SpamAssassin does', () => {
  assert.equal(base64Decode('QUJD\nREVG\n').toString('latin1'), 'ABCDEF');
  assert.equal(base64Decode('QUJD=RA=').toString('hex'), '4142430110');
  assert.equal(base64Decode('QU=JD=RA').toString('hex'), '4140090c0440');
  assert.equal(base64Decode('!!!@@@QUJD\0RA=*=\n\0\0').toString('latin1'), 'ABCD');
  assert.equal(base64Decode('').length, 0);
});

test('base64: plain text takes the fast path with the tolerant decoder\'s bytes, at every length and padding', () => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const blanks = '\t\n\x0b\f\r ';
  let seed = 7;
  const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
  for (let n = 0; n < 20000; n++) {
    let s = '';
    for (let i = next(30); i > 0; i--) s += next(5) < 4 ? alphabet[next(64)] : blanks[next(6)];
    s += '='.repeat(next(4)) + (next(3) === 0 ? '\r\n' : '');
    assert.deepEqual(base64Decode(s), tolerantBase64Decode(s), JSON.stringify(s));
  }
  // A dangling last character and padding that does not close a group.
  assert.equal(base64Decode('QUJDR').toString('latin1'), 'ABC');
  assert.equal(base64Decode('QUI=\r\n').toString('latin1'), 'AB');
  assert.equal(base64Decode('QUJDRA===\n').toString('latin1'), 'ABCD');
});

test('CRLF becomes LF after decoding text, not binary parts', () => {
  assert.equal(decodeTransfer('YQ0KYg==', 'Base64', 'text/plain').toString('latin1'), 'a\nb');
  assert.equal(decodeTransfer('YQ0KYg==', 'base64', 'image/png').toString('latin1'), 'a\r\nb');
  assert.equal(decodeTransfer('a=0D=0Ab\r\n', 'quoted-printable', 'application/x').toString('latin1'), 'a\nb\n');
  assert.equal(decodeTransfer('as is=41', '8bit', 'text/plain').toString('latin1'), 'as is=41');
});
