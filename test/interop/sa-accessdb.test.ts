/**
 * AccessDB against the installed SpamAssassin. The access maps are written
 * by Perl's DB_File (Berkeley DB 5.3, the library SpamAssassin reads them
 * with; sendmail's makemap writes the same format): first every pair read
 * back from files of both byte orders and two page sizes, with values long
 * enough for overflow pages and enough keys for bucket splits; then the
 * eval's verdicts message by message beside `spamassassin -t`: the From
 * address, `user@`, parent domains, the last untrusted relay's host name
 * and IP prefixes, `From:` keys, NUL-terminated keys, OK/SKIP ending the
 * look-up, a value Perl reads as false, and files that are missing or are
 * no database.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { readBerkeleyHash } from '../../src/engine/evals/access-db/berkeley-hash-file.js';
import { ourRulesHit, sideBySide } from '../helpers/sa-check.js';

const dir = mkdtempSync(join(tmpdir(), 'spamward-accessdb-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const WRITER = `
use strict; use DB_File; use Fcntl;
my ($path, $lorder, $bsize) = @ARGV;
my $info = DB_File::HASHINFO->new();
$info->{lorder} = $lorder if $lorder;
$info->{bsize} = $bsize if $bsize;
tie my %h, 'DB_File', $path, O_RDWR|O_CREAT|O_TRUNC, 0644, $info or die "tie $path: $!";
while (my $line = <STDIN>) { chomp $line; my ($k, $v) = split /\\t/, $line; $h{pack('H*', $k)} = pack('H*', $v // ''); }
untie %h or die "untie: $!";
`;

/** A hash database written by DB_File with the given pairs (byte order 1234 or 4321, page size). */
function writeDb(name: string, pairs: ReadonlyMap<string, string>, opts: { lorder?: number; pageSize?: number } = {}): string {
  const path = join(dir, name);
  const input = [...pairs].map(([k, v]) => `${Buffer.from(k, 'latin1').toString('hex')}\t${Buffer.from(v, 'latin1').toString('hex')}`).join('\n');
  try {
    execFileSync('perl', ['-e', WRITER, path, String(opts.lorder ?? 0), String(opts.pageSize ?? 0)], { input: `${input}\n` });
  } catch (err) {
    throw new Error(`Perl's DB_File could not write ${path} (apt-get install -y spamassassin brings perl): ${(err as Error).message}`);
  }
  return path;
}

describe('Berkeley DB hash files as Perl DB_File writes them', () => {
  const pairs = new Map<string, string>();
  for (let i = 0; i < 5000; i++) pairs.set(`filler-${i}.example`, i % 3 === 0 ? 'RELAY' : `REJECT ${i}`);
  pairs.set('From:long@long.example', `REJECT ${'x'.repeat(3000)}`);
  pairs.set(`key-${'k'.repeat(1500)}`, 'OK');
  pairs.set('bytes\0\xff\x80', '\0\x01value\xe9');
  pairs.set('empty', '');

  for (const [label, opts] of [
    ['little-endian, 4096-byte pages', {}],
    ['big-endian, 512-byte pages', { lorder: 4321, pageSize: 512 }],
  ] as const) {
    test(`${label}: every pair read back`, () => {
      const read = readBerkeleyHash(readFileSync(writeDb(`pairs-${opts.pageSize ?? 4096}.db`, pairs, opts)));
      assert.equal(read.size, pairs.size);
      for (const [k, v] of pairs) assert.equal(read.get(k), v, `key ${k.slice(0, 40)}`);
    });
  }

  test('a file that is no hash database is refused with a reason', () => {
    assert.throws(() => readBerkeleyHash(Buffer.alloc(8192)), /not a Berkeley DB hash file/);
    const db = readFileSync(writeDb('short.db', new Map([['a', 'b']])));
    assert.throws(() => readBerkeleyHash(db.subarray(0, 300)), /too short/);
  });
});

