import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeFieldValue, decodeHeaderText } from '../../../../src/engine/message/header-decode.js';
import { u8 } from './fixtures.js';

test('adjacent encoded words join; an RFC 2231 language suffix is ignored', () => {
  assert.equal(decodeHeaderText('=?utf-8?q?caf=C3=A9_au_lait?= =?utf-8*en?q?lang_tagged?=', 'subject'), u8('café au laitlang tagged'));
});

test('a character split across two encoded words is reassembled', () => {
  assert.equal(decodeHeaderText('=?utf-8?b?4oI=?= =?utf-8?b?rA==?=', 'subject'), u8('€'));
});

test('bogus encoded words stay as written; raw Latin-1 is guessed and made UTF-8', () => {
  assert.equal(decodeHeaderText('=?bogus?= plain', 'subject'), '=?bogus?= plain');
  assert.equal(decodeHeaderText('caf\xe9 raw', 'subject'), u8('café raw'));
});

test('mixed charsets decode each to UTF-8; unknown charsets fall back to Windows-1252', () => {
  assert.equal(decodeHeaderText('=?iso-8859-1?q?na=EFve?= and =?windows-1251?b?z+Do4uXy?=', 'subject'), u8('naïve and Паивет'));
  assert.equal(decodeHeaderText('=?x-unknown?q?ab=E9?=', 'subject'), u8('abé'));
  assert.equal(decodeHeaderText('=?us-ascii?q?a=E9b?=', 'subject'), u8('a\ufffdb'));
  assert.equal(decodeHeaderText('=?ISO-2022-JP?B?GyRCJEYkOSRIGyhC?=', 'subject'), u8('てすと'));
});

test('identifier and trace fields are never MIME-decoded', () => {
  const v = '<abc=?utf-8?q?x?=@example.com>';
  for (const name of ['message-id', 'received', 'date', 'mime-version', 'references', 'in-reply-to', 'list-id', 'resent-date']) {
    assert.equal(decodeHeaderText(v, name), v, name);
  }
  assert.equal(decodeHeaderText(v, 'subject'), '<abcx@example.com>');
});

test('stored values are unfolded and trimmed before decoding', () => {
  assert.equal(decodeFieldValue(' first\n\tsecond \n', 'subject'), 'first second');
  assert.equal(decodeFieldValue('  \n', 'subject'), '');
});

test('ISO-2022-JP words joined across an escape boundary decode cleanly', () => {
  const v = '=?iso-2022-jp?B?GyRCJTkbKEI=?= =?iso-2022-jp?B?GyRCJUgbKEI=?=';
  assert.equal(decodeHeaderText(v, 'subject'), u8('スト'));
});
