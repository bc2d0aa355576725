import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeCharset } from '../../../../src/engine/message/charset.js';
import { decodeUnicodeForm } from '../../../../src/engine/message/charsets/unicode-decoders.js';
import { decodeWindows1252 } from '../../../../src/engine/message/windows-1252.js';
import { u8 } from './fixtures.js';

test('ASCII text declared as an ASCII-compatible charset is left as octets', () => {
  assert.deepEqual(normalizeCharset('plain', 'iso-8859-2', false), { text: 'plain', chars: false });
});

test('valid UTF-8 wins over the declared charset', () => {
  assert.deepEqual(normalizeCharset(u8('żółw'), 'iso-8859-1', false), { text: 'żółw', chars: true });
});

test('declared charsets are decoded strictly; failures fall back to Windows-1252', () => {
  assert.equal(normalizeCharset('\xcf\xf0\xe8\xe2\xe5\xf2', 'windows-1251', false).text, 'Привет');
  assert.equal(normalizeCharset('\x1b$B$F$9$H\x1b(B', 'ISO-2022-JP', false).text, 'てすと');
  assert.equal(normalizeCharset('caf\xe9', 'x-no-such-charset', false).text, 'café');
  assert.equal(normalizeCharset('\x81\x93', 'us-ascii', false).text, '\ufffd\u201c');
});

test('UTF-16 without a BOM is detected by its spaces', () => {
  assert.equal(normalizeCharset(Buffer.from('hi there', 'utf16le').toString('latin1'), 'UTF-16', false).text, 'hi there');
});

test('Windows-1252 leaves five bytes unmapped', () => {
  assert.equal(decodeWindows1252('\x80\x81', true), undefined);
  assert.equal(decodeWindows1252('\x80\x81', false), '\u20ac\ufffd');
});

test('charset names resolve as Encode resolves them; GB2312 is stricter than GBK', () => {
  assert.equal(normalizeCharset('\xb1\xbe', 'GB2312_CHARSET', false).text, '本');
  assert.equal(normalizeCharset('\x81\x40', 'gb2312', false).text, decodeWindows1252('\x81\x40', false));
  assert.equal(normalizeCharset('\x81\x40', 'gbk', false).text, '丂');
  assert.equal(normalizeCharset('\xb0\xa1', 'ks_c_5601-1987', false).text, '가');
});

test('a label only Node knows is not decoded: SpamAssassin guesses Windows-1252 for it', () => {
  // csISO2022JP and unicode are WHATWG labels Encode::find_encoding does not know.
  assert.equal(normalizeCharset('\xa4\xb3', 'csISO2022JP', false).text, '¤³');
  assert.equal(normalizeCharset('\x1b$B$F\x1b(B', 'csISO2022JP', false).text, '\x1b$B$F\x1b(B');
  assert.equal(normalizeCharset('\xe9t\xe9', 'binary', false).text, 'été');
});

test('ISO-2022-JP text ends at its first 8-bit byte, as Encode::JP::JIS7 decodes with check flags', () => {
  assert.deepEqual(normalizeCharset('A\x1b$B$F\x1b(B <\xe3\x81 x>', 'iso-2022-jp', false), { text: 'Aて <', chars: true });
});

test('a multi-byte character cut off by the end of the text is dropped, not an error', () => {
  assert.deepEqual(normalizeCharset('\xb1\xbe\xb1', 'gb2312', false), { text: '本', chars: true });
  assert.equal(normalizeCharset('\xb1\xbe\x80', 'gb2312', false).text, decodeWindows1252('\xb1\xbe\x80', false));
});

test('Encode\'s UTF-16 is big-endian without a byte-order mark; a BOM picks the order and is dropped', () => {
  assert.equal(decodeUnicodeForm('\x00A\x00B', 'UTF-16', 'croak'), 'AB');
  assert.equal(decodeUnicodeForm('\xff\xfeA\x00', 'UTF-16', 'croak'), 'A');
  assert.equal(decodeUnicodeForm('\xfe\xff\x00A', 'UTF-16BE', 'croak'), '\ufeffA');
  assert.equal(decodeUnicodeForm('\x00A\x00', 'UTF-16BE', 'croak'), undefined);
  assert.equal(decodeUnicodeForm('\x00A\x00', 'UTF-16BE', 'fffd'), 'A');
  // A declared "UTF-16" part goes through SpamAssassin's own byte-order guess, which gives up on a BOM.
  assert.equal(normalizeCharset('\xff\xfeA\x00', 'UTF-16', false).text, 'ÿþA\x00');
});

test('Encode rejects UTF-8 noncharacters, so such text is not taken as UTF-8', () => {
  assert.equal(normalizeCharset('a\xef\xbf\xbe', 'us-ascii', false).text, decodeWindows1252('a\xef\xbf\xbe', false));
});
