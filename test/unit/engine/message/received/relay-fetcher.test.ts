import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeRelays } from '../../../../../src/engine/message/received/analyze.js';
import { message, stockConfig } from './relay-fixtures.js';

const local = 'Received: from localhost (localhost [127.0.0.1]) by box.example.org (Postfix) with ESMTP id AAA111';
const fetch = 'Received: from pop.example.net [198.51.100.2] by localhost with POP3 (fetchmail-6.4.0) for <u@localhost> (single-drop)';
// Only lines no earlier format claims reach the fetcher check; a sendmail-shaped IMAP line would be a relay.
const imap = 'Received: from imap.example.net [198.51.100.3] by box with IMAP (fetchmail-6.4.0) for <u@localhost>';
const publicHop = 'Received: from a.example.net (a.example.net [198.51.100.7]) by mx.example.org (8.12/8.12) with ESMTP id BBB222';
const privateHop = 'Received: from b (b.example.net [10.0.0.5]) by mx.example.org (8.12/8.12) with ESMTP id CCC333';

test('a fetch hop inside the trusted part restarts the lists but not the indexes', () => {
  const r = analyzeRelays(message(local, fetch, privateHop, publicHop), stockConfig());
  assert.equal(r.entries[1]?.fetcherMarker, 'restart');
  assert.deepEqual(r.trusted.map((x) => x.ip), ['10.0.0.5']);
  assert.deepEqual(r.internal.map((x) => x.ip), ['10.0.0.5']);
  assert.deepEqual(r.untrusted.map((x) => x.ip), ['198.51.100.7']);
  assert.deepEqual(r.entries[0]?.lists, [], 'the discarded relay is in no list');
  assert.equal(r.lastTrustedRelayIndex, 2);
  assert.equal(r.lastInternalRelayIndex, 2);
  assert.equal(r.all.length, 3);
});

test('a fetch hop below an untrusted relay is ignored', () => {
  const r = analyzeRelays(message(publicHop, imap, privateHop), stockConfig());
  assert.equal(r.entries[1]?.fetcherMarker, 'ignored');
  assert.deepEqual(r.untrusted.map((x) => x.ip), ['198.51.100.7', '10.0.0.5']);
  assert.deepEqual(r.external.map((x) => x.ip), ['198.51.100.7', '10.0.0.5']);
});

test('the untrusted list survives a restart', () => {
  const r = analyzeRelays(message(local, fetch, publicHop, fetch, privateHop), stockConfig());
  assert.deepEqual(r.entries.map((e) => e.fetcherMarker ?? ''), ['', 'restart', '', 'ignored', '']);
  assert.deepEqual(r.untrusted.map((x) => x.ip), ['198.51.100.7', '10.0.0.5']);
  assert.equal(r.relaysTrustedStr, '');
  assert.equal(r.lastTrustedRelayIndex, 1);
});
