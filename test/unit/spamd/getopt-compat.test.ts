import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expandAbbreviations, refuseUnsupported, withoutEffectNotes } from '../../../src/spamd/getopt-compat.js';

describe("spamd's command line as Getopt::Long reads it", () => {
  it('expands unique abbreviations of long options, keeping values and negations', () => {
    assert.deepEqual(expandAbbreviations(['--max-child=5', '--dae', '--allowed', '127.0.0.1', '--nodaem', '--no-loc', '--virtual-config=/v/%u']), [
      '--max-children=5', '--daemonize', '--allowed-ips', '127.0.0.1', '--no-daemonize', '--no-local', '--virtual-config-dir=/v/%u',
    ]);
  });
  it('leaves exact names, ambiguous prefixes, short options and what follows -- alone', () => {
    assert.deepEqual(expandAbbreviations(['--ssl', '--timeout', '3', '--max', '-m', '5', '--', '--dae']), ['--ssl', '--timeout', '3', '--max', '-m', '5', '--', '--dae']);
  });
  it('refuses setuid-with-SQL, LDAP and vpopmail preferences with the reason; reads SQL ones with -q', () => {
    assert.throws(() => refuseUnsupported({ 'setuid-with-sql': true }), /--setuid-with-sql: a setuid per user with SQL preferences \(-Q; -q reads them without\) is not supported/);
    assert.throws(() => refuseUnsupported({ 'ldap-config': true }), /LDAP/);
    assert.throws(() => refuseUnsupported({ vpopmail: true }), /vpopmail/);
    assert.doesNotThrow(() => refuseUnsupported({ 'sql-config': true, 'ldap-config': undefined }));
  });
  it('names each accepted option that has no effect, once', () => {
    assert.deepEqual(withoutEffectNotes({ 'max-conn-per-child': 50, 'min-spare': undefined, timing: true }), [
      '--timing has no effect: the per-message log line already has the scan time',
    ]);
  });
});
