import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapePercent, formatSmtpReply, MAX_REPLY_LINE } from '../../../../src/protocol/milter/smtp-reply.js';
import { SpamwardError } from '../../../../src/util/errors.js';

test('single line with enhanced status', () => {
  assert.equal(formatSmtpReply({ code: '550', enhanced: '5.7.1', text: 'Spam rejected' }), '550 5.7.1 Spam rejected');
  assert.equal(formatSmtpReply({ code: '451', text: 'later' }), '451 later');
});

test('percent signs are doubled for Sendmail printf', () => {
  assert.equal(escapePercent('100% spam %s'), '100%% spam %%s');
  assert.equal(formatSmtpReply({ code: '554', enhanced: '5.7.1', text: '99% sure' }), '554 5.7.1 99%% sure');
});

test('multi-line replies use dash continuations and CRLF', () => {
  assert.equal(
    formatSmtpReply({ code: '550', enhanced: '5.7.1', text: 'first\nsecond\r\nlast' }),
    '550-5.7.1 first\r\n550-5.7.1 second\r\n550 5.7.1 last',
  );
});

test('NUL is dropped and long lines are cut without splitting %%', () => {
  assert.equal(formatSmtpReply({ code: '550', text: 'a\0b' }), '550 ab');
  const line = formatSmtpReply({ code: '550', enhanced: '5.7.1', text: '%'.repeat(2000) });
  assert.ok(line.length <= MAX_REPLY_LINE);
  assert.equal((line.slice(10).match(/%/g) ?? []).length % 2, 0);
});

test('codes and enhanced statuses are validated as Postfix does', () => {
  for (const spec of [
    { code: '250', text: 'x' },
    { code: '55', text: 'x' },
    { code: '550', enhanced: '4.7.1', text: 'x' },
    { code: '450', enhanced: '4.7', text: 'x' },
  ]) {
    assert.throws(() => formatSmtpReply(spec), (e: unknown) => e instanceof SpamwardError && e.code === 'ERR_CONFIG');
  }
});
