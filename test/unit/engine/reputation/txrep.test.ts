import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryReputationStore } from '../../../../src/engine/reputation/reputation-store.js';
import { runTxRep, type TxRepMessage, txrepHitScore } from '../../../../src/engine/reputation/txrep.js';
import { dilutedTotal, identityDelta, sanitized, storedNumber, withScoreAdded, withScoreRemoved } from '../../../../src/engine/reputation/txrep-entry.js';
import { TXREP_NAMESPACE, txrepEntryKey, txrepIpKey } from '../../../../src/engine/reputation/txrep-keys.js';
import { fromDomain, senderHops, type TxRepRelay } from '../../../../src/engine/reputation/txrep-sender.js';
import { txrepActive, txrepSettings } from '../../../../src/engine/reputation/txrep-settings.js';
import { bayesConfig } from '../bayes/bayes-helpers.js';

const TXREP_CF = 'loadplugin Mail::SpamAssassin::Plugin::TxRep\nuse_txrep 1';

describe('TxRep entry arithmetic', () => {
  it('a new identity suggests nothing', () => {
    assert.equal(identityDelta({ count: 0, total: 0 }, 4), 0);
  });

  it('moves towards the mean with this message included', () => {
    // (4 + 2) / 2 - 2
    assert.equal(identityDelta({ count: 1, total: 4 }, 2), 1);
    assert.equal(identityDelta({ count: 1, total: -4 }, 2), -3);
  });

  it('never pulls a score towards 0 when history and score agree in sign', () => {
    // (6 + 8) / 3 - 8 < 0 with both positive: the total alone, spread over count + 1.
    assert.equal(identityDelta({ count: 2, total: 6 }, 8), 2);
    assert.equal(identityDelta({ count: 2, total: -6 }, -8), -2);
  });

  it('without a score (a message id lookup) spreads the total', () => {
    assert.equal(identityDelta({ count: 3, total: 9 }, undefined), 9 / 4);
  });

  it('adds and removes scores as SpamAssassin counts them', () => {
    assert.deepEqual(withScoreAdded({ count: 2, total: 6 }, 1.5, undefined), { count: 3, total: 7.5 });
    assert.deepEqual(withScoreAdded({ count: 2, total: 6 }, Number.NaN, undefined), { count: 2, total: 6 });
    // Remove: the count drops by one, but from 2 or less to 1.
    assert.deepEqual(withScoreRemoved({ count: 5, total: 10 }, 4), { count: 4, total: 6 });
    assert.deepEqual(withScoreRemoved({ count: 2, total: 10 }, 4), { count: 1, total: 6 });
    assert.deepEqual(withScoreRemoved({ count: 0, total: 0 }, 20), { count: 1, total: -20 });
  });

  it('dilutes older messages when a dilution factor is applied', () => {
    // mean (0.9·6 + 3) / (0.9·2 + 1) = 3, kept over 3 messages.
    assert.ok(Math.abs(dilutedTotal({ count: 2, total: 6 }, 3, 0.9) - 9) < 1e-12);
    assert.ok(Math.abs(withScoreAdded({ count: 2, total: 6 }, 3, 0.5).total - 3 * (0.5 * 6 + 3) / 2) < 1e-12);
    // An empty entry takes the score as it is.
    assert.deepEqual(withScoreAdded({ count: 0, total: 0 }, 3, 0.5), { count: 1, total: 3 });
  });

  it('keeps totals as Perl prints them (15 significant digits)', () => {
    assert.equal(storedNumber(0.1 + 0.2), 0.3);
    assert.equal(storedNumber(-2.748125), -2.748125);
  });

  it('resets broken entries', () => {
    assert.deepEqual(sanitized({ count: -1, total: 3 }), { count: 0, total: 0 });
    assert.deepEqual(sanitized({ count: 2, total: Number.NaN }), { count: 0, total: 0 });
    assert.deepEqual(sanitized(undefined), { count: 0, total: 0 });
  });

  it('hits with the delta rounded as sprintf("%0.3f")', () => {
    assert.equal(txrepHitScore(1.51999), 1.52);
    assert.equal(txrepHitScore(-0.0625), -0.062);
  });
});

