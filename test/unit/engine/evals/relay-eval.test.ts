import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hostnameToDomain } from '../../../../src/engine/evals/relay-eval.js';
import { fakeRelay, fakeRelays, fakeScanContext, runEval } from '../../../helpers/fake-scan-context.js';

const pub = (ip: string, extra = {}) => fakeRelay({ ip, ...extra });

describe('RelayEval trust boundary', () => {
  it('check_all_trusted needs trusted relays and nothing untrusted or unparseable', async () => {
    const t = [fakeRelay({ ip: '10.0.0.1', ipPrivate: true })];
    assert.equal(await runEval('check_all_trusted', fakeScanContext({ relays: fakeRelays(t, []) })), true);
    assert.equal(await runEval('check_all_trusted', fakeScanContext({ relays: fakeRelays(t, [pub('192.0.2.1')]) })), false);
    assert.equal(await runEval('check_all_trusted', fakeScanContext({ relays: fakeRelays(t, [], { numRelaysUnparseable: 1 }) })), false);
    assert.equal(await runEval('check_all_trusted', fakeScanContext({ relays: fakeRelays() })), false);
  });

  it('check_no_relays and check_relays_unparseable', async () => {
    assert.equal(await runEval('check_no_relays', fakeScanContext()), true);
    assert.equal(await runEval('check_no_relays', fakeScanContext({ relays: fakeRelays([], [], { numRelaysUnparseable: 2 }) })), false);
    assert.equal(await runEval('check_relays_unparseable', fakeScanContext({ relays: fakeRelays([], [], { numRelaysUnparseable: 2 }) })), true);
    assert.equal(await runEval('check_relays_unparseable', fakeScanContext()), false);
  });
});

describe('RelayEval HELO checks', () => {
  it('helo_ip_mismatch: public IP HELO outside the relay IP /24', async () => {
    const run = async (helo: string, ip: string) =>
      runEval('helo_ip_mismatch', fakeScanContext({ relays: fakeRelays([], [pub(ip, { helo })]) }));
    assert.equal(await run('198.51.100.7', '192.0.2.1'), true);
    assert.equal(await run('192.0.2.99', '192.0.2.1'), false);
    assert.equal(await run('10.1.1.1', '192.0.2.1'), false);
    assert.equal(await run('mail.example.com', '192.0.2.1'), false);
    assert.equal(await run('198.51.100.7', '10.0.0.1'), false);
  });

  it('check_for_no_rdns_dotcom_helo needs a big-provider HELO and a known-missing rDNS', async () => {
    const run = async (r: object) => runEval('check_for_no_rdns_dotcom_helo', fakeScanContext({ relays: fakeRelays([], [pub('192.0.2.1', r)]) }));
    assert.equal(await run({ helo: 'smtp.yahoo.com', noReverseDns: true }), true);
    assert.equal(await run({ helo: 'smtp.yahoo.com' }), false);
    assert.equal(await run({ helo: 'notyahoo.com', noReverseDns: true }), false);
    assert.equal(await run({ helo: 'hotmail.com', noReverseDns: true, ipPrivate: true }), false);
    // Only the last public untrusted relay counts.
    const two = fakeRelays([], [pub('192.0.2.1', { helo: 'smtp.yahoo.com', noReverseDns: true }), pub('192.0.2.2', { helo: 'unknown' })]);
    assert.equal(await runEval('check_for_no_rdns_dotcom_helo', fakeScanContext({ relays: two })), false);
  });

  it('check_for_numeric_helo reads the untrusted relay string', async () => {
    const run = async (helo: string) => runEval('check_for_numeric_helo', fakeScanContext({ relays: fakeRelays([], [pub('192.0.2.1', { helo })]) }));
    assert.equal(await run('198.51.100.7'), true);
    assert.equal(await run('192.168.1.1'), false);
    assert.equal(await run('host.example.com'), false);
  });
});

describe('RelayEval forged Received trail', () => {
  it('hostnameToDomain keeps two labels (three under two-letter TLDs but ie/fr/de)', () => {
    assert.equal(hostnameToDomain('a.b.example.com'), 'example.com');
    assert.equal(hostnameToDomain('a.b.example.co.jp'), 'example.co.jp');
    assert.equal(hostnameToDomain('mx.example.de'), 'example.de');
    assert.equal(hostnameToDomain('192.0.2.1'), '192.0.2.1');
  });

  it('counts relays whose "by" does not match the previous relay rDNS; trail needs two', async () => {
    const chain = [
      pub('192.0.2.1', { rdns: 'mx.alpha.com', by: 'mx.ours.org' }),
      pub('192.0.2.2', { rdns: 'relay.beta.com', by: 'in.gamma.com' }),
      pub('192.0.2.3', { rdns: 'src.delta.com', by: 'x.epsilon.com' }),
    ];
    assert.equal(await runEval('check_for_forged_received_trail', fakeScanContext({ relays: fakeRelays([], chain) })), true);
    const consistent = [
      pub('192.0.2.1', { rdns: 'mx.alpha.com', by: 'mx.ours.org' }),
      pub('192.0.2.2', { rdns: 'relay.beta.com', by: 'in.alpha.com' }),
      pub('192.0.2.3', { rdns: 'src.delta.com', by: 'x.beta.com' }),
    ];
    assert.equal(await runEval('check_for_forged_received_trail', fakeScanContext({ relays: fakeRelays([], consistent) })), false);
  });

  it('check_for_forged_received_ip_helo flags an IP HELO in another /16', async () => {
    const r = [pub('192.0.2.1', { helo: '203.0.113.5', by: 'mx.ours.org' })];
    assert.equal(await runEval('check_for_forged_received_ip_helo', fakeScanContext({ relays: fakeRelays([], r) })), true);
    const near = [pub('192.0.2.1', { helo: '192.0.9.5', by: 'mx.ours.org' })];
    assert.equal(await runEval('check_for_forged_received_ip_helo', fakeScanContext({ relays: fakeRelays([], near) })), false);
  });
});
