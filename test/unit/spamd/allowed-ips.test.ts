import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AllowedIps, DEFAULT_ALLOWED_IPS } from '../../../src/spamd/allowed-ips.js';
import { ConfigError } from '../../../src/util/errors.js';

describe('--allowed-ips', () => {
  it('defaults to loopback, v4 and v6, including v4-mapped peers', () => {
    const a = new AllowedIps(DEFAULT_ALLOWED_IPS);
    assert.ok(a.allows('127.0.0.1'));
    assert.ok(a.allows('::1'));
    assert.ok(a.allows('::ffff:127.0.0.1'));
    assert.ok(!a.allows('127.0.0.2'));
    assert.ok(!a.allows('10.1.2.3'));
    assert.ok(!a.allows(undefined));
  });

  it('reads CIDR lists, bracketed IPv6 and trailing-dot prefixes, repeatable', () => {
    const a = new AllowedIps(['10.0.0.0/8,192.168.', '[2001:db8::]/32', '172.16.5.4']);
    assert.ok(a.allows('10.200.1.1'));
    assert.ok(a.allows('192.168.77.1'));
    assert.ok(!a.allows('192.169.0.1'));
    assert.ok(a.allows('2001:db8:1::5'));
    assert.ok(!a.allows('2001:db9::1'));
    assert.ok(a.allows('172.16.5.4'));
    assert.ok(!a.allows('172.16.5.5'));
    assert.ok(a.allows('::ffff:10.0.0.1'));
  });

  it('refuses host names and junk', () => {
    assert.throws(() => new AllowedIps(['mail.example.com']), ConfigError);
    assert.throws(() => new AllowedIps(['10.0.0.0/99']), ConfigError);
  });
});
