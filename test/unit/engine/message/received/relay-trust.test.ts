import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeRelays } from '../../../../../src/engine/message/received/analyze.js';
import { isPrivateIp } from '../../../../../src/engine/message/received/ip-patterns.js';
import { message, stockConfig } from './relay-fixtures.js';

const hop = (ip: string, extra = '') =>
  `Received: from h.example.net (h.example.net [${ip}])${extra} by mx.example.org (8.12/8.12) with ESMTP id q${ip.replace(/\W/g, '')}`;

test('private, loopback, link-local and CGNAT addresses are private; TEST-NET and ULA are not (as in SpamAssassin 4.0.1)', () => {
  for (const ip of ['10.1.2.3', '127.0.0.1', '169.254.1.1', '172.16.0.1', '172.31.255.1', '192.168.1.1', '100.64.0.1', '100.127.1.1', '::1', '0:0:0:0:0:0:0:1', 'fe80::1', '::ffff:10.0.0.1']) {
    assert.equal(isPrivateIp(ip), true, ip);
  }
  for (const ip of ['172.32.0.1', '100.128.0.1', '192.0.2.1', '198.51.100.1', '203.0.113.1', 'fc00::1', '2001:db8::1', '8.8.8.8', '']) {
    assert.equal(isPrivateIp(ip), false, ip);
  }
});

test('inferred trust holds while hops are private and ends at the first public one', () => {
  const r = analyzeRelays(message(hop('127.0.0.1'), hop('192.168.0.2'), hop('198.51.100.7'), hop('10.0.0.9')), stockConfig());
  assert.deepEqual(r.trusted.map((x) => x.ip), ['127.0.0.1', '192.168.0.2']);
  assert.deepEqual(r.untrusted.map((x) => x.ip), ['198.51.100.7', '10.0.0.9']);
  assert.deepEqual(r.internal.map((x) => x.ip), ['127.0.0.1', '192.168.0.2']);
  assert.equal(r.lastTrustedRelayIndex, 1);
  assert.equal(r.lastInternalRelayIndex, 1);
  assert.match(r.relaysTrustedStr, / intl=1 /);
  assert.match(r.relaysUntrustedStr, /^\[ ip=198\.51\.100\.7 .* intl=0 .*\] \[ ip=10\.0\.0\.9 /);
});

test('an authenticated public hop stays trusted', () => {
  const r = analyzeRelays(
    message(
      'Received: from laptop (dsl.example.net [198.51.100.20]) by smtp.example.org (Postfix) with ESMTPSA id 1234ABCD',
      hop('198.51.100.30'),
    ),
    stockConfig(),
  );
  assert.deepEqual(r.trusted.map((x) => x.auth), ['ESMTPSA']);
  assert.equal(r.untrusted.length, 1);
  assert.equal(r.lastTrustedRelayIndex, 0);
});

test('skipped and unparseable headers inside the trusted part still advance the indexes', () => {
  const r = analyzeRelays(
    message('Received: by mx.example.org (Postfix, from userid 1000) id ABC123', hop('10.0.0.1'), 'Received: from junk', hop('198.51.100.7')),
    stockConfig(),
  );
  assert.equal(r.lastTrustedRelayIndex, 2);
  assert.equal(r.lastInternalRelayIndex, 2);
  assert.equal(r.numRelaysUnparseable, 1);
});

test('no Received headers: empty lists and indexes of -1', () => {
  const r = analyzeRelays(message('Subject: hello'), stockConfig());
  assert.equal(r.relaysTrustedStr, '');
  assert.equal(r.relaysUntrustedStr, '');
  assert.equal(r.lastTrustedRelayIndex, -1);
  assert.equal(r.lastInternalRelayIndex, -1);
  assert.equal(r.envelopeFrom, undefined);
});

test('originating-IP headers become synthetic relays after all Received headers', () => {
  const r = analyzeRelays(
    message('X-Originating-IP: [198.51.100.44]', hop('198.51.100.7'), 'X-Yahoo-Post-IP: 203.0.113.9', 'X-AOL-IP: none here'),
    stockConfig(),
  );
  const synthetic = r.entries.filter((e) => e.synthetic);
  // In originating_ip_headers order (X-Yahoo-Post-IP before X-Originating-IP), not header order.
  assert.deepEqual(synthetic.map((e) => e.line), ['from X-Originating-IP: 203.0.113.9\n', 'from X-Originating-IP: 198.51.100.44\n']);
  assert.deepEqual(synthetic.map((e) => e.relay?.asString), [
    '[ ip=203.0.113.9 rdns= helo= by= ident= envfrom= intl=0 id= auth= msa=0 ]',
    '[ ip=198.51.100.44 rdns= helo= by= ident= envfrom= intl=0 id= auth= msa=0 ]',
  ]);
  assert.deepEqual(synthetic.map((e) => e.index), [1, 2]);
  assert.equal(synthetic[0]?.relay?.headerIndex, -1);
});

test('only the last header of an originating-IP name is used', () => {
  const r = analyzeRelays(message('X-Originating-IP: 198.51.100.1', 'X-Originating-IP: 198.51.100.2'), stockConfig());
  assert.deepEqual(r.all.map((x) => x.ip), ['198.51.100.2']);
});