describe('TxRep keys', () => {
  it('are AWL-format keys in a namespace of their own', () => {
    assert.equal(txrepEntryKey('Alice@Alpha.Example', '203.0', false), `${TXREP_NAMESPACE}alice@alpha.example|ip=203.0`);
    assert.equal(txrepEntryKey('a|b"c;d@x.example', 'none', false), `${TXREP_NAMESPACE}a_b_c_d@x.example|ip=none`);
    // AWL keys never start with `|`: the namespace cannot meet one.
    assert.ok(TXREP_NAMESPACE.startsWith('|'));
  });

  it('lower-cases ASCII only, as Perl lc on bytes', () => {
    assert.equal(txrepEntryKey('\xC0B@x', 'none', false), `${TXREP_NAMESPACE}\xC0b@x|ip=none`);
  });

  it('files addresses of mail sent by a local user under WELCOMELIST_OUT', () => {
    assert.equal(txrepEntryKey('bob@x.example', '10.0', true), `${TXREP_NAMESPACE}bob@x.example|ip=WELCOMELIST_OUT`);
    assert.equal(txrepEntryKey('x.example', '10.0', true), `${TXREP_NAMESPACE}x.example|ip=10.0`);
  });

  it('masks IPs with the TxRep mask lengths', () => {
    assert.equal(txrepIpKey('203.0.113.5', 16, 48), '203.0');
    assert.equal(txrepIpKey('203.0.113.5', 24, 48), '203.0.113');
    assert.equal(txrepIpKey('2001:db8:1::5', 16, 48), '2001:0DB8:0001::');
    assert.equal(txrepIpKey(undefined, 16, 48), 'none');
  });
});

describe('txrepSettings', () => {
  it('is off unless the plugin is loaded and use_txrep is on', () => {
    assert.equal(txrepSettings(bayesConfig('')).enabled, false);
    assert.equal(txrepSettings(bayesConfig('loadplugin Mail::SpamAssassin::Plugin::TxRep')).enabled, false);
    const s = txrepSettings(bayesConfig(TXREP_CF));
    assert.equal(txrepActive(s), true);
    assert.deepEqual(s.weights, { EMAIL_IP: 10, EMAIL: 3, DOMAIN: 2, IP: 4, HELO: 0.5 });
    assert.equal(s.factor, 0.5);
    assert.equal(s.dilutionFactor, undefined);
  });

  it('refuses to run while AWL is on', () => {
    const both = `${TXREP_CF}\nloadplugin Mail::SpamAssassin::Plugin::AWL`;
    assert.equal(txrepActive(txrepSettings(bayesConfig(both))), false);
    assert.equal(txrepActive(txrepSettings(bayesConfig(`${both}\nuse_auto_welcomelist 0`))), true);
  });

  it('keeps the default for a value out of range', () => {
    const s = txrepSettings(bayesConfig(`${TXREP_CF}\ntxrep_factor 1.5\ntxrep_weight_ip 11\ntxrep_ipv4_mask_len 24\ntxrep_weight_helo 0`));
    assert.equal(s.factor, 0.5);
    assert.equal(s.weights.IP, 4);
    assert.equal(s.weights.HELO, 0);
    assert.equal(s.ipv4MaskLen, 24);
  });

  it('reads txrep_report_details as SpamAssassin does: only 0, 1 or 2', () => {
    const details = (v: string) => txrepSettings(bayesConfig(`${TXREP_CF}\ntxrep_report_details ${v}`)).reportDetails;
    assert.deepEqual(['0', '1', '2', '3', '1.0'].map(details), [0, 1, 2, 0, 0]);
    assert.equal(txrepSettings(bayesConfig(TXREP_CF)).reportDetails, 0);
  });
});

const relay = (ip: string, helo: string, ipPrivate = false): TxRepRelay => ({ ip, helo, ipPrivate });

