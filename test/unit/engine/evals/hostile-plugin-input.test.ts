/**
 * The patterns of AuthRes and OLEVBMacro that backtrack in SpamAssassin's
 * Perl, reimplemented to run in one pass: the same answers as the plugin's
 * own regex on small random inputs, and bounded time on inputs built to make
 * the regex take the square (or worse) of their length.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAuthResHeader } from '../../../../src/engine/evals/auth-results/authres-header.js';
import { hasExecutableDownloadLink } from '../../../../src/engine/evals/ole-macro/office-markers.js';
import { readZip } from '../../../../src/engine/evals/ole-macro/zip-archive.js';
import { zip } from '../../../helpers/zip-writer.js';

/** The plugin's exe_marker1 as Perl compiles it from its double-quoted string, case-insensitive. */
const PLUGIN_EXE_MARKER = /\x00(https?:\/\/[-a-z0-9+&@#/%?=~_|!:,.;]{5,1000}[-a-z0-9+&@#/%=~_|]{5,1000}[^\n](?:exe|cmd|bat))[\x06|\x00]/i;

function seeded(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 8) / 16777216;
}

test('the executable-download search answers as the plugin regex on random short inputs', () => {
  const rand = seeded(7);
  const pieces = ['\x00http://', '\x00HTTPS://', 'a', 'b', '.', '?', '/', 'exe', 'cmd', '|', '\x00', '\x06', '\n', ' ', '-', 'x'];
  for (let n = 0; n < 20000; n++) {
    let data = '';
    const len = 1 + Math.floor(rand() * 30);
    for (let i = 0; i < len; i++) data += pieces[Math.floor(rand() * pieces.length)];
    assert.equal(hasExecutableDownloadLink(data), PLUGIN_EXE_MARKER.test(data), JSON.stringify(data));
  }
});

test('the executable-download search stays linear on endings packed into one long URL', () => {
  const data = `\x00http://${'xexe|'.repeat(200_000)}`;
  const t = process.hrtime.bigint();
  const found = hasExecutableDownloadLink(data);
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  assert.equal(found, true);
  assert.ok(ms < 5000, `${ms} ms for 1 MB`);
  assert.equal(hasExecutableDownloadLink(`\x00http://${'x'.repeat(1_000_000)}`), false);
});

test('an Authentication-Results value that nothing ends is read in one pass', () => {
  const value = `mx.example.net; spf=pass smtp.mailfrom=<${'a'.repeat(1_000_000)}<`;
  const t = process.hrtime.bigint();
  assert.throws(() => parseAuthResHeader('Authentication-Results', value, { trusted: new Set(), ignored: new Set() }));
  assert.ok(Number(process.hrtime.bigint() - t) / 1e6 < 5000);
});

test('a zip member that inflates past the limit gives no contents; a damaged directory gives no archive', () => {
  const bomb = zip([{ name: 'big.bin', data: Buffer.alloc(40 * 1024 * 1024), deflate: true }, { name: 'small.txt', data: 'hello', deflate: true }]);
  assert.ok(bomb.length < 100 * 1024);
  const members = readZip(bomb);
  assert.equal(members?.length, 2);
  assert.equal(members?.[0]?.contents(), undefined);
  assert.equal(members?.[1]?.contents()?.toString(), 'hello');
  assert.equal(readZip(Buffer.concat([bomb.subarray(0, 100), bomb.subarray(bomb.length - 22)])), undefined);
  assert.equal(readZip(Buffer.from('PK\x03\x04 not a zip')), undefined);
});
