/**
 * The message ids and per-scan lines spamd logs (what Debian's spamd writes
 * for the same messages is pinned in test/interop/spamd-log-lines.test.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Verdict } from '../../../src/engine/api-types.js';
import { loggedMessageIds } from '../../../src/spamd/message-ids.js';
import { checkingLine, resultLine, verdictLine } from '../../../src/spamd/scan-log-lines.js';

describe('message ids as spamd logs them', () => {
  it('takes the last field, drops comments and what is outside the brackets, and marks odd characters', () => {
    const msg = Buffer.from('Message-ID: <first@x>\nMessage-Id: (a comment) junk <last id\xe9@ex\n ample> tail\nResent-Message-ID: <r@x>\n\nMessage-ID: <body@x>\n', 'latin1');
    assert.deepEqual(loggedMessageIds(msg), { msgid: '<last?id?@ex?ample>', rmsgid: '<r@x>' });
  });
  it('none, or one without brackets', () => {
    assert.deepEqual(loggedMessageIds(Buffer.from('Subject: x\n\nbody\n')), { msgid: undefined, rmsgid: undefined });
    assert.deepEqual(loggedMessageIds(Buffer.from('Message-ID: bare.id@x\r\n\r\n')), { msgid: '<bare.id@x>', rmsgid: undefined });
  });
});

describe('per-scan lines', () => {
  const verdict = {
    isSpam: false, score: -0.7, scoreText: '-0.7', requiredText: '5.0', testNames: ['B_RULE', 'A_RULE'],
    autolearnStatus: 'no autolearn_force=no', resultLogItems: ['shortcircuit=no'], bayesScore: 0.5,
  } as unknown as Verdict;
  const ctx = { user: 'bob', uid: 65534, ids: { msgid: '<a b,c@x>', rmsgid: '<r@x>' } };
  it('checking / processing, with the resent id', () => {
    assert.equal(checkingLine('CHECK', ctx), 'spamd: checking message <a b,c@x> aka <r@x> for bob:65534');
    assert.equal(checkingLine('PROCESS', { ...ctx, ids: { msgid: undefined, rmsgid: undefined } }), 'spamd: processing message (unknown) for bob:65534');
  });
  it('clean message / identified spam', () => {
    assert.equal(verdictLine(verdict, ctx, '0.3', 1234), 'spamd: clean message (-0.7/5.0) for bob:65534 in 0.3 seconds, 1234 bytes.');
  });
  it('result: %2d score, sorted tests, ids made one field, bayes=, autolearn and the plugins\' items', () => {
    assert.equal(
      resultLine(verdict, ctx, '0.3', 1234, { host: 'localhost', address: '127.0.0.1', port: 40000 }),
      'spamd: result: .  0 - A_RULE,B_RULE scantime=0.3,size=1234,user=bob,uid=65534,required_score=5.0,rhost=localhost,raddr=127.0.0.1,rport=40000,mid=<a_b_c@x>,rmid=<r@x>,bayes=0.500000,autolearn=no autolearn_force=no,shortcircuit=no',
    );
  });
});