describe('senderHops', () => {
  it('takes the first untrusted IP when the message scores 2 or more', () => {
    const untrusted = [relay('203.0.113.5', 'mx.a.example'), relay('192.0.2.9', 'pc')];
    assert.deepEqual(senderHops([relay('198.51.100.7', 'in')], untrusted, 'a@a.example', 'a.example', 5), { origIp: '203.0.113.5', helo: 'pc' });
    // Under 2, the oldest public relay of all.
    assert.equal(senderHops([relay('198.51.100.7', 'in')], untrusted, 'a@a.example', 'a.example', 1).origIp, '192.0.2.9');
  });

  it('marks mail seen only by private trusted hops as 127.0.0.1', () => {
    assert.equal(senderHops([relay('10.1.2.3', 'desk', true)], [], 'a@a.example', 'a.example', 0).origIp, '127.0.0.1');
    assert.equal(senderHops([], [], 'a@a.example', 'a.example', 0).origIp, undefined);
  });

  it('ignores HELOs that repeat the IP, the domain or the address, and lets an empty one clear it', () => {
    assert.equal(senderHops([], [relay('203.0.113.5', '[203.0.113.5]')], 'a@a.example', 'a.example', 5).helo, undefined);
    assert.equal(senderHops([], [relay('203.0.113.5', 'A.Example')], 'a@a.example', 'a.example', 5).helo, undefined);
    assert.equal(senderHops([relay('198.51.100.7', 'in')], [relay('203.0.113.5', '')], 'a@a.example', 'a.example', 5).helo, '');
  });

  it('reads the domain after the last @', () => {
    assert.equal(fromDomain('a@b@c.example'), 'c.example');
    assert.equal(fromDomain('nodomain'), 'nodomain');
  });
});

function message(msgId: string, points: number): TxRepMessage {
  return {
    from: 'a@x.example', trusted: [], untrusted: [relay('203.0.113.5', 'mail.x.example')], internalOnly: false, recipients: () => [],
    msgId, points, prescore: points, spfPass: false,
  };
}

const entry = (store: MemoryReputationStore, id: string, block = 'none') => store.get(txrepEntryKey(id, block, false));

