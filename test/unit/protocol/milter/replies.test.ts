import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameReader } from '../../../../src/protocol/milter/frame.js';
import { decodeReply, encodeReplies, encodeReply, type MilterReply } from '../../../../src/protocol/milter/replies.js';
import { ProtocolError } from '../../../../src/util/errors.js';

const hex = (b: Buffer) => b.toString('hex');

test('reply bytes match the verified Postfix captures', () => {
  assert.equal(hex(encodeReply({ kind: 'continue' })), '0000000163');
  assert.equal(hex(encodeReply({ kind: 'accept' })), '0000000161');
  assert.equal(hex(encodeReply({ kind: 'tempfail' })), '0000000174');
  assert.equal(
    hex(encodeReply({ kind: 'optneg', version: 6, actions: 0x01, protocol: 0, macros: [] })),
    '0000000d4f000000060000000100000000',
  );
  assert.equal(
    encodeReply({ kind: 'addheader', name: 'X-Test-Two', value: ' leading space' }).toString('latin1'),
    '\0\0\0\x1bhX-Test-Two\0 leading space\0',
  );
  assert.equal(
    hex(encodeReply({ kind: 'chgheader', index: 1, name: 'Subject', value: ' changed subject' })).slice(0, 20),
    '0000001e6d0000000153',
  );
});

test('OPTNEG reply with macro lists (SETSYMLIST) matches the verified capture', () => {
  const bytes = encodeReply({
    kind: 'optneg',
    version: 6,
    actions: 0x131,
    protocol: 0x100080,
    macros: [
      [0, '{client_addr} {client_port}'],
      [2, '{auth_authen} i'],
    ],
  });
  assert.equal(bytes.readUInt32BE(0), 0x41);
  assert.equal(bytes.subarray(17, 21).toString('hex'), '00000000');
  assert.equal(bytes.subarray(21).toString('latin1'), '{client_addr} {client_port}\0\0\0\0\x02{auth_authen} i\0');
});

test('every reply survives encode → decode', () => {
  const all: MilterReply[] = [
    { kind: 'continue' },
    { kind: 'accept' },
    { kind: 'reject' },
    { kind: 'tempfail' },
    { kind: 'discard' },
    { kind: 'progress' },
    { kind: 'skip' },
    { kind: 'shutdown' },
    { kind: 'replycode', text: '550 5.7.1 no' },
    { kind: 'addheader', name: 'X-Spam-Flag', value: 'YES' },
    { kind: 'insheader', index: 0, name: 'X-Top', value: 'top' },
    { kind: 'chgheader', index: 3, name: 'X-Spam-Status', value: '' },
    { kind: 'quarantine', reason: 'spam' },
    { kind: 'addrcpt', rcpt: '<a@b>' },
    { kind: 'delrcpt', rcpt: '<a@b>' },
    { kind: 'chgfrom', sender: '<x@y>', args: undefined },
    { kind: 'chgfrom', sender: '<x@y>', args: 'SIZE=1' },
    { kind: 'replbody', data: Buffer.from('new body\r\n') },
    { kind: 'optneg', version: 2, actions: 0, protocol: 0, macros: [[5, 'i']] },
  ];
  const stream = Buffer.concat(all.map(encodeReply));
  const reader = new FrameReader();
  const decoded = [...stream].flatMap((b) => reader.push(Buffer.from([b]))).map(decodeReply);
  assert.deepEqual(decoded, all);
});

test('NUL inside a string cannot be encoded; bad replies do not decode', () => {
  assert.throws(() => encodeReply({ kind: 'addheader', name: 'X\0', value: 'v' }), ProtocolError);
  assert.throws(() => decodeReply({ code: 0x63, data: Buffer.from('x') }), ProtocolError);
  assert.throws(() => decodeReply({ code: 0x66, data: Buffer.alloc(0) }), ProtocolError);
  assert.throws(() => decodeReply({ code: 0x6d, data: Buffer.from([0, 0]) }), ProtocolError);
});

test('encodeReplies writes exactly the bytes of each encodeReply, one after the other', () => {
  const replies: MilterReply[] = [
    { kind: 'chgheader', index: 2, name: 'X-Spam-Status', value: '' },
    { kind: 'insheader', index: 0, name: 'X-First', value: ' v' },
    { kind: 'addheader', name: 'X-Spam-Status', value: ' Yes, score=7.1\n\ttests=GTUBE' },
    { kind: 'addheader', name: 'X-Wide', value: ' caf\u00e9 \u2713' },
    { kind: 'quarantine', reason: 'spam 7.1' },
    { kind: 'chgfrom', sender: '<a@b>', args: undefined },
    { kind: 'chgfrom', sender: '<a@b>', args: 'SIZE=1' },
    { kind: 'addrcpt', rcpt: '<c@d>' },
    { kind: 'replbody', data: Buffer.from('body\r\n') },
    { kind: 'optneg', version: 6, actions: 0x131, protocol: 0x1c00, macros: [[1, 'j {daemon_name}']] },
    { kind: 'replycode', text: '550 5.7.1 no' },
    { kind: 'accept' },
  ];
  assert.equal(hex(encodeReplies(replies)), hex(Buffer.concat(replies.map(encodeReply))));
  assert.equal(encodeReplies([]).length, 0);
  assert.throws(() => encodeReplies([{ kind: 'addheader', name: 'X', value: 'a\0b' }]), ProtocolError);
});
