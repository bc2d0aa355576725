import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeCommand, encodeCommand, type MtaCommand } from '../../../../src/protocol/milter/commands.js';
import { FrameReader } from '../../../../src/protocol/milter/frame.js';
import { ProtocolError } from '../../../../src/util/errors.js';

function decodeBytes(bytes: Buffer): MtaCommand {
  const frames = new FrameReader().push(bytes);
  assert.equal(frames.length, 1);
  return decodeCommand(frames[0]!);
}

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

test('OPTNEG as Postfix 3.7 sends it', () => {
  assert.deepEqual(decodeBytes(hex('0000000d4f 00000006 000001ff 001fffff')), {
    cmd: 'optneg',
    version: 6,
    actions: 0x1ff,
    protocol: 0x1fffff,
  });
});

test('MACRO with braces and bare names, and the empty MACRO Postfix sends for HELO', () => {
  const m = decodeBytes(Buffer.concat([hex('00000024 44 43'), Buffer.from('j\0mx.test\0{daemon_addr}\x00127.0.0.1\0', 'latin1')]));
  assert.deepEqual(m, { cmd: 'macro', stage: 'C', macros: [['j', 'mx.test'], ['{daemon_addr}', '127.0.0.1']] });
  assert.deepEqual(decodeBytes(hex('00000002 44 48')), { cmd: 'macro', stage: 'H', macros: [] });
});

test('CONNECT for inet (Postfix capture), inet6 and unknown family', () => {
  const v4 = hex('00000018 43 6c6f63616c686f737400 34 c602 3132372e302e302e3100');
  assert.deepEqual(decodeBytes(v4), { cmd: 'connect', hostname: 'localhost', family: 'inet', port: 50690, address: '127.0.0.1' });
  const v6 = encodeCommand({ cmd: 'connect', hostname: '[::1]', family: 'inet6', port: 60086, address: '::1' });
  assert.deepEqual([...v6.subarray(5)], [...Buffer.from('[::1]\0', 'latin1'), 0x36, 0xea, 0xb6, ...Buffer.from('::1\0', 'latin1')]);
  assert.deepEqual(decodeBytes(hex('00000008 43 6c6f63616c00 55')), { cmd: 'connect', hostname: 'local', family: 'unknown', port: 0, address: '' });
});

test('MAIL and RCPT keep brackets and ESMTP args', () => {
  const mail = hex('0000001d 4d 3c616c696365406578616d706c652e6f72673e00 73697a653d343800');
  assert.deepEqual(decodeBytes(mail), { cmd: 'mail', args: ['<alice@example.org>', 'size=48'] });
  assert.deepEqual(decodeBytes(encodeCommand({ cmd: 'rcpt', args: ['<bob@example.com>'] })), { cmd: 'rcpt', args: ['<bob@example.com>'] });
});

test('HEADER, BODY, EOB with data, and the no-data commands', () => {
  assert.deepEqual(decodeBytes(hex('0000000c 4c 5375626a65637400 686900')), { cmd: 'header', name: 'Subject', value: 'hi' });
  const body = decodeBytes(hex('00000009 42 48656c6c6f2e0d0a'));
  assert.equal(body.cmd, 'body');
  assert.equal((body as { chunk: Buffer }).chunk.toString('latin1'), 'Hello.\r\n');
  const eob = decodeBytes(encodeCommand({ cmd: 'eob', chunk: Buffer.from('tail') }));
  assert.equal((eob as { chunk: Buffer }).chunk.toString(), 'tail');
  for (const cmd of ['data', 'eoh', 'abort', 'quit', 'quitnc'] as const) {
    assert.deepEqual(decodeBytes(encodeCommand({ cmd })), { cmd });
  }
});

test('HELO and UNKNOWN keep every byte (latin1 octets)', () => {
  const name = 'h\u00e9lo.example';
  assert.deepEqual(decodeBytes(encodeCommand({ cmd: 'helo', name })), { cmd: 'helo', name });
  assert.deepEqual(decodeBytes(encodeCommand({ cmd: 'unknown', line: 'XYZZY arg' })), { cmd: 'unknown', line: 'XYZZY arg' });
});

test('malformed payloads are ProtocolErrors', () => {
  const bad: Array<[number, string]> = [
    [0x4f, '0000'], // optneg too short
    [0x43, 'host'], // no NUL
    [0x43, 'host\0Z'], // unknown family
    [0x43, 'host\u00004\u0000'], // port cut short
    [0x4c, 'Subject\0'], // header without value
    [0x4d, ''], // mail without address
    [0x41, 'x'], // abort with data
    [0x5a, ''], // unknown command byte
  ];
  for (const [code, data] of bad) {
    assert.throws(() => decodeCommand({ code, data: Buffer.from(data, 'latin1') }), ProtocolError, `${code} ${JSON.stringify(data)}`);
  }
});

test('every command survives encode → decode', () => {
  const all: MtaCommand[] = [
    { cmd: 'optneg', version: 6, actions: 0x1ff, protocol: 0x1fffff },
    { cmd: 'macro', stage: 'M', macros: [['i', 'ABC'], ['{auth_authen}', 'alice']] },
    { cmd: 'connect', hostname: 'c.example', family: 'inet', port: 12345, address: '192.0.2.7' },
    { cmd: 'connect', hostname: 'sock', family: 'unix', port: 0, address: '/run/x' },
    { cmd: 'helo', name: 'c.example' },
    { cmd: 'mail', args: ['<>'] },
    { cmd: 'rcpt', args: ['<b@example.com>', 'NOTIFY=NEVER'] },
    { cmd: 'header', name: 'X-Fold', value: ' a\n b' },
    { cmd: 'unknown', line: 'FOO' },
  ];
  for (const c of all) assert.deepEqual(decodeBytes(encodeCommand(c)), c);
});
