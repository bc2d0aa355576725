import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MtaCommand } from '../../../src/protocol/milter/commands.js';
import { SMFIP } from '../../../src/protocol/milter/constants.js';
import { newSession, negotiated, replies, types } from './session-helpers.js';

const conn = { cmd: 'connect', hostname: 'c.example', family: 'inet', port: 1, address: '192.0.2.7' } as const;

test('a whole message: continue at every stage, then end-of-message with the envelope', () => {
  const s = negotiated(newSession());
  assert.deepEqual(replies(s.handle({ cmd: 'macro', stage: 'C', macros: [['j', 'mx'], ['{daemon_name}', 'd']] })), []);
  assert.deepEqual(replies(s.handle(conn)), ['continue']);
  assert.deepEqual(replies(s.handle({ cmd: 'helo', name: 'helo.example' })), ['continue']);
  s.handle({ cmd: 'macro', stage: 'M', macros: [['{mail_addr}', 'a@example.org']] });
  assert.deepEqual(types(s.handle({ cmd: 'mail', args: ['<a@example.org>', 'SIZE=10'] })), ['message-start', 'reply:continue']);
  assert.equal(s.inMessage, true);
  s.handle({ cmd: 'rcpt', args: ['<b@example.com>'] });
  s.handle({ cmd: 'rcpt', args: ['<c@example.com>'] });
  assert.deepEqual(replies(s.handle({ cmd: 'data' })), ['continue']);
  const h = s.handle({ cmd: 'header', name: 'Subject', value: ' hi' });
  assert.deepEqual(h[0], { type: 'header', name: 'Subject', raw: ' hi' });
  assert.deepEqual(types(s.handle({ cmd: 'eoh' })), ['end-of-headers', 'reply:continue']);
  assert.deepEqual(types(s.handle({ cmd: 'body', chunk: Buffer.from('x\r\n') })), ['body', 'reply:continue']);
  s.handle({ cmd: 'macro', stage: 'E', macros: [['i', 'QID1']] });
  const end = s.handle({ cmd: 'eob', chunk: Buffer.alloc(0) });
  assert.equal(end.length, 1);
  const eom = end[0];
  assert.ok(eom && eom.type === 'end-of-message');
  assert.equal(eom.envelope.sender, '<a@example.org>');
  assert.deepEqual(eom.envelope.mailArgs, ['SIZE=10']);
  assert.deepEqual(eom.envelope.recipients, ['<b@example.com>', '<c@example.com>']);
  assert.equal(eom.envelope.helo, 'helo.example');
  assert.deepEqual(eom.envelope.macros, { j: 'mx', daemon_name: 'd', mail_addr: 'a@example.org', i: 'QID1' });
  assert.equal(s.inMessage, false);
});

test('without HDR_LEADSPC the space the MTA removed is put back', () => {
  const s = negotiated(newSession(), 0x0fffff);
  s.handle(conn);
  s.handle({ cmd: 'mail', args: ['<a@b>'] });
  s.handle({ cmd: 'rcpt', args: ['<c@d>'] });
  assert.deepEqual(s.handle({ cmd: 'header', name: 'From', value: 'a@b' })[0], { type: 'header', name: 'From', raw: ' a@b' });
});

test('commands before OPTNEG and a second OPTNEG close the connection', () => {
  assert.deepEqual(types(newSession().handle(conn)), ['close']);
  const s = negotiated(newSession());
  assert.deepEqual(types(s.handle({ cmd: 'optneg', version: 6, actions: 0, protocol: 0 })), ['close']);
  assert.equal(s.closed, true);
  assert.deepEqual(s.handle(conn), [], 'nothing after close');
});

test('an MTA older than v2 is refused', () => {
  const s = newSession();
  assert.deepEqual(types(s.handle({ cmd: 'optneg', version: 1, actions: 0x1ff, protocol: 0 })), ['close']);
});

