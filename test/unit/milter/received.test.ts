import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rfc5322Date, synthesizeReceived } from '../../../milter/received.js';
import type { Envelope } from '../../../milter/session-types.js';

const when = new Date(Date.UTC(2026, 10, 26, 0, 30, 5));

function env(over: Partial<Envelope> = {}): Envelope {
  return {
    connect: { hostname: 'client.example.net', family: 'inet', port: 4000, address: '192.0.2.7' },
    helo: 'helo.example.net',
    sender: '<a@example.org>',
    mailArgs: [],
    recipients: ['<bob@example.com>'],
    macros: { j: 'mx.test.example', v: 'Postfix 3.7.11', i: 'ABC123' },
    ...over,
  };
}

test('date in RFC 5322 form, UTC', () => {
  assert.equal(rfc5322Date(when), 'Thu, 26 Nov 2026 00:30:05 +0000 (UTC)');
});

test('Postfix layout, as SpamAssassin parses it', () => {
  assert.equal(
    synthesizeReceived(env(), when),
    ' from helo.example.net (client.example.net [192.0.2.7])\r\n\tby mx.test.example (Postfix) with ESMTP id ABC123' +
      '\r\n\t(envelope-from <a@example.org>)\r\n\tfor <bob@example.com>; Thu, 26 Nov 2026 00:30:05 +0000 (UTC)',
  );
});

test('no PTR name becomes "unknown"; IPv6 gets the IPv6: tag; AUTH and TLS show in the protocol', () => {
  const v = synthesizeReceived(
    env({
      connect: { hostname: '[2001:db8::1]', family: 'inet6', port: 1, address: 'IPv6:2001:db8::1' },
      recipients: ['<a@x>', '<b@x>'],
      macros: { j: 'mx', v: '8.17.1', auth_authen: 'alice', tls_version: 'TLSv1.3' },
    }),
    when,
  );
  assert.match(v, /^ from helo\.example\.net \(unknown \[IPv6:2001:db8::1\]\)\r\n\tby mx \(8\.17\.1\) with ESMTPSA\r\n\t\(envelope-from <a@example\.org>\); /);
  assert.doesNotMatch(v, /for </, 'no "for" with several recipients');
});

test('a connection without an address still yields a parseable line', () => {
  const v = synthesizeReceived(
    env({ connect: { hostname: 'localhost', family: 'unknown', port: 0, address: '' }, helo: null, macros: {}, sender: '<>' }),
    when,
  );
  assert.match(v, /^ from localhost \(localhost\)\r\n\tby localhost with ESMTP\r\n\tfor <bob@example\.com>; /, 'no envelope-from for the null sender');
});
