import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HeaderAccessor, type HeaderAccessContext } from '../../../../src/engine/message/header-access.js';
import { parseMessage } from '../../../../src/engine/message/parse.js';
import { fixture, lines } from './fixtures.js';

const registry = { tlds: new Set(['com', 'org', 'net', 'uk']), twoLevelDomains: new Set(['co.uk']), threeLevelDomains: new Set<string>() };

function accessor(raw: Buffer, extra: Partial<HeaderAccessContext> = {}): HeaderAccessor {
  return new HeaderAccessor(parseMessage(raw), {
    metadata: () => undefined, lastTrustedRelayIndex: -1, lastInternalRelayIndex: -1, conf: registry, ...extra,
  });
}

test('plain, raw, address and name views of From/To/Cc', () => {
  const a = accessor(fixture('nested-mime.eml'));
  assert.deepEqual(a.list('From'), ['"Alice Example" <alice@example.org>\n']);
  assert.deepEqual(a.list('From:raw'), [' "Alice Example" <alice@example.org>\n']);
  assert.deepEqual(a.list('From:addr'), ['alice@example.org']);
  assert.deepEqual(a.list('From:name'), ['Alice Example']);
  assert.deepEqual(a.list('To:addr'), ['bob@example.com', 'carol@example.com']);
  assert.deepEqual(a.list('ToCc:addr'), ['bob@example.com', 'carol@example.com', 'dave@example.com']);
  assert.deepEqual(a.list('ToCc'), ['Bob <bob@example.com>, carol@example.com\n', 'dave@example.com\n']);
});

test('rule and scalar views join values as SpamAssassin does', () => {
  const a = accessor(lines('Received: one', 'Received: two', 'To: a@example.com, b@example.com', '', 'x'));
  assert.equal(a.forRule('Received'), 'one\ntwo\n');
  assert.equal(a.forRule('To:addr'), 'a@example.com\nb@example.com');
  assert.equal(a.scalar('To:addr'), 'a@example.com');
  assert.equal(a.scalar('Received'), 'one\ntwo\n');
  assert.equal(a.forRule('X-Absent'), undefined);
  assert.equal(a.scalar('X-Absent'), '');
  assert.deepEqual(a.list('Received:first'), ['one\n']);
  assert.deepEqual(a.list('Received:last'), ['two\n']);
});

test('host, domain, ip and revip modifiers', () => {
  const a = accessor(lines(
    'From: x@www.shop.example.co.uk',
    'Received: from relay (relay.example.net [192.0.2.10]) by mx',
    'X-Originating-IP: [2001:db8::1]',
    'Cc: see dave@mail.example.com today',
    '', 'x'));
  assert.deepEqual(a.list('From:addr:host'), ['www.shop.example.co.uk']);
  assert.deepEqual(a.list('From:addr:domain'), ['example.co.uk']);
  assert.deepEqual(a.list('Cc:host'), ['mail.example.com']);
  assert.deepEqual(a.list('Cc:domain'), ['example.com']);
  assert.deepEqual(a.list('Received:ip'), ['192.0.2.10']);
  assert.deepEqual(a.list('Received:revip'), ['10.2.0.192']);
  assert.deepEqual(a.list('X-Originating-IP:ip'), ['2001:db8::1']);
  assert.deepEqual(a.list('X-Originating-IP:revip'), ['1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2']);
});

test('ALL, ALL:raw and the relay-index slices', () => {
  const raw = lines('X-First: 1', 'Received: r0', 'Received: r1', 'Subject: =?utf-8?q?s=C3=A9?=', 'invalid line', 'X-Fold: a', '\tb', '', 'x');
  const a = accessor(raw, { lastTrustedRelayIndex: 0, lastInternalRelayIndex: -1 });
  assert.deepEqual(a.list('ALL'), ['X-First: 1\n', 'Received: r0\n', 'Received: r1\n', 'Subject: s\xc3\xa9\n', 'X-Fold: a b\n']);
  assert.deepEqual(a.list('ALL:raw'), ['X-First: 1\n', 'Received: r0\n', 'Received: r1\n', 'Subject: =?utf-8?q?s=C3=A9?=\n', 'invalid line\n', 'X-Fold: a\n\tb\n']);
  assert.deepEqual(a.list('ALL-TRUSTED'), ['X-First: 1\n', 'Received: r0\n', 'Received: r1\n']);
  assert.deepEqual(a.list('ALL-UNTRUSTED'), ['Received: r1\n', 'Subject: s\xc3\xa9\n', 'X-Fold: a b\n']);
  assert.deepEqual(a.list('ALL-INTERNAL'), ['X-First: 1\n', 'Received: r0\n']);
  assert.deepEqual(a.list('ALL-EXTERNAL'), a.list('ALL').slice(1));
});

test('MESSAGEID order, metadata fallback and relay pseudo-headers', () => {
  const meta = new Map([['envelopefrom', ['env@example.com']], ['x-languages', ['en']], ['x-spam-relays-untrusted', ['']]]);
  const a = accessor(lines('Message-Id: <m@example.com>', 'X-Message-Id: <x@example.com>', '', 'x'), { metadata: (n) => meta.get(n) });
  assert.deepEqual(a.list('MESSAGEID'), ['<x@example.com>\n', '<m@example.com>\n']);
  assert.deepEqual(a.list('EnvelopeFrom'), ['env@example.com']);
  assert.equal(a.scalar('EnvelopeFrom'), 'env@example.com');
  assert.deepEqual(a.list('X-Languages'), ['en']);
  assert.deepEqual(a.list('X-Spam-Relays-Untrusted'), ['']);
  assert.deepEqual(a.list('X-Spam-Relays-Trusted'), []);
});

test('X-Spam-* fields can be hidden as check() hides them', () => {
  const raw = lines('X-Spam-Flag: YES', 'Subject: s', '', 'x');
  assert.deepEqual(accessor(raw).list('X-Spam-Flag'), ['YES\n']);
  const hidden = accessor(raw, { dropSpamHeaders: true });
  assert.deepEqual(hidden.list('X-Spam-Flag'), []);
  assert.deepEqual(hidden.list('ALL'), ['Subject: s\n']);
});

test('quoted display names, comments and group syntax', () => {
  const a = accessor(lines(
    'From: "Doe, John" <john@example.com>',
    "Reply-To: 'Quoted Name' <q@example.com>",
    'To: undisclosed-recipients:;',
    'Cc: a@example.com (Comment Name)',
    '', 'x'));
  assert.deepEqual(a.list('From:name'), ['Doe, John']);
  assert.deepEqual(a.list('Reply-To:name'), ['Quoted Name']);
  assert.deepEqual(a.list('To:addr'), []);
  assert.deepEqual(a.list('Cc:name'), ['Comment Name']);
  assert.deepEqual(a.list('Cc:addr'), ['a@example.com']);
});
