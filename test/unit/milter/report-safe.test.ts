import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wrapperEdits } from '../../../milter/report-safe.js';

const WRAPPED_HEAD =
  'Received: from localhost by mx.test\r\n\twith SpamAssassin (version 4.0.1);\r\n\tSat, 28 Nov 2026 12:00:00 +0000\r\n' +
  'From: a@b.example\r\nSubject: buy\r\nX-Spam-Flag: YES\r\nMIME-Version: 1.0\r\n' +
  'Content-Type: multipart/mixed; boundary="----------=_X"\r\n\r\n';

test('wrapped spam: the wrapper\'s Content-Type replaces the first and drops the rest, CTE goes, MIME-Version is added, the body follows in chunks', () => {
  const body = Buffer.alloc(70_000, 'a');
  const wrapped = Buffer.concat([Buffer.from(WRAPPED_HEAD, 'latin1'), body]);
  const seen = [{ name: 'From' }, { name: 'content-type' }, { name: 'Content-Transfer-Encoding' }, { name: 'Content-Type' }];
  const edits = wrapperEdits(seen, wrapped, WRAPPED_HEAD.length, true);
  assert.deepEqual(edits.slice(0, 4), [
    { kind: 'chgheader', index: 2, name: 'Content-Type', value: '' },
    { kind: 'chgheader', index: 1, name: 'Content-Type', value: ' multipart/mixed; boundary="----------=_X"' },
    { kind: 'chgheader', index: 1, name: 'Content-Transfer-Encoding', value: '' },
    { kind: 'addheader', name: 'MIME-Version', value: ' 1.0' },
  ]);
  const chunks = edits.slice(4);
  assert.ok(chunks.every((c) => c.kind === 'replbody' && c.data.length <= 1024));
  assert.equal(chunks.length, Math.ceil(70_000 / 1024));
  assert.equal(Buffer.concat(chunks.map((c) => (c.kind === 'replbody' ? c.data : Buffer.alloc(0)))).equals(body), true);
});

test('a message with MIME-Version and no Content-Type gets the Content-Type added and keeps its MIME-Version', () => {
  const edits = wrapperEdits([{ name: 'MIME-Version' }], Buffer.from(`${WRAPPED_HEAD}body\r\n`, 'latin1'), WRAPPED_HEAD.length, false);
  assert.deepEqual(edits, [
    { kind: 'addheader', name: 'Content-Type', value: 'multipart/mixed; boundary="----------=_X"' },
    { kind: 'replbody', data: Buffer.from('body\r\n') },
  ]);
});
