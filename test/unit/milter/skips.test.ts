import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clientAddress, inNetworks, parseNetworks, skipHooks } from '../../../milter/skips.js';
import { SpamwardError } from '../../../src/util/errors.js';

test('networks match v4, v6, Sendmail IPv6: prefix and v4-mapped addresses', () => {
  const nets = parseNetworks(['10.0.0.0/8', '2001:db8::/32', '192.0.2.7']);
  assert.equal(inNetworks('10.1.2.3', nets), true);
  assert.equal(inNetworks('11.1.2.3', nets), false);
  assert.equal(inNetworks('IPv6:2001:db8::5', nets), true);
  assert.equal(inNetworks('::ffff:10.0.0.1', nets), true);
  assert.equal(inNetworks('192.0.2.7', nets), true);
  assert.equal(inNetworks('garbage', nets), false);
  assert.equal(clientAddress('[127.0.0.1]')?.toString(), '127.0.0.1');
});

test('bad network text is a config error', () => {
  assert.throws(() => parseNetworks(['10.0.0.0/99']), SpamwardError);
  assert.throws(() => parseNetworks(['example.com']), SpamwardError);
});

test('hooks: trusted networks skip the connection, {auth_authen} skips the message', () => {
  const h = skipHooks({ trustedNetworks: ['127.0.0.0/8'], skipAuthenticated: true });
  assert.match(h.skipConnection({ hostname: 'l', family: 'inet', port: 1, address: '127.0.0.1' }, {}) ?? '', /trusted/);
  assert.equal(h.skipConnection({ hostname: 'l', family: 'unix', port: 0, address: '/sock' }, {}), null);
  assert.match(h.skipMessage('<a@b>', { auth_authen: 'alice' }) ?? '', /alice/);
  assert.equal(skipHooks({ trustedNetworks: [], skipAuthenticated: false }).skipMessage('<a@b>', { auth_authen: 'alice' }), null);
});
