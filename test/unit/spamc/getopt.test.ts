import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { atoi, parseSpamcArgs } from '../../../spamc/getopt.js';
import { modeOf } from '../../../spamc/options.js';

function ok(args: string[]) {
  const r = parseSpamcArgs(args);
  assert.equal(r.kind, 'ok', JSON.stringify(r));
  return r.options;
}

function fails(args: string[]) {
  const r = parseSpamcArgs(args);
  assert.ok(r.kind === 'exit' && r.code === 64, JSON.stringify(args));
  return r;
}

describe('spamc option parser', () => {
  it('reads every option with its argument', () => {
    const o = ok(['-d', 'a,b', '-p', '7830', '-u', 'alice', '-s', '1000', '-t', '9', '-n', '4', '--connect-retries', '2', '--retry-sleep', '0', '--filter-retries', '3', '--filter-retry-sleep', '2', '-H', '-4', '-l', '-z', '-B']);
    assert.deepEqual(o.hosts, ['a', 'b']);
    assert.equal(o.port, 7830);
    assert.equal(o.user, 'alice');
    assert.equal(o.maxSize, 1000);
    assert.equal(o.timeout, 9);
    assert.equal(o.connectTimeout, 4);
    assert.deepEqual([o.connectRetries, o.retrySleep, o.filterRetries, o.filterRetrySleep], [2, 0, 3, 2]);
    assert.deepEqual([o.randomize, o.family, o.logToStderr, o.compress, o.bsmtp], [true, 4, true, true, true]);
    assert.equal(ok(['-U', '/run/spamd.sock']).socketPath, '/run/spamd.sock');
  });

  it('picks the request by spamc priority, TELL first', () => {
    assert.equal(modeOf(ok([])), 'process');
    assert.equal(modeOf(ok(['-y', '-R', '-c'])), 'check');
    assert.equal(modeOf(ok(['-y', '-R', '-r'])), 'report_ifspam');
    assert.equal(modeOf(ok(['-y', '-R'])), 'report');
    assert.equal(modeOf(ok(['-K', '-y'])), 'symbols');
    assert.equal(modeOf(ok(['--headers', '-K'])), 'ping');
    assert.equal(modeOf(ok(['--headers'])), 'headers');
    assert.equal(modeOf(ok(['-L', 'spam'])), 'learn');
    assert.equal(modeOf(ok(['-C', 'revoke', '-E'])), 'report_msg');
  });

  it('only the first letter of a bundle counts', () => {
    const o = ok(['-cK']);
    assert.equal(o.check, true);
    assert.equal(o.ping, false);
  });

  it('never takes an attached argument', () => {
    const r = fails(['-p17911', '-c']);
    assert.ok(r.kind === 'exit');
    assert.equal(r.stderr, 'Error in argument 1, char 2: argument required for option p\n');
    assert.equal(r.usage, true);
  });

  it('refuses an argument word starting with "-"', () => {
    const r = fails(['-c', '-p', '-5']);
    assert.ok(r.kind === 'exit' && r.stderr === 'Error in argument 2, char 2: argument required for option p\n');
  });

  it('wants long names in full, with "=" or the next word', () => {
    const r = fails(['--po', '1']);
    assert.ok(r.kind === 'exit' && r.stderr === 'Error in argument 1 : option not found --po\n');
    assert.equal(ok(['--port=99']).port, 99);
    assert.equal(ok(['--port', '98']).port, 98);
    const missing = fails(['--port']);
    assert.ok(missing.kind === 'exit' && missing.stderr === 'Error in argument 1 : argument required for option --port\n');
    assert.equal(ok(['--check=foo']).check, true);
  });

  it('names unknown short options', () => {
    const r = fails(['-K', '-p', '1', '-ZZ']);
    assert.ok(r.kind === 'exit' && r.stderr === 'Error in argument 4, char 2: option not found Z\n');
  });

  it('stops at the first non-option word, a lone "-", or "--"', () => {
    assert.equal(ok(['-p', '783', 'foo', '-c']).check, false);
    assert.equal(ok(['-', '-c']).check, false);
    assert.equal(ok(['--', '-c']).check, false);
  });

  it('-e takes all remaining words as the command', () => {
    const o = ok(['-c', '-e', '/bin/cat', '-n', 'x']);
    assert.deepEqual(o.pipeTo, ['/bin/cat', '-n', 'x']);
    fails(['-e']);
  });

  it('short -S takes no argument; --ssl refuses an explicit version', () => {
    assert.equal(ok(['-S', 'xyz', '-K']).ping, false);
    fails(['--ssl', 'tlsv1']);
    fails(['--ssl=tlsv1']);
    assert.equal(ok(['--ssl', '-K']).ssl, true);
  });

  it('--ssl-cert and --ssl-key go together', () => {
    fails(['--ssl-cert', 'a', '-K']);
    const o = ok(['--ssl-cert', 'a', '--ssl-key', 'b']);
    assert.deepEqual([o.sslCert, o.sslKey], ['a', 'b']);
  });

  it('learn and report types are checked, and learning excludes other modes', () => {
    fails(['-L', 'bad']);
    fails(['-C', 'bad']);
    for (const other of ['-c', '-K', '-r', '-R', '-y']) fails(['-L', 'spam', other]);
    fails(['-L', 'spam', '-C', 'report']);
  });

  it('-X counts only after -x', () => {
    assert.equal(ok(['-x', '-X']).unavailableTempfail, true);
    const before = parseSpamcArgs(['-X', '-x']);
    assert.ok(before.kind === 'ok' && !before.options.unavailableTempfail && before.warnings.length === 1);
  });

  it('limits -s to 256 MiB', () => {
    fails(['-s', '300000000']);
    assert.equal(ok(['-s', '268435456']).maxSize, 268435456);
  });

  it('-t also sets the connect timeout unless -n came first', () => {
    assert.equal(ok(['-t', '7']).connectTimeout, 7);
    assert.equal(ok(['-n', '3', '-t', '7']).connectTimeout, 3);
    assert.equal(ok([]).connectTimeout, undefined);
  });

  it('numbers are read with atoi; zero retries mean the default', () => {
    assert.equal(atoi('12abc'), 12);
    assert.equal(atoi('abc'), 0);
    assert.equal(ok(['-p', 'junk']).port, 0);
    assert.equal(ok(['--connect-retries', '0']).connectRetries, 3);
    assert.equal(ok(['--retry-sleep=-1']).retrySleep, 1);
    fails(['--retry-sleep', '-1']);
  });

  it('-h and -V end parsing with exit 0; -f is accepted', () => {
    const h = parseSpamcArgs(['-h', '-j']);
    assert.ok(h.kind === 'exit' && h.code === 0 && h.usage);
    const v = parseSpamcArgs(['-V']);
    assert.ok(v.kind === 'exit' && v.code === 0 && !v.usage && v.options.version);
    ok(['-f']);
  });
});
