import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listenSpecs, parseListenSpec } from '../../../src/spamd/listen-spec.js';

describe('-i/--listen', () => {
  it('reads spamd listen specs', () => {
    assert.deepEqual(parseListenSpec('127.0.0.1', 783, false), [{ kind: 'tcp', host: '127.0.0.1', port: 783, tls: false }]);
    assert.deepEqual(parseListenSpec('127.0.0.1:7830', 783, false), [{ kind: 'tcp', host: '127.0.0.1', port: 7830, tls: false }]);
    assert.deepEqual(parseListenSpec('[::1]:7830', 783, false), [{ kind: 'tcp', host: '::1', port: 7830, tls: false }]);
    assert.deepEqual(parseListenSpec('ssl:[::1]', 783, false), [{ kind: 'tcp', host: '::1', port: 783, tls: true }]);
    assert.deepEqual(parseListenSpec('*', 783, true), [{ kind: 'tcp', host: '::', port: 783, tls: true }]);
    assert.deepEqual(parseListenSpec('', 783, false), [{ kind: 'tcp', host: '::', port: 783, tls: false }]);
    assert.deepEqual(parseListenSpec(':8000', 783, false), [{ kind: 'tcp', host: '::', port: 8000, tls: false }]);
    assert.deepEqual(parseListenSpec('/run/spamd.sock', 783, false), [{ kind: 'unix', path: '/run/spamd.sock' }]);
  });

  it('defaults to loopback; --socketpath alone disables TCP', () => {
    assert.deepEqual(listenSpecs({ listen: [], port: 783, ssl: false }), [
      { kind: 'tcp', host: '127.0.0.1', port: 783, tls: false },
      { kind: 'tcp', host: '::1', port: 783, tls: false },
    ]);
    assert.deepEqual(listenSpecs({ listen: [], port: 783, ssl: false, socketpath: '/s' }), [{ kind: 'unix', path: '/s' }]);
  });

  it('refuses a bad port', () => {
    assert.throws(() => parseListenSpec('1.2.3.4:99999', 783, false));
  });
});

describe('--ssl-port (as spamd 4.0.1 does it)', () => {
  it('makes every TCP socket TLS, on the TLS port unless the spec names one', () => {
    assert.deepEqual(listenSpecs({ listen: ['127.0.0.1', '127.0.0.2:999', '/run/s.sock'], port: 783, ssl: false, sslPort: 7830 }), [
      { kind: 'tcp', host: '127.0.0.1', port: 7830, tls: true },
      { kind: 'tcp', host: '127.0.0.2', port: 999, tls: true },
      { kind: 'unix', path: '/run/s.sock' },
    ]);
  });
  it('leaves no plain socket on --port by default', () => {
    assert.deepEqual(listenSpecs({ listen: [], port: 783, ssl: false, sslPort: 7830 }), [
      { kind: 'tcp', host: '127.0.0.1', port: 7830, tls: true },
      { kind: 'tcp', host: '::1', port: 7830, tls: true },
    ]);
  });
});