test('ABORT ends the message, may repeat, and the next message needs no new CONNECT', () => {
  const s = negotiated(newSession());
  s.handle(conn);
  s.handle({ cmd: 'mail', args: ['<a@b>'] });
  s.handle({ cmd: 'macro', stage: 'R', macros: [['{rcpt_addr}', 'x']] });
  s.handle({ cmd: 'rcpt', args: ['<c@d>'] });
  assert.deepEqual(types(s.handle({ cmd: 'abort' })), ['abort']);
  assert.deepEqual(types(s.handle({ cmd: 'abort' })), ['abort']);
  assert.equal(s.inMessage, false);
  assert.deepEqual(types(s.handle({ cmd: 'mail', args: ['<e@f>'] })), ['message-start', 'reply:continue']);
  s.handle({ cmd: 'rcpt', args: ['<g@h>'] });
  const eom = s.handle({ cmd: 'eob', chunk: Buffer.alloc(0) })[0];
  assert.ok(eom?.type === 'end-of-message');
  assert.deepEqual(eom.envelope.recipients, ['<g@h>']);
  assert.equal(eom.envelope.macros['rcpt_addr'], undefined, 'message macros cleared by ABORT');
});

test('Postfix pattern: EOB, ABORT, second message, ABORT, ABORT, QUIT', () => {
  const s = negotiated(newSession());
  s.handle(conn);
  for (let i = 0; i < 2; i++) {
    s.handle({ cmd: 'mail', args: ['<a@b>'] });
    s.handle({ cmd: 'rcpt', args: ['<c@d>'] });
    assert.equal(s.handle({ cmd: 'eob', chunk: Buffer.alloc(0) })[0]?.type, 'end-of-message');
    assert.deepEqual(types(s.handle({ cmd: 'abort' })), ['abort']);
  }
  s.handle({ cmd: 'abort' });
  assert.deepEqual(types(s.handle({ cmd: 'quit' })), ['close']);
});

test('out-of-order: HEADER before MAIL is answered and ignored; MAIL mid-message restarts', () => {
  const s = negotiated(newSession());
  s.handle(conn);
  const stray = s.handle({ cmd: 'header', name: 'X', value: 'y' });
  assert.deepEqual(types(stray), ['log', 'reply:continue']);
  s.handle({ cmd: 'mail', args: ['<a@b>'] });
  s.handle({ cmd: 'rcpt', args: ['<c@d>'] });
  s.handle({ cmd: 'data' });
  const again = s.handle({ cmd: 'mail', args: ['<new@b>'] });
  assert.deepEqual(types(again), ['abort', 'log', 'message-start', 'reply:continue']);
  const stray2 = s.handle({ cmd: 'eob', chunk: Buffer.alloc(0) });
  assert.equal(stray2[0]?.type, 'end-of-message', 'MAIL→EOB is allowed when events are left out');
  assert.deepEqual(types(s.handle({ cmd: 'eob', chunk: Buffer.alloc(0) })), ['log', 'reply:continue'], 'a second EOB is answered');
});

test('UNKNOWN is answered with CONTINUE in any phase and changes nothing', () => {
  const s = negotiated(newSession());
  s.handle(conn);
  assert.deepEqual(replies(s.handle({ cmd: 'unknown', line: 'FOO' })), ['continue']);
  s.handle({ cmd: 'mail', args: ['<a@b>'] });
  assert.deepEqual(replies(s.handle({ cmd: 'unknown', line: 'BAR' })), ['continue']);
  assert.equal(s.inMessage, true);
});

test('QUIT_NC resets to before CONNECT on the same socket', () => {
  const s = negotiated(newSession());
  s.handle(conn);
  s.handle({ cmd: 'mail', args: ['<a@b>'] });
  assert.deepEqual(types(s.handle({ cmd: 'quitnc' })), ['abort']);
  assert.deepEqual(replies(s.handle(conn)), ['continue']);
  assert.equal(s.closed, false);
});

test('granted NR_* bits suppress exactly those replies', () => {
  const protocol = SMFIP.HDR_LEADSPC | SMFIP.NR_HDR | SMFIP.NR_RCPT | SMFIP.NR_EOH;
  const s = negotiated(newSession({ protocol }), 0x1fffff);
  s.handle(conn);
  s.handle({ cmd: 'mail', args: ['<a@b>'] });
  assert.deepEqual(replies(s.handle({ cmd: 'rcpt', args: ['<c@d>'] })), []);
  assert.deepEqual(replies(s.handle({ cmd: 'data' })), ['continue']);
  assert.deepEqual(replies(s.handle({ cmd: 'header', name: 'A', value: 'b' })), []);
  assert.deepEqual(replies(s.handle({ cmd: 'eoh' })), []);
  assert.deepEqual(replies(s.handle({ cmd: 'body', chunk: Buffer.from('x') })), ['continue']);
});

