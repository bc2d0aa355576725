import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeRelays } from '../../../../../src/engine/message/received/analyze.js';
import { NetSet, parseNetEntry } from '../../../../../src/engine/message/received/net-set.js';
import { chain, configFor, NETWORK_CASES } from './network-cases.js';
import { message, networks } from './relay-fixtures.js';

for (const c of NETWORK_CASES) {
  test(`configured networks: ${c.name}`, () => {
    const r = analyzeRelays(message(...chain(c.ips)), configFor(c));
    assert.deepEqual(r.trusted.map((x) => x.ip), c.trusted);
    assert.deepEqual(r.internal.map((x) => x.ip), c.internal);
    if (c.msa) assert.deepEqual(r.all.map((x) => (x.msa ? 1 : 0)), c.msa);
    assert.equal(r.lastTrustedRelayIndex, c.trusted.length - 1);
    assert.equal(r.lastInternalRelayIndex, c.internal.length - 1);
  });
}

test('an authenticated hop keeps trust and internal status outside the configured networks', () => {
  const r = analyzeRelays(
    message('Received: from laptop (dsl.example.net [203.0.113.20]) by smtp.example.org (Postfix) with ESMTPSA id 1234ABCD', ...chain(['192.0.2.1'])),
    networks(['198.51.100.0/24'], ['198.51.100.0/24']),
  );
  assert.deepEqual(r.trusted.map((x) => x.ip), ['203.0.113.20']);
  assert.deepEqual(r.internal.map((x) => x.ip), ['203.0.113.20']);
});

test('a caller-asserted local origin turns the first untrusted hop into an MSA', () => {
  const r = analyzeRelays(message(...chain(['198.51.100.7', '203.0.113.5', '192.0.2.1'])), networks(['198.51.100.0/24']), { originating: true });
  assert.deepEqual(r.trusted.map((x) => x.ip), ['198.51.100.7', '203.0.113.5', '192.0.2.1']);
  assert.deepEqual(r.internal.map((x) => x.ip), ['198.51.100.7']);
});

test('net entries: shorthands, masks, brackets, scope ids and rejects', () => {
  const bits = (s: string) => parseNetEntry(s)?.bits;
  assert.equal(bits('10.'), 104);
  assert.equal(bits('10'), 104);
  assert.equal(bits('172.16'), 112);
  assert.equal(bits('192.168.1'), 120);
  assert.equal(bits('192.168/16'), 112);
  assert.equal(bits('1.2.3.4'), 128);
  assert.equal(bits('[2001:db8::1]'), 128);
  assert.equal(bits('fe80::1%eth0/64'), 64);
  assert.equal(parseNetEntry('!10.0.0.0/8')?.exclude, true);
  for (const bad of ['300.1.2.3', '10.0.0.0/33', 'example.com', '1.2.3.4-1.2.3.9', '10.0.0.0/x', '']) {
    assert.equal(parseNetEntry(bad), undefined, bad);
  }
});

test('NetSet lookups: first match decides, invalid addresses never match', () => {
  const set = new NetSet(['!10.1.0.0/16', '10.0.0.0/8', '::ffff:0:0/96'], true);
  assert.equal(set.containsIp('10.2.3.4'), true);
  assert.equal(set.containsIp('10.1.3.4'), false);
  assert.equal(set.containsIp('127.0.0.2'), true);
  assert.equal(set.containsIp('::1'), true);
  assert.equal(set.containsIp('203.0.113.1'), true, 'IPv4 addresses sit inside ::ffff:0:0/96');
  assert.equal(set.containsIp(''), false);
  assert.equal(set.containsIp('!1.2.3.4!'), false);
  assert.equal(new NetSet([], false).containsIp('127.0.0.1'), false);
});