const ACCESS = new Map<string, string>([
  ['From:spammer@bad.example', 'REJECT'],
  ['bulk.example', 'ERROR:550 5.7.1 no bulk'],
  ['From:friend@', 'OK'],
  ['192.0.2', '550 go away'],
  ['relay.dirty.example', 'DISCARD'],
  ['nulkey.example\0', 'REJECT'],
  ['zero.example', '0'],
  ['skip.example', 'SKIP'],
  ['lower.example', 'reject'],
  ['From:long@long.example', `REJECT ${'y'.repeat(3000)}`],
  ['relay-ok.example', 'RELAY'],
]);

function message(from: string, relay: string): Buffer {
  return Buffer.from(
    `Received: from ${relay} by mx.spamward.example (Postfix) with ESMTP id 4ABC; Mon, 2 Mar 2026 10:00:00 +0000\n` +
      `From: ${from}\nTo: bob@spamward.example\nSubject: access map\nDate: Mon, 2 Mar 2026 10:00:00 +0000\n` +
      `Message-ID: <${from.replace(/\W/g, '')}.${relay.replace(/\W/g, '')}@accessdb.example>\n\nHello.\n`,
    'latin1',
  );
}

const CLEAN_RELAY = 'mail.clean.example (mail.clean.example [198.51.100.20])';
const MESSAGES: Record<string, Buffer> = {
  'From address': message('spammer@bad.example', CLEAN_RELAY),
  'parent domain, ERROR': message('x@mail.bulk.example', CLEAN_RELAY),
  'user@ OK before its domain': message('friend@bulk.example', CLEAN_RELAY),
  'relay IP prefix, a number': message('a@clean.example', 'mail.clean.example (mail.clean.example [192.0.2.7])'),
  'relay host name': message('a@clean.example', 'mx1.relay.dirty.example (mx1.relay.dirty.example [198.51.100.3])'),
  'relay without a host name': message('a@clean.example', 'unknown (unknown [198.51.100.4])'),
  'NUL-terminated key': message('a@nulkey.example', CLEAN_RELAY),
  'value Perl reads as false': message('a@zero.example', CLEAN_RELAY),
  'SKIP ends the look-up': message('a@skip.example', 'mail.clean.example (mail.clean.example [192.0.2.9])'),
  'value in lower case': message('a@lower.example', CLEAN_RELAY),
  'value on overflow pages': message('long@long.example', CLEAN_RELAY),
  'RELAY is neither': message('a@relay-ok.example', CLEAN_RELAY),
  'nothing listed': message('a@clean.example', CLEAN_RELAY),
};

describe('check_access_database as the installed SpamAssassin answers it', () => {
  const db = writeDb('access.db', ACCESS);
  const text = join(dir, 'access.txt');
  writeFileSync(text, 'From:spammer@bad.example REJECT\n');
  const pre = 'loadplugin Mail::SpamAssassin::Plugin::AccessDB';
  const cf = [
    'use_bayes 0', 'report_safe 0',
    `header SW_ACCESS eval:check_access_database('${db}')`,
    `header SW_ACCESS_MISSING eval:check_access_database('${join(dir, 'missing.db')}')`,
    `header SW_ACCESS_TEXT eval:check_access_database('${text}')`,
    'score SW_ACCESS 0.01', 'score SW_ACCESS_MISSING 0.01', 'score SW_ACCESS_TEXT 0.01',
  ];
  const outputs = sideBySide([pre], Object.values(MESSAGES).map((raw) => ({ raw, cf })));
  const expectHit = new Set(['From address', 'parent domain, ERROR', 'relay IP prefix, a number', 'relay host name', 'NUL-terminated key', 'value in lower case', 'value on overflow pages']);
  for (const [name, raw] of Object.entries(MESSAGES)) {
    test(name, async () => {
      const both = await outputs({ raw, cf });
      const [ours, theirs] = [ourRulesHit(both.ours), ourRulesHit(both.theirs)];
      assert.equal(ours, theirs);
      assert.equal(theirs, expectHit.has(name) ? 'SW_ACCESS' : '', 'the case tests what its name says');
    });
  }
});
