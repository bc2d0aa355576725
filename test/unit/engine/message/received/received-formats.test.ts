import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeRelays } from '../../../../../src/engine/message/received/analyze.js';
import { parseReceivedLine } from '../../../../../src/engine/message/received/parse-received-line.js';
import { message, stockConfig } from './relay-fixtures.js';
import { RECEIVED_CASES } from './received-lines.js';

function outcome(line: string): string {
  const entry = analyzeRelays(message(`Received: ${line}`), stockConfig()).entries[0];
  assert.ok(entry, 'one entry per Received header');
  if (entry.status === 'relay') return entry.relay?.asString ?? '';
  return entry.fetcherMarker ? 'fetcher' : entry.status;
}

for (const c of RECEIVED_CASES) {
  test(`Received format: ${c.name}`, () => {
    assert.equal(outcome(c.line), c.expect);
  });
}

test('folded header lines are unfolded before parsing', () => {
  const folded = 'from a.example.net (a.example.net [198.51.100.7])\n\tby mx.example.org (8.12.8/8.12.8) with ESMTP id h1234567;\n\tMon, 3 Mar 2003 10:00:00 +0000';
  const entry = analyzeRelays(message(`Received: ${folded}`), stockConfig()).entries[0];
  assert.equal(entry?.relay?.by, 'mx.example.org');
  assert.equal(entry?.line, 'from a.example.net (a.example.net [198.51.100.7]) by mx.example.org (8.12.8/8.12.8) with ESMTP id h1234567; Mon, 3 Mar 2003 10:00:00 +0000\n');
});

test('unparseable lines are counted, skipped ones are not', () => {
  const r = analyzeRelays(
    message(
      'Received: by mx.example.org (Postfix, from userid 1000) id ABC123',
      'Received: from relay.example.net - 198.51.100.91 by gw1 with Microsoft SMTPSVC(5.0.2195.6713)',
      'Received: from junk without any address',
    ),
    stockConfig(),
  );
  assert.deepEqual(r.entries.map((e) => e.status), ['skipped', 'unparseable', 'unparseable']);
  assert.equal(r.numRelaysUnparseable, 2);
});

test('rDNS placeholders are emptied', () => {
  const result = parseReceivedLine('from h (UNKNOWN [198.51.100.9]) by mx.example.org (8.12/8.12) with ESMTP id abc');
  assert.equal(result.kind, 'relay');
  if (result.kind !== 'relay') return;
  assert.equal(result.relay.rdns, '');
  assert.equal(result.relay.noReverseDns, true);
});

test('an IPv6 zone id is dropped from Exchange addresses, and link-local counts as private', () => {
  const result = parseReceivedLine('from EX1.example.org ([fe80::1%6]) by EX2.example.org ([fe80::2%6]) with mapi id 15.20.1943.023; Wed, 5 Jun 2019 10:17:08 +0000');
  assert.equal(result.kind, 'relay');
  if (result.kind !== 'relay') return;
  assert.equal(result.relay.ip, 'fe80::1');
  assert.equal(result.relay.id, '');
  assert.equal(result.relay.ipPrivate, true);
});

test('a zone id elsewhere leaves no bracketed address, so the line is unparseable', () => {
  assert.equal(parseReceivedLine('from h (x [IPv6:fe80::1%eth0]) by mx.example.org (8.12/8.12) with ESMTP id abc').kind, 'unparseable');
});

test('an HELO given as an address literal is flagged with !', () => {
  const result = parseReceivedLine('from [198.51.100.98] by relay.example.org; Mon, 10 Mar 2003 10:00:00 +0000');
  assert.equal(result.kind === 'relay' && result.relay.helo, '!198.51.100.98!');
});

test('8-bit octets that are not UTF-8 are read as Windows-1252', () => {
  const r = analyzeRelays(message('Received: from caf\xe9 (x.example.net [198.51.100.7]) by mx.example.org (8.12/8.12) with ESMTP id abc'), stockConfig());
  assert.equal(r.all[0]?.helo, 'caf\xc3\xa9');
});
