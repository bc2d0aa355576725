import assert from 'node:assert/strict';
import { test } from 'node:test';
import { base64Decode, decodeTransfer, qpDecode } from '../../../../src/engine/message/transfer-decoding.js';

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

test('CRLF becomes LF after decoding text, not binary parts', () => {
  assert.equal(decodeTransfer('YQ0KYg==', 'Base64', 'text/plain').toString('latin1'), 'a\nb');
  assert.equal(decodeTransfer('YQ0KYg==', 'base64', 'image/png').toString('latin1'), 'a\r\nb');
  assert.equal(decodeTransfer('a=0D=0Ab\r\n', 'quoted-printable', 'application/x').toString('latin1'), 'a\nb\n');
  assert.equal(decodeTransfer('as is=41', '8bit', 'text/plain').toString('latin1'), 'as is=41');
});
