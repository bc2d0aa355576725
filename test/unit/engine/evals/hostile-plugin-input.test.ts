/**
 * The patterns of AuthRes, OLEVBMacro and ASN that backtrack in SpamAssassin's
 * Perl, reimplemented to run in one pass: the same answers as the plugin's
 * own regex on small random inputs, and bounded time on inputs built to make
 * the regex take the square (or worse) of their length. And the readers of
 * this session's plugins (ZIP, Berkeley DB hash files, Authentication-Results)
 * on thousands of mutated inputs: each is read or refused, none hangs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAuthResHeader } from '../../../../src/engine/evals/auth-results/authres-header.js';
import { hasExecutableDownloadLink } from '../../../../src/engine/evals/ole-macro/office-markers.js';
import { readZip } from '../../../../src/engine/evals/ole-macro/zip-archive.js';
import { readBerkeleyHash } from '../../../../src/engine/evals/access-db/berkeley-hash-file.js';
import { asnRecord } from '../../../../src/engine/evals/net/asn-answer.js';
import { gunzipSync } from 'node:zlib';
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

/** The ASN plugin's reading of a TXT record, with its own patterns, as a reference for short inputs. */
function pluginAsnRecord(strings: string[]): { asns: string[]; routes: string[] } {
  const list = /(?:(?:^|\s+)(?:AS)?\d+)+$/i;
  const split = (text: string, re: RegExp) => {
    const parts = text.split(re);
    while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
    return parts;
  };
  let items: string[];
  if (strings.length > 1 && !strings.join('').includes('|')) {
    items = [...strings];
    if (items.length >= 3 && !items[1]!.includes('/') && /^\d+$/.test(items[2]!)) items[1] += `/${items[2]}`;
  } else items = split(strings.join(' '), /\s*\|\s*/);
  const words = (text: string | undefined) => (text === undefined ? [] : text.split(/\s+/).filter(Boolean));
  if (items.length > 0 && list.test(items[0]!)) return { asns: words(items[0]), routes: words(items[1]) };
  if (items.length > 1 && list.test(items[1]!)) return { asns: words(items[1]), routes: words(items[0]) };
  return { asns: [], routes: [] };
}

test('an ASN record is read as the plugin reads it, in one pass', () => {
  const rand = seeded(11);
  const pieces = ['1', '23', 'AS', 'as', ' ', '\t', '|', ' | ', 'x', '/', '0'];
  for (let n = 0; n < 20000; n++) {
    const strings = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => {
      let text = '';
      for (let i = Math.floor(rand() * 8); i > 0; i--) text += pieces[Math.floor(rand() * pieces.length)];
      return text;
    });
    assert.deepEqual(asnRecord(strings), pluginAsnRecord(strings), JSON.stringify(strings));
  }
  // The plugin's patterns take seconds on these 64 KB records (quadratic); a DNS answer can carry one.
  for (const record of ['1 '.repeat(32_000) + 'x', `|${' '.repeat(64_000)}x|`]) {
    const t = process.hrtime.bigint();
    asnRecord([record]);
    assert.ok(Number(process.hrtime.bigint() - t) / 1e6 < 500, 'linear');
  }
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

/** `valid` with a few bytes overwritten, inserted or cut, as a fuzzer would. */
function mutate(valid: Buffer, rand: () => number): Buffer {
  let out = Buffer.from(valid);
  const edits = 1 + Math.floor(rand() * 6);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rand() * Math.max(1, out.length));
    const kind = rand();
    if (kind < 0.5) out[at] = Math.floor(rand() * 256);
    else if (kind < 0.75) out = Buffer.concat([out.subarray(0, at), Buffer.from([Math.floor(rand() * 256), 0xff, 0xff, 0xff]), out.subarray(at)]);
    else out = Buffer.concat([out.subarray(0, at), out.subarray(at + 1 + Math.floor(rand() * 64))]);
  }
  return out;
}

/** Runs `fn` on 3,000 mutations of `valid`: each must return or throw, and all together within the bound. */
function survivesMutations(valid: Buffer, fn: (input: Buffer) => unknown, seed: number): void {
  const rand = seeded(seed);
  const started = Date.now();
  for (let i = 0; i < 3000; i++) {
    const input = mutate(valid, rand);
    try {
      fn(input);
    } catch (err) {
      assert.ok(err instanceof Error, `a non-error thrown for input ${i}`);
    }
  }
  assert.ok(Date.now() - started < 20_000, 'mutated inputs took too long');
}

test('mutated zips, Authentication-Results values and Office files: every one answered, nothing hangs', () => {
  const docx = zip([
    { name: '[Content_Types].xml', data: '<Types/>', deflate: true },
    { name: 'word/vbaProject.bin', data: `\xd0\xcf\x11\xe0${'\x00'.repeat(300)}AutoOpen`, deflate: true },
    { name: 'word/_rels/document.xml.rels', data: '<Relationship Target="http://x.example/a" TargetMode="External"/>' },
  ]);
  survivesMutations(docx, (input) => readZip(input)?.forEach((m) => m.contents()), 1);
  const header = Buffer.from('mx.example.net (c (nested)); spf=pass (ok) smtp.mailfrom="a@b.example"; dkim=fail reason="x y" header.d=b.example; arc=pass smtp.remote-ip=192.0.2.1');
  survivesMutations(header, (input) => parseAuthResHeader('ARC-Authentication-Results', `i=1; ${input.toString('latin1')}`, { trusted: new Set(), ignored: new Set() }), 2);
  survivesMutations(Buffer.from(`\x00http://download.example.com/path/file.exe\x00 cmd /c ms^h^ta`, 'latin1'), (input) => hasExecutableDownloadLink(input.toString('latin1')), 3);
});

/** A 512-byte-page hash database Perl's DB_File wrote (three pairs, one on an overflow page), gzip and base64. */
const SMALL_DB = gunzipSync(Buffer.from('H4sICFx+CmsCA3NtYWxsLmRiAGNgYGBgZICARFE2Bk4QgwmIOSBiLAyYwOmAAgPDPwaG6arxh2tSIGKMSOaAADMQX+zNiEMXHwWDD6DHERPDe0YG3t+M70cjbrgB5jSpx6CsuQeYxRlz8vPSYfHPhKSIheE2MP7fM75gvMd4m5G8/M8wmv8HPFv7ezMm66VWJOYW5KQyBrl6uTqHMLoV5edaJTokwcRhccfMgCjvGRmeMTKwV4yCEQBg8c+ClAYYGa4xDNf4Hy0WUAEAA22+SwAKAAA=', 'base64'));

test('a mutated Berkeley DB hash file is read or refused, never hangs', () => {
  const pairs = readBerkeleyHash(SMALL_DB);
  assert.equal(pairs.get('From:a@b.example'), 'REJECT');
  assert.equal(pairs.get('long'), 'x'.repeat(700));
  survivesMutations(SMALL_DB, (input) => readBerkeleyHash(input), 4);
});