test('NR bits the MTA did not offer are not used', () => {
  const s = negotiated(newSession({ protocol: SMFIP.NR_HDR }), SMFIP.HDR_LEADSPC);
  s.handle(conn);
  s.handle({ cmd: 'mail', args: ['<a@b>'] });
  assert.deepEqual(replies(s.handle({ cmd: 'header', name: 'A', value: 'b' })), ['continue']);
});

test('trusted connection: ACCEPT at CONNECT; authenticated sender: ACCEPT at MAIL', () => {
  const hooks = {
    skipConnection: (i: { address: string }) => (i.address === '10.0.0.1' ? 'trusted' : null),
    skipMessage: (_s: string, m: Readonly<Record<string, string>>) => (m['auth_authen'] ? 'auth' : null),
  };
  const t = negotiated(newSession({ hooks }));
  assert.deepEqual(replies(t.handle({ ...conn, address: '10.0.0.1' })), ['accept']);
  const a = negotiated(newSession({ hooks }));
  a.handle(conn);
  a.handle({ cmd: 'macro', stage: 'M', macros: [['{auth_authen}', 'alice']] });
  const mail = a.handle({ cmd: 'mail', args: ['<alice@example.org>'] });
  assert.deepEqual(types(mail), ['log', 'message-skipped', 'reply:accept']);
  a.handle({ cmd: 'abort' });
  assert.deepEqual(types(a.handle({ cmd: 'mail', args: ['<x@y>'] })), ['message-start', 'reply:continue'], 'auth macro cleared');
});

test('a skip met where the MTA reads no reply is answered ACCEPT at the next stage that has one', () => {
  const all = SMFIP.NR_CONN | SMFIP.NR_HELO | SMFIP.NR_MAIL | SMFIP.NR_RCPT | SMFIP.NR_HDR | SMFIP.NR_BODY;
  const hooks = { skipConnection: () => null, skipMessage: (_s: string, m: Readonly<Record<string, string>>) => (m['auth_authen'] ? 'auth' : null) };
  const s = negotiated(newSession({ protocol: SMFIP.HDR_LEADSPC | all, hooks }));
  assert.deepEqual(replies(s.handle(conn)), []);
  s.handle({ cmd: 'macro', stage: 'M', macros: [['{auth_authen}', 'alice']] });
  const mail = s.handle({ cmd: 'mail', args: ['<alice@example.org>'] });
  assert.deepEqual(types(mail), ['log', 'message-skipped'], 'no reply on a no-reply stage, nothing collected');
  // The MTA goes on without waiting; nothing is collected and nothing answered until end of message.
  const rest: MtaCommand[] = [{ cmd: 'rcpt', args: ['<b@c>'] }, { cmd: 'header', name: 'A', value: 'b' }, { cmd: 'body', chunk: Buffer.from('x') }];
  for (const c of rest) {
    assert.deepEqual(types(s.handle(c)), [], c.cmd);
  }
  assert.deepEqual(types(s.handle({ cmd: 'eob', chunk: Buffer.alloc(0) })), ['reply:accept']);
  // The next message on the connection is scanned as usual.
  assert.deepEqual(types(s.handle({ cmd: 'mail', args: ['<x@y>'] })), ['message-start']);
});

test('size cap: body past the cap is not forwarded and SKIP is sent once', () => {
  const s = negotiated(newSession({ maxMessageBytes: 100 }));
  s.handle(conn);
  s.handle({ cmd: 'mail', args: ['<a@b>'] });
  s.handle({ cmd: 'rcpt', args: ['<c@d>'] });
  assert.deepEqual(types(s.handle({ cmd: 'body', chunk: Buffer.alloc(60) })), ['body', 'reply:continue']);
  assert.deepEqual(types(s.handle({ cmd: 'body', chunk: Buffer.alloc(60) })), ['oversize', 'reply:skip']);
  const eom = s.handle({ cmd: 'eob', chunk: Buffer.alloc(0) })[0];
  assert.ok(eom?.type === 'end-of-message' && eom.oversize);
});

test('EOB data is treated as a final body chunk', () => {
  const s = negotiated(newSession());
  s.handle(conn);
  s.handle({ cmd: 'mail', args: ['<a@b>'] });
  assert.deepEqual(types(s.handle({ cmd: 'eob', chunk: Buffer.from('tail') })), ['body', 'end-of-message']);
});
