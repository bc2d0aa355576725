import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import yargs from 'yargs';
import { addEngineFlags, daemonEngineOptions, engineOptionsFrom, type EngineFlagValues } from '../../../src/cli/engine-flags.js';
import { serverOptionsFrom } from '../../../src/spamd/daemon.js';
import { addDaemonFlags, type DaemonFlagValues } from '../../../src/spamd/options.js';
import { ConfigError } from '../../../src/util/errors.js';

function parse(args: string[]) {
  const argv = addDaemonFlags(addEngineFlags(yargs())).strict().parseSync(args);
  return { flags: argv as unknown as DaemonFlagValues, engine: engineOptionsFrom(argv as EngineFlagValues) };
}

describe('spamd command line', () => {
  it('takes spamd letters and defaults', () => {
    const { flags, engine } = parse(['-L', '-x', '-l', '-m', '3', '-i', '127.0.0.1:7830', '-i', '/run/spamward/s.sock', '-A', '10.0.0.0/8', '-A', '::1', '--timeout-tcp', '5', '-s', 'stderr']);
    const o = serverOptionsFrom(flags);
    assert.deepEqual(o.listen, [
      { kind: 'tcp', host: '127.0.0.1', port: 7830, tls: false },
      { kind: 'unix', path: '/run/spamward/s.sock' },
    ]);
    assert.deepEqual(o.allowedIps, ['10.0.0.0/8', '::1']);
    assert.deepEqual([o.maxChildren, o.allowTell, o.timeoutTcp, o.timeoutChild, o.userPrefs.noUserConfig], [3, true, 5, 300, true]);
    assert.deepEqual([engine.localTestsOnly, engine.noUserConfig], [true, true]);
  });

  it('defaults to loopback on port 783 and loopback peers', () => {
    const o = serverOptionsFrom(parse([]).flags);
    assert.deepEqual(o.listen.map((l) => (l.kind === 'tcp' ? `${l.host}:${l.port}` : l.path)), ['127.0.0.1:783', '::1:783']);
    assert.deepEqual(o.allowedIps, ['127.0.0.1', '::1']);
    assert.equal(o.unixSocket.mode, 0o666);
  });

  it('socket options and virtual config dir', () => {
    const o = serverOptionsFrom(parse(['--socketpath', '/run/x.sock', '--socketmode', '0660', '--socketowner', '0', '--virtual-config-dir', '/v/%u']).flags);
    assert.deepEqual(o.listen, [{ kind: 'unix', path: '/run/x.sock' }]);
    assert.deepEqual(o.unixSocket, { mode: 0o660, uid: 0 });
    assert.equal(o.userPrefs.virtualConfigDir, '/v/%u');
  });

  it('TLS without key and certificate is a configuration error', () => {
    assert.throws(() => serverOptionsFrom(parse(['--ssl']).flags), ConfigError);
    assert.throws(() => serverOptionsFrom(parse(['-i', 'ssl:127.0.0.1']).flags), ConfigError);
  });
});

describe('a daemon\'s engine options', () => {
  it('-x keeps the engine reading preferences named by --sql-config or --virtual-config-dir (spamd, milter, serve)', () => {
    const argv = { 'nouser-config': true } as EngineFlagValues;
    assert.equal(daemonEngineOptions(argv, {}).noUserConfig, true);
    assert.equal(daemonEngineOptions(argv, { 'sql-config': true }).noUserConfig, false);
    assert.equal(daemonEngineOptions(argv, { 'sql-config': false, 'virtual-config-dir': '/v/%d/%l' }).noUserConfig, false);
    assert.equal(daemonEngineOptions({} as EngineFlagValues, {}).noUserConfig, false);
  });
});
