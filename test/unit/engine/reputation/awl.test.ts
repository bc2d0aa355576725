import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RelayAnalysis, Relay } from '../../../../src/engine/message/analysis-types.js';
import { awlAdjust, awlSettings, originatingIp } from '../../../../src/engine/reputation/awl.js';
import { listAwlAddress } from '../../../../src/engine/reputation/address-list.js';
import { entryKey, ipBlockKey } from '../../../../src/engine/reputation/ip-key.js';
import { MemoryReputationStore } from '../../../../src/engine/reputation/reputation-store.js';
import { bayesConfig } from '../bayes/bayes-helpers.js';

function relay(ip: string, ipPrivate: boolean): Relay {
  return { ip, rdns: '', helo: '', by: '', ident: '', envfrom: '', id: '', auth: '', ipPrivate, internal: false, msa: false, headerIndex: 0, line: '' };
}

function relays(list: Relay[]): RelayAnalysis {
  return {
    trusted: [], untrusted: list, internal: [], external: list, all: list, numRelaysUnparseable: 0, lastTrustedRelayIndex: -1, lastInternalRelayIndex: -1,
    relaysTrustedStr: '', relaysUntrustedStr: '', relaysInternalStr: '', relaysExternalStr: '', envelopeFrom: undefined,
  };
}

const AWL_CF = 'loadplugin Mail::SpamAssassin::Plugin::AWL\nheader NOAWL_RULE Subject =~ /x/\ntflags NOAWL_RULE noawl\nheader NAL Subject =~ /y/\ntflags NAL noautolearn';

describe('ipBlockKey', () => {
  it('writes IPv4 blocks as SpamAssassin does', () => {
    assert.equal(ipBlockKey('192.0.2.77'), '192.0');
    assert.equal(ipBlockKey('192.0.2.77', 32), '192.0.2.77');
    assert.equal(ipBlockKey('192.0.2.77', 24), '192.0.2');
    assert.equal(ipBlockKey('10.0.0.1', 16), '10.0');
    assert.equal(ipBlockKey('10.0.0.1', 8), '10');
    assert.equal(ipBlockKey(undefined), 'none');
    assert.equal(ipBlockKey('not-an-ip'), 'none');
  });

  it('writes IPv6 blocks at /48 with trailing zero groups compressed', () => {
    assert.equal(ipBlockKey('2001:db8:1234:5678::1'), '2001:0DB8:1234::');
  });

  it('escapes characters the original store cannot keep', () => {
    assert.equal(entryKey('A|b"c@x.example', 'none'), 'a_b_c@x.example|ip=none');
  });
});

describe('AWL', () => {
  it('is off unless the AWL plugin is loaded', () => {
    assert.equal(awlSettings(bayesConfig()).enabled, false);
    assert.equal(awlSettings(bayesConfig(AWL_CF)).enabled, true);
  });

  it('finds the oldest public relay as the originating IP', () => {
    assert.equal(originatingIp(relays([relay('198.51.100.9', false), relay('203.0.113.5', false), relay('10.1.1.1', true)])), '203.0.113.5');
  });

  it('adjusts by (mean - points) * factor and stores the pre-adjustment points', async () => {
    const conf = bayesConfig(AWL_CF);
    const store = new MemoryReputationStore();
    const base = { conf, from: 'sender@example.org', relays: relays([relay('198.51.100.9', false)]), update: true, now: 1000 };
    const first = await awlAdjust(store, { ...base, hits: [{ name: 'A', score: 2 }] });
    assert.equal(first.delta, 0);
    const second = await awlAdjust(store, { ...base, hits: [{ name: 'A', score: 6 }] });
    assert.equal(second.mean, 2);
    assert.equal(second.delta, (2 - 6) * 0.5);
    assert.deepEqual(store.get('sender@example.org|ip=198.51'), { count: 2, total: 8, lastHit: 1000 });
  });

  it('ignores noautolearn rules in the points and aborts on noawl', async () => {
    const conf = bayesConfig(AWL_CF);
    const store = new MemoryReputationStore();
    const base = { conf, from: 'x@example.org', relays: relays([]), update: true };
    await awlAdjust(store, { ...base, hits: [{ name: 'A', score: 1 }, { name: 'NAL', score: 50 }] });
    assert.equal(store.get('x@example.org|ip=none')?.total, 1);
    const r = await awlAdjust(store, { ...base, hits: [{ name: 'NOAWL_RULE', score: 1 }] });
    assert.equal(r.skipped, 'noawl rule hit');
    assert.equal(store.get('x@example.org|ip=none')?.count, 1);
  });

  it('does not store anything in test mode', async () => {
    const conf = bayesConfig(AWL_CF);
    const store = new MemoryReputationStore();
    await awlAdjust(store, { conf, from: 'y@example.org', relays: relays([]), hits: [], update: false });
    assert.equal([...store.entries()].length, 0);
  });

  it('migrates a welcomelisted ip=none entry to the first IP seen', async () => {
    const conf = bayesConfig(AWL_CF);
    const store = new MemoryReputationStore();
    await listAwlAddress(store, 'good@example.org', 'welcome');
    const r = await awlAdjust(store, { conf, from: 'good@example.org', relays: relays([relay('203.0.113.5', false)]), hits: [{ name: 'A', score: 5 }], update: true });
    assert.equal(r.mean, -100);
    assert.equal(r.delta, (-100 - 5) * 0.5);
    assert.equal(store.get('good@example.org|ip=none'), undefined);
    assert.equal(store.get('good@example.org|ip=203.0')?.count, 2);
    // Removing the address takes its per-IP entries too, as SpamAssassin's remove_entry does.
    assert.equal(await listAwlAddress(store, 'good@example.org', 'remove'), true);
    assert.deepEqual([...store.entries()], []);
  });

  it('welcomelists an address with history afresh: its per-IP entries go, so any IP starts from -100', async () => {
    const conf = bayesConfig(AWL_CF);
    const store = new MemoryReputationStore();
    const from = { conf, from: 'known@example.org', relays: relays([relay('203.0.113.5', false)]), hits: [{ name: 'A', score: 8 }], update: true };
    await awlAdjust(store, from);
    await store.transact((tx) => tx.put('knownish@example.org|ip=203.0', { count: 1, total: 1, lastHit: 1 }));
    await listAwlAddress(store, 'Known@Example.org', 'welcome', 1000);
    assert.deepEqual([...store.entries()].map(([k]) => k).sort(), ['known@example.org|ip=none', 'knownish@example.org|ip=203.0']);
    assert.equal((await awlAdjust(store, from)).mean, -100);
  });
});