describe('runTxRep', () => {
  const settings = txrepSettings(bayesConfig(TXREP_CF));
  const scan = (store: MemoryReputationStore, m: TxRepMessage) => store.transact((tx) => runTxRep(tx, m, settings, { kind: 'scan' }, 1000));

  it('weighs every identity, stores the points, and the message id the points after TxRep', async () => {
    const store = new MemoryReputationStore();
    assert.equal((await scan(store, message('id1', 4))).delta, 0);
    for (const [id, block] of [['a@x.example', '203.0'], ['a@x.example', 'none'], ['x.example', '203.0'], ['203.0.113.5', 'none'], ['mail.x.example', 'none'], ['id1', 'none']] as const) {
      assert.deepEqual(entry(store, id, block), { count: 1, total: 4, lastHit: 1000 }, `${id}|${block}`);
    }
    // Every identity suggests (4 + 2) / 2 - 2 = 1; weighted mean 1, times the factor 0.5.
    const second = await scan(store, message('id2', 2));
    assert.equal(second.delta, 0.5);
    assert.equal(second.tags.get('TXREPEMAILIP'), '1.0');
    assert.equal(second.tags.get('TXREPEMAILIPMEAN'), '4.0');
    assert.equal(second.tags.get('TXREPEMAILIPCOUNT'), '1.0');
    assert.equal(entry(store, 'a@x.example', '203.0')?.total, 6);
    assert.equal(entry(store, 'id2')?.total, 2.5);
  });

  it('answers a rescan from the stored message score and stores nothing', async () => {
    const store = new MemoryReputationStore();
    await scan(store, message('id1', 4));
    await scan(store, message('id2', 2));
    const before = [...store.entries()];
    const again = await scan(store, message('id2', 2));
    // (2 + 0.5 · 2.5) / 1.5 - 2
    assert.ok(Math.abs(again.delta - (3.25 / 1.5 - 2)) < 1e-12);
    assert.equal(again.tags.get('TXREPMSGID'), '2.5');
    assert.deepEqual([...store.entries()], before);
  });

  it('learns with the penalty pushed by each mean, and relearns by taking the old learn back', async () => {
    const store = new MemoryReputationStore();
    await scan(store, message('id1', 4));
    await scan(store, message('id2', 2));
    const learn = (value: number) => store.transact((tx) => runTxRep(tx, message('id3', 0), settings, { kind: 'learn', value }, 1000));
    await learn(20);
    // Mean 3 pushes the penalty to 23; a learned message id is kept with count 2.
    assert.deepEqual(entry(store, 'a@x.example', '203.0'), { count: 3, total: 29, lastHit: 1000 });
    assert.deepEqual(entry(store, 'id3'), { count: 2, total: 40, lastHit: 1000 });
    await learn(-20);
    // Taken back: 20 + 29/3 off, count 3 → 2; then -20 - |mean| added.
    const taken = 29 - (20 + 29 / 3);
    const e = entry(store, 'a@x.example', '203.0');
    assert.equal(e?.count, 3);
    assert.ok(Math.abs((e?.total ?? 0) - (taken - 20 - Math.abs(taken / 2))) < 1e-9);
    assert.deepEqual(entry(store, 'id3'), { count: 2, total: -40, lastHit: 1000 });
  });

  it('lists each identity already in the store for the report, with txrep_report_details', async () => {
    const store = new MemoryReputationStore();
    const at = (level: string) => txrepSettings(bayesConfig(`${TXREP_CF}\ntxrep_report_details ${level}`));
    const first = await store.transact((tx) => runTxRep(tx, message('id1', 4), at('2'), { kind: 'scan' }, 1000));
    // Nothing known yet: nothing listed.
    assert.deepEqual(first.details, []);
    const second = await store.transact((tx) => runTxRep(tx, message('id2', 2), at('2'), { kind: 'scan' }, 1000));
    assert.deepEqual(second.details, [
      'EMAILIP: a@x.example|203.0, rep: 4.00, count: 1',
      'DOMAIN: x.example|203.0, rep: 4.00, count: 1',
      'HELO: mail.x.example, rep: 4.00, count: 1',
      'EMAIL: a@x.example, rep: 4.00, count: 1',
      'IP: 203.0.113.5, rep: 4.00, count: 1',
    ]);
    // A signed address has no block (it shares the address-alone entry, as in SpamAssassin's store) and the signer's
    // domain is new; level 1 names the identities only; level 0 lists nothing.
    const signed = await store.transact((tx) => runTxRep(tx, { ...message('id3', 2), dkimDomain: 'signer.example' }, at('1'), { kind: 'scan' }, 1000));
    assert.deepEqual(signed.details, ['EMAILIP: a@x.example', 'HELO: mail.x.example', 'IP: 203.0.113.5']);
    assert.deepEqual((await scan(store, message('id4', 2))).details, []);
  });

  it('binds a DKIM-signed address to its signer and an SPF pass to no IP', async () => {
    const signed = new MemoryReputationStore();
    await scan(signed, { ...message('id1', 4), dkimDomain: 'signer.example' });
    const keys = [...signed.entries()].map(([k]) => k.slice(TXREP_NAMESPACE.length)).sort();
    // No address-alone entry and no IP block: the address and the signer's domain under ip=none.
    assert.deepEqual(keys, ['203.0.113.5|ip=none', 'a@x.example|ip=none', 'id1|ip=none', 'mail.x.example|ip=none', 'signer.example|ip=none']);
    const spf = new MemoryReputationStore();
    await scan(spf, { ...message('id1', 4), spfPass: true, spfSender: 'bounce@x.example' });
    assert.deepEqual([...spf.entries()].map(([k]) => k.slice(TXREP_NAMESPACE.length)).sort(), ['203.0.113.5|ip=none', 'a@x.example|ip=none', 'id1|ip=none', 'mail.x.example|ip=none', 'x.example|ip=none']);
  });

  it('does nothing for a message without a sender address', async () => {
    const store = new MemoryReputationStore();
    const out = await scan(store, { ...message('id1', 4), from: ' ' });
    assert.equal(out.skipped, 'no sender address');
    assert.deepEqual([...store.entries()], []);
  });
});
